#pragma once
// The `labelled_fraction` parameter of the data problems (MultiFashion, Fashion MTL, the synthetic
// family): partial supervision by design (data/labelled_fraction.h), one definition for all.
#include "core/parameter_schema.h"
#include "data/multi_task_dataset.h"
#include "problem/problem_registry.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mtw::problem {

core::ParameterSpec labelledFractionParameter();

// A located error for a list that does not fit `taskCount` tasks.
std::optional<std::string> checkLabelledFraction(const ProblemContext& context, int taskCount);

// The data set with each task's labels kept on its fraction of the training samples.
data::MultiTaskDataset withLabelledFraction(
    data::MultiTaskDataset dataset, const std::vector<double>& fractions, std::uint64_t seed);

} // namespace mtw::problem
