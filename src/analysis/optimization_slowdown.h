#pragma once
// The measured slow-down of a task's optimization in multi-task (MT) training against its
// single-task (ST) baseline (Mueller, Dredze & Andrews 2024: "negative effects to task
// optimization"), from the two runs' training-loss checkpoints (step, loss) of that task on the
// same fixed training subset, next to the first-order estimate r_t = <g_t, d> / |g_t|^2 the
// trainer records every step (analysis/step_diagnostics.h):
//   loss ratio at equal step   rho(s) = L_MT(s) / L_ST(s) at the steps both runs evaluated
//                              (> 1: the multi-task run is behind); end = at the last common
//                              step, mean = over the common steps after step 0
//   steps ratio                s_MT(l*) / S: S is the ST run's last checkpoint, l* = L_ST(S) the
//                              loss it reached, and s_MT(l*) the first step at which the MT run's
//                              loss is <= l* (linear interpolation between its checkpoints);
//                              +inf when the MT run never gets there (> 1: MT needs more steps)
#include <utility>
#include <vector>

namespace mtw::analysis {

struct SlowdownSummary {
    double lossRatioEnd = 0;
    double lossRatioMean = 0;
    double stepsRatio = 0;
    long long commonSteps = 0; // steps with a checkpoint in both runs (after step 0)
};

using LossCheckpoints = std::vector<std::pair<long long, double>>; // (step, loss), step order

// Throws std::invalid_argument when the runs share no checkpoint after step 0, or the ST run's
// last checkpoint is at step 0.
SlowdownSummary measuredSlowdown(const LossCheckpoints& multiTask, const LossCheckpoints& singleTask);

} // namespace mtw::analysis
