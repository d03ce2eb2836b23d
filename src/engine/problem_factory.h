#pragma once
// Builds an experiment's problem exactly as a run does (trainer, landscape views, validation):
// the problem and model parameters with their schema defaults filled in.
#include "engine/experiment.h"
#include "problem/problem_registry.h"

#include <memory>

namespace mtw::engine {

// Throws ExperimentError for an unknown problem type.
problem::ProblemContext problemContext(const Experiment& experiment);
std::unique_ptr<problem::MultiTaskProblem> createProblem(const Experiment& experiment);

} // namespace mtw::engine
