#pragma once
// Single-task baselines of a multi-task experiment, for the single-task vs multi-task protocol of
// D. Mueller, M. Dredze, N. Andrews (TMLR 2024), "Can Optimization Trajectories Explain
// Multi-Task Transfer?": per task, the same experiment trained on that task alone -- same problem
// and data split, model, optimizer, schedule, step budget and seed -- so its validation curves can
// be compared with the multi-task run's at equal training loss (analysis/generalization_gap.h).
//
// A baseline is the experiment with the method "fixed" and one-hot weights e_t (and the joint step
// in place of alternating / selective group steps, which reduce to it on one task): the trunk sees
// only task t's gradient and the other heads get none, while the network (all heads) and every
// random stream stay those of the multi-task run. The baseline's name is "<name>-st-<task name>".
// Shared by the GUI's "Single-task baselines" action and `mtw-cli baselines`.
#include "engine/experiment.h"

#include <optional>
#include <string>
#include <vector>

namespace mtw::engine {

// The experiment trained on task `task` (0-based, of taskCount) alone.
Experiment singleTaskExperiment(const Experiment& experiment, int task, int taskCount, const std::string& taskName);
// One baseline per task, in task order.
std::vector<Experiment> singleTaskExperiments(const Experiment& experiment, const std::vector<std::string>& taskNames);

// The task an experiment trains alone (method "fixed" with one-hot weights), or nothing.
std::optional<int> singleTaskIndex(const Experiment& experiment);
// True when `single` trains one task alone and is otherwise `multi`'s set-up: everything but the
// name, the method, the thread count and the diagnostics (which do not change the trajectory).
bool isBaselineOf(const Experiment& single, const Experiment& multi);

// The task names of the experiment's problem. Builds the problem, so a data problem's data set is
// loaded (through the shared cache: the runs started next reuse it). Throws what the problem's
// construction throws (missing file, bad CSV).
std::vector<std::string> experimentTaskNames(const Experiment& experiment);

} // namespace mtw::engine
