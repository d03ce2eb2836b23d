#pragma once
// The data behind the ST vs MT transfer view (Mueller et al. 2024, "Can Optimization Trajectories
// Explain Multi-Task Transfer?"): which shown run is a multi-task run, which run is its
// single-task baseline for a task, and each run's validation-vs-training-loss curve of that task.
//
// A baseline is recognised by its experiment (engine/single_task_baselines.h: method "fixed" with
// one-hot weights and otherwise the multi-task run's set-up), not by its name, so renamed runs
// and runs of several set-ups side by side are paired correctly. Qt-light: no widgets, no charts.
#include "analysis/generalization_gap.h"
#include "gui/run_history.h"

#include <QList>
#include <QString>
#include <optional>

namespace mtw::gui {

// The task a run trains alone (its one-hot fixed weights), or -1 for a multi-task run.
int baselineTask(const RunHistory& run);

// The single-task baseline of `multi` for `task`: a run whose experiment is a baseline of
// multi's for that task, looked for among the shown runs, then among all runs; failing that, a
// shown run that trains `task` alone with the same task names (a baseline the user picked
// although its set-up differs; *exact is then false). Null if none.
RunHistoryPtr findBaseline(const RunHistory& multi, int task, const QList<RunHistoryPtr>& shown,
    const QList<RunHistoryPtr>& available, bool* exact = nullptr);

// The run's checkpoints of `task` as (training loss, validation loss or metric) in step order,
// non-finite checkpoints left out.
struct LossValuePoints {
    std::vector<double> trainLoss;
    std::vector<double> value;
};
LossValuePoints lossValuePoints(const RunHistory& run, int task, bool metric);

// The equal-loss curve of those points; nothing while the run has no checkpoint of the task.
std::optional<analysis::EqualLossCurve> equalLossCurve(const RunHistory& run, int task, bool metric);

// The measured slow-down of `task` in `multi` against its baseline (analysis/optimization_slowdown.h)
// from both runs' training-loss checkpoints, next to the first-order r_t the multi-task run
// recorded: one line of text, saying why when the runs cannot be compared yet.
QString slowdownText(const RunHistory& multi, const RunHistory& single, int task);

} // namespace mtw::gui
