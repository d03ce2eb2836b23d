#pragma once
// The transfer quantities of the runs of a study: each multi-task run against the single-task
// baselines found among the same runs (engine/transfer_comparison.h).
//
// Matching: a baseline is a run of method `fixed` with one-hot weights on task t (what
// `mtw-cli baselines` writes). It serves the multi-task runs it is a baseline of by
// engine::isBaselineOf (single_task_baselines.h: the same experiment but for the name, the method,
// the thread count and the diagnostics -- so the same problem, model, optimizer, steps and seed)
// with the same task names. When several runs qualify (copies of one baseline), the first in path
// order is used.
//
//   transfer.delta_m        Delta-m% (lower is better; Maninis et al. 2019 as in CAGrad/Nash-MTL),
//                           final validation loss and metric of every task (analysis/delta_m.h);
//                           needs a baseline for every task
//   transfer.delta_p        Delta-p% (higher is better; LibMTL's convention), same inputs
//   transfer.gap_end.<task> the equal-training-loss generalization gap GG(l*) = v_MT(l*) - v_ST(l*)
//                           (Mueller et al. 2024; analysis/generalization_gap.h) at the lowest
//                           training loss both runs reached, l* = max(l_min^ST, l_min^MT), on the
//                           validation loss; negative: the multi-task run generalizes better there
//   transfer.gap_mean.<task> the mean of GG over 50 evenly spaced training losses of the common range
//                           (the grid `mtw-cli transfer` prints by default)
//   transfer.loss_ratio_end.<task>, transfer.loss_ratio_mean.<task>, transfer.steps_ratio.<task>
//                           the measured slow-down (analysis/optimization_slowdown.h): the training
//                           loss of MT over ST at equal step (last common evaluation, mean), and
//                           the steps MT needs to reach the loss ST ends at, over ST's steps
//   transfer.factor_diff.<factor>.<task>
//                           a trajectory factor's MT - ST difference at equal training loss, mean
//                           over the common loss range (engine/factor_transfer.h), for runs that
//                           measured factors (diagnostics.factors) with baselines that did too
#include "engine/quantity.h"
#include "engine/run_reader.h"

#include <map>
#include <vector>

namespace mtw::engine {

class TransferQuantities {
public:
    explicit TransferQuantities(const std::vector<const RunRecord*>& runs);

    std::vector<QuantityInfo> list(std::size_t run) const; // the ones run `run` has
    QuantityValue value(std::size_t run, const std::string& name) const;

private:
    void compute(std::size_t run, const RunRecord& multi, const std::vector<const RunRecord*>& singles);
    // A run's trajectory factors (empty when it has none or its store cannot be read), read once.
    const std::vector<FactorRecord>& factorsOf(const std::string& directory);

    std::vector<std::map<std::string, QuantityValue>> m_values; // per run, available or with a reason
    std::vector<std::string> m_reasons; // per run: why it has no transfer quantity at all
    std::map<std::string, std::string> m_descriptions;
    std::map<std::string, std::vector<FactorRecord>> m_factors; // by run directory, for the constructor
};

} // namespace mtw::engine
