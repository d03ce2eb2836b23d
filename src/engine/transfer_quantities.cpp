#include "engine/transfer_quantities.h"

#include "analysis/delta_m.h"
#include "analysis/generalization_gap.h"
#include "analysis/optimization_slowdown.h"
#include "engine/factor_transfer.h"
#include "engine/single_task_baselines.h"
#include "engine/transfer_comparison.h"

#include <algorithm>
#include <cmath>

namespace mtw::engine {

namespace {

// gap_end and gap_mean of one task; a reason when the curves cannot be compared.
void gapOf(const RunRecord& single, const RunRecord& multi, std::size_t task, QuantityValue& end, QuantityValue& mean)
{
    try {
        const analysis::EqualLossCurve st = trainValidationCurve(single, task);
        const analysis::EqualLossCurve mt = trainValidationCurve(multi, task);
        const analysis::GapCurve curve = analysis::generalizationGap(st, mt, 50);
        if (curve.empty()) {
            end = mean = QuantityValue::missing("the training-loss ranges of the run and its baseline do not overlap");
            return;
        }
        end = QuantityValue::ofNumber(analysis::gapAt(st, mt, std::max(st.minimumLoss(), mt.minimumLoss())));
        double sum = 0;
        for (double g : curve.gap)
            sum += g;
        mean = QuantityValue::ofNumber(sum / static_cast<double>(curve.gap.size()));
    } catch (const std::exception& error) {
        end = mean = QuantityValue::missing(error.what());
    }
}

// The measured slow-down of one task; a reason when the checkpoints cannot be compared.
void slowdownOf(const RunRecord& single, const RunRecord& multi, std::size_t task, QuantityValue& end,
    QuantityValue& mean, QuantityValue& steps)
{
    try {
        const analysis::SlowdownSummary s
            = analysis::measuredSlowdown(trainLossCheckpoints(multi, task), trainLossCheckpoints(single, task));
        end = QuantityValue::ofNumber(s.lossRatioEnd);
        mean = QuantityValue::ofNumber(s.lossRatioMean);
        steps = std::isfinite(s.stepsRatio)
            ? QuantityValue::ofNumber(s.stepsRatio)
            : QuantityValue::missing("the multi-task run never reaches the loss its baseline ends at");
    } catch (const std::exception& error) {
        end = mean = steps = QuantityValue::missing(error.what());
    }
}

} // namespace

TransferQuantities::TransferQuantities(const std::vector<const RunRecord*>& runs)
    : m_values(runs.size())
    , m_reasons(runs.size())
{
    m_descriptions["transfer.delta_m"]
        = "Delta-m% vs single-task baselines (lower is better; CAGrad/Nash-MTL convention)";
    m_descriptions["transfer.delta_p"] = "Delta-p% vs single-task baselines (higher is better; LibMTL convention)";
    std::vector<std::optional<int>> task(runs.size());
    for (std::size_t i = 0; i < runs.size(); ++i)
        task[i] = singleTaskIndex(runs[i]->experiment);
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const RunRecord& run = *runs[i];
        if (task[i]) {
            m_reasons[i] = "it is a single-task baseline";
            continue;
        }
        std::vector<const RunRecord*> singles(run.taskNames.size(), nullptr);
        bool any = false;
        for (std::size_t b = 0; b < runs.size(); ++b) {
            if (!task[b] || static_cast<std::size_t>(*task[b]) >= singles.size()
                || singles[static_cast<std::size_t>(*task[b])] || runs[b]->taskNames != run.taskNames
                || !isBaselineOf(runs[b]->experiment, run.experiment))
                continue;
            singles[static_cast<std::size_t>(*task[b])] = runs[b];
            any = true;
        }
        if (!any) {
            m_reasons[i]
                = "no single-task baseline of this run (same experiment but the method, seed included) among the runs";
            continue;
        }
        std::vector<std::string> missing(run.taskNames.size());
        for (std::size_t t = 0; t < run.taskNames.size(); ++t)
            if (!singles[t])
                missing[t] = "no single-task baseline of task " + run.taskNames[t] + " for this run among the runs";
        compute(i, run, singles);
        for (std::size_t t = 0; t < run.taskNames.size(); ++t)
            for (const char* kind : { "transfer.gap_end.", "transfer.gap_mean.", "transfer.loss_ratio_end.",
                     "transfer.loss_ratio_mean.", "transfer.steps_ratio." })
                if (!missing[t].empty())
                    m_values[i][kind + run.taskNames[t]] = QuantityValue::missing(missing[t]);
        const auto firstMissing
            = std::find_if(missing.begin(), missing.end(), [](const std::string& why) { return !why.empty(); });
        if (firstMissing != missing.end())
            m_values[i]["transfer.delta_m"] = m_values[i]["transfer.delta_p"] = QuantityValue::missing(*firstMissing);
    }
    m_factors.clear(); // only the differences are kept
}

void TransferQuantities::compute(std::size_t run, const RunRecord& multi, const std::vector<const RunRecord*>& singles)
{
    std::map<std::string, QuantityValue>& values = m_values[run];
    try {
        const TransferMetrics metrics = transferMetrics(multi, singles);
        values["transfer.delta_m"]
            = QuantityValue::ofNumber(analysis::deltaMLowerIsBetter(metrics.method, metrics.baseline));
        values["transfer.delta_p"]
            = QuantityValue::ofNumber(analysis::deltaMHigherIsBetter(metrics.method, metrics.baseline));
    } catch (const std::exception& error) {
        values["transfer.delta_m"] = values["transfer.delta_p"] = QuantityValue::missing(error.what());
    }
    const std::vector<FactorRecord>& multiFactors = factorsOf(multi.directory);
    for (std::size_t t = 0; t < singles.size(); ++t) {
        if (!singles[t])
            continue;
        const std::string& task = multi.taskNames[t];
        if (!multiFactors.empty())
            for (const auto& [factor, difference] :
                factorDifferences(multiFactors, factorsOf(singles[t]->directory), static_cast<int>(t))) {
                const std::string name = "transfer.factor_diff." + factor + "." + task;
                values[name] = QuantityValue::ofNumber(difference);
                m_descriptions[name] = "trajectory factor " + factor + " of " + task
                    + ", MT - ST at equal training loss, mean over the common loss range";
            }
        gapOf(*singles[t], multi, t, values["transfer.gap_end." + task], values["transfer.gap_mean." + task]);
        m_descriptions["transfer.gap_end." + task] = "equal-training-loss gap GG = val_loss(MT) - val_loss(ST) of "
            + task + " at the lowest common training loss";
        m_descriptions["transfer.gap_mean." + task]
            = "mean of GG of " + task + " over 50 training losses of the common range";
        slowdownOf(*singles[t], multi, t, values["transfer.loss_ratio_end." + task],
            values["transfer.loss_ratio_mean." + task], values["transfer.steps_ratio." + task]);
        m_descriptions["transfer.loss_ratio_end." + task] = "measured slow-down: training loss MT / ST of " + task
            + " at the last common evaluation (> 1: MT behind)";
        m_descriptions["transfer.loss_ratio_mean." + task]
            = "measured slow-down: mean training loss MT / ST of " + task + " over the common evaluations";
        m_descriptions["transfer.steps_ratio." + task]
            = "measured slow-down: steps MT needs to reach the loss ST ends at, over ST's steps, of " + task;
    }
}

const std::vector<FactorRecord>& TransferQuantities::factorsOf(const std::string& directory)
{
    // A baseline serves every multi-task run of its set-up: its store is read once.
    const auto [it, inserted] = m_factors.try_emplace(directory);
    if (inserted) {
        try {
            it->second = readRunFactors(directory);
        } catch (const std::exception&) {
            // A store that cannot be read has no factors to compare; the other quantities still stand.
        }
    }
    return it->second;
}

std::vector<QuantityInfo> TransferQuantities::list(std::size_t run) const
{
    std::vector<QuantityInfo> infos;
    for (const auto& [name, value] : m_values.at(run))
        if (value.available)
            infos.push_back(
                { name, QuantityKind::Number, m_descriptions.count(name) ? m_descriptions.at(name) : name, 1 });
    return infos;
}

QuantityValue TransferQuantities::value(std::size_t run, const std::string& name) const
{
    const auto it = m_values.at(run).find(name);
    if (it != m_values.at(run).end())
        return it->second;
    if (!m_reasons.at(run).empty())
        return QuantityValue::missing(m_reasons.at(run));
    return QuantityValue::missing("the run has no quantity '" + name + "'");
}

} // namespace mtw::engine
