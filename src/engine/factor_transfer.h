#pragma once
// The trajectory factors of a multi-task run against a single-task baseline at equal training
// loss: Mueller, Dredze & Andrews (2024) ask whether a factor's ST-vs-MT difference explains the
// generalization gap, so each factor f of task t is read as a function of the task's training
// loss on the factor sample (the "loss" record of the same measurement), through the same
// monotone envelope as the gap (analysis/generalization_gap.h), and
//     D_f(l) = f_MT(l) - f_ST(l)
// is averaged over 50 evenly spaced losses of the common range. Measurements whose factor or loss
// is not finite (an unresolved noise scale) are left out. What the Factors view draws per point,
// as one number per run, factor and task for a cross-run study (transfer.factor_diff.*).
#include "engine/snapshot.h"

#include <map>
#include <string>
#include <vector>

namespace mtw::engine {

// The factors compared: the per-task scalars (not the look-ahead matrices, the sharpness'
// product counts or the per-step magnitude similarity).
bool isComparableFactor(const std::string& name);

// Per factor name: mean D_f over the common training-loss range of `task` in both runs (the
// baseline's records of the same task index). Factors missing in either run, or whose loss
// ranges do not overlap, are absent.
std::map<std::string, double> factorDifferences(
    const std::vector<FactorRecord>& multi, const std::vector<FactorRecord>& single, int task);

// All factor records of a run directory's store; empty for a store without the factors table.
std::vector<FactorRecord> readRunFactors(const std::string& directory);

} // namespace mtw::engine
