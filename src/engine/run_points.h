#pragma once
// Points of stored runs in parameter space, and the losses along the line between two of them:
// what the planes and interpolations that join runs need (the GUI's Landscape view, `mtw-cli
// landscape --points` and `mtw-cli interpolate`).
//  * end: the last parameter snapshot (diagnostics.parameters_every stores one at the end) or
//    the checkpoint's parameters, whichever is at the later step (checkpoints hold float
//    parameters in double, so both are the run's own values);
//  * start: the snapshot at step 0, else the initial parameters reproduced from the seed as the
//    trainer draws them.
// Runs can be joined only when they train the same model: the same problem, problem parameters
// and model (single-task baselines share their multi-task run's network: engine/single_task_baselines.h).
#include "analysis/loss_interpolation.h"
#include "engine/experiment.h"

#include <atomic>
#include <string>

namespace mtw::engine {

struct RunPoint {
    core::Vector parameters;
    long long step = 0;
    std::string source; // "parameter snapshot", "checkpoint", "seed"
};

// The run's initial parameters, reproduced from its seed as the trainer draws them.
core::Vector initialParameters(const Experiment& experiment);

// Throw RunStoreError naming the directory and how to store what is missing.
RunPoint runEndPoint(const std::string& directory);
RunPoint runStartPoint(const std::string& directory, const Experiment& experiment);

// The first key where the two set-ups train different models ("problem.params.tasks: 3 and 4"),
// or empty when the same parameter vector means the same network in both.
std::string modelDifference(const Experiment& a, const Experiment& b);

// Losses along (1 - alpha) a + alpha b on the problem of `experiment` (analysis/loss_interpolation.h).
analysis::LossInterpolation interpolateRunLosses(const Experiment& experiment, const core::Vector& a,
    const core::Vector& b, const std::vector<double>& alphas, const std::atomic<bool>* cancel = nullptr);

} // namespace mtw::engine
