#pragma once
// Partial supervision by design (Fontana et al., review of MTL with partial supervision, §3.11 of
// the seed papers): each task keeps the labels of a fraction of the training samples only.
//
// `labelled_fraction` is one number for every task ([0.1]) or one per task in task order
// ([1, 0.05]), each in [0, 1]. For task t, round((1 - f_t) * |train|) training samples, drawn
// without replacement from a stream seeded by (seed, t), lose their label for that task; the draws
// of different tasks are independent, so a sample may be labelled for some tasks and not others
// (the "partially annotated" setting). Validation and test samples keep every label: the model is
// selected and measured on fully labelled data, as in the partial-supervision benchmarks.
#include "data/multi_task_dataset.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mtw::data {

// The list for `taskCount` tasks (one number repeated, or one per task); std::invalid_argument
// says what is wrong (count, range) without a key: the caller prefixes its key path.
std::vector<double> labelledFractions(const std::vector<double>& given, int taskCount);

// Whether every fraction is 1 (nothing to unlabel).
bool allLabelled(const std::vector<double>& fractions);

// Unlabels the training samples as described above.
void keepLabelledFractions(MultiTaskDataset& dataset, const std::vector<double>& fractions, std::uint64_t seed);

} // namespace mtw::data
