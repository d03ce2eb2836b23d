#pragma once
// A multi-task run against single-task baselines (the runs `mtw-cli baselines` writes: method
// `fixed` with one-hot weights), shared by `mtw-cli transfer` and the cross-run study:
//   - the final validation metrics of both, as analysis::MetricResult lists for Delta-m%
//     (analysis/delta_m.h): per task its loss, plus its metric unless the metric is the loss
//     itself (a regression task's MSE is counted once);
//   - the (training loss, validation loss) checkpoints of a task, for the equal-training-loss
//     generalization gap (analysis/generalization_gap.h, Mueller et al. 2024).
#include "analysis/delta_m.h"
#include "analysis/generalization_gap.h"
#include "engine/run_reader.h"

#include <optional>
#include <vector>

namespace mtw::engine {

// The task a single-task baseline trains (engine::singleTaskIndex(Experiment) of
// single_task_baselines.h); throws std::invalid_argument naming the directory and why the run is
// not a baseline.
int singleTaskIndex(const RunRecord& run);

// The last validation evaluation; throws std::invalid_argument when the run has none.
const EvaluationRecord& lastValidation(const RunRecord& run);

// (training loss, validation loss) of task t at the steps where both splits were evaluated;
// throws std::invalid_argument when there are none.
analysis::EqualLossCurve trainValidationCurve(const RunRecord& run, std::size_t task);

// (step, training loss of task t on the fixed training subset) at every evaluation, step order:
// the checkpoints of the measured slow-down (analysis/optimization_slowdown.h).
std::vector<std::pair<long long, double>> trainLossCheckpoints(const RunRecord& run, std::size_t task);

// One compared metric of one task (a row of the transfer table).
struct TransferRow {
    std::string task;
    std::string metric;
    double singleTask = 0;
    double multiTask = 0;
    bool higherIsBetter = false;
};

struct TransferMetrics {
    long long step = 0; // the multi-task run's last validation step
    std::vector<TransferRow> rows;
    std::vector<analysis::MetricResult> method, baseline; // inputs of analysis::deltaM*
};

// singles[t]: the baseline of task t or nullptr (that task is left out). Throws
// std::invalid_argument when a needed run has no validation evaluation.
TransferMetrics transferMetrics(const RunRecord& multi, const std::vector<const RunRecord*>& singles);

} // namespace mtw::engine
