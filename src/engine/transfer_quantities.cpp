#include "engine/transfer_quantities.h"

#include "analysis/delta_m.h"
#include "analysis/generalization_gap.h"
#include "engine/transfer_comparison.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace mtw::engine {

namespace {

// Runs compare only on the same problem, model and tasks.
std::string problemKey(const RunRecord& run)
{
    const nlohmann::json document = nlohmann::json::parse(experimentToJsonText(run.experiment));
    nlohmann::json key = { { "problem", document["problem"] }, { "tasks", run.taskNames } };
    if (document.contains("model"))
        key["model"] = document["model"];
    return key.dump();
}

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

} // namespace

TransferQuantities::TransferQuantities(const std::vector<const RunRecord*>& runs)
    : m_values(runs.size())
    , m_reasons(runs.size())
{
    m_descriptions["transfer.delta_m"] = "Delta-m% vs single-task baselines (lower is better; CAGrad/Nash-MTL convention)";
    m_descriptions["transfer.delta_p"] = "Delta-p% vs single-task baselines (higher is better; LibMTL convention)";
    // problem key -> task -> baseline run indices
    std::map<std::string, std::map<int, std::vector<std::size_t>>> baselines;
    std::vector<std::string> keys(runs.size());
    for (std::size_t i = 0; i < runs.size(); ++i) {
        keys[i] = problemKey(*runs[i]);
        if (const std::optional<int> task = singleTaskOf(*runs[i]))
            baselines[keys[i]][*task].push_back(i);
    }
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const RunRecord& run = *runs[i];
        if (singleTaskOf(run)) {
            m_reasons[i] = "it is a single-task baseline";
            continue;
        }
        const auto found = baselines.find(keys[i]);
        if (found == baselines.end()) {
            m_reasons[i] = "no single-task baseline of its problem, model and tasks among the runs";
            continue;
        }
        std::vector<const RunRecord*> singles(run.taskNames.size(), nullptr);
        std::vector<std::string> missing(run.taskNames.size());
        for (std::size_t t = 0; t < run.taskNames.size(); ++t) {
            const auto candidates = found->second.find(static_cast<int>(t));
            const std::string& task = run.taskNames[t];
            if (candidates == found->second.end()) {
                missing[t] = "no single-task baseline of task " + task + " among the runs";
                continue;
            }
            std::vector<std::size_t> sameSeed;
            for (std::size_t b : candidates->second)
                if (runs[b]->experiment.seed == run.experiment.seed)
                    sameSeed.push_back(b);
            if (sameSeed.size() == 1 || (sameSeed.empty() && candidates->second.size() == 1))
                singles[t] = runs[sameSeed.empty() ? candidates->second.front() : sameSeed.front()];
            else
                missing[t] = std::to_string(candidates->second.size()) + " baselines of task " + task + " and "
                    + (sameSeed.empty() ? "none" : std::to_string(sameSeed.size())) + " with the run's seed "
                    + std::to_string(run.experiment.seed);
        }
        compute(i, run, singles);
        for (std::size_t t = 0; t < run.taskNames.size(); ++t)
            for (const char* kind : { "transfer.gap_end.", "transfer.gap_mean." })
                if (!missing[t].empty())
                    m_values[i][kind + run.taskNames[t]] = QuantityValue::missing(missing[t]);
        const auto firstMissing = std::find_if(missing.begin(), missing.end(), [](const std::string& why) { return !why.empty(); });
        if (firstMissing != missing.end())
            m_values[i]["transfer.delta_m"] = m_values[i]["transfer.delta_p"] = QuantityValue::missing(*firstMissing);
    }
}

void TransferQuantities::compute(std::size_t run, const RunRecord& multi, const std::vector<const RunRecord*>& singles)
{
    std::map<std::string, QuantityValue>& values = m_values[run];
    try {
        const TransferMetrics metrics = transferMetrics(multi, singles);
        values["transfer.delta_m"] = QuantityValue::ofNumber(analysis::deltaMLowerIsBetter(metrics.method, metrics.baseline));
        values["transfer.delta_p"] = QuantityValue::ofNumber(analysis::deltaMHigherIsBetter(metrics.method, metrics.baseline));
    } catch (const std::exception& error) {
        values["transfer.delta_m"] = values["transfer.delta_p"] = QuantityValue::missing(error.what());
    }
    for (std::size_t t = 0; t < singles.size(); ++t) {
        if (!singles[t])
            continue;
        const std::string& task = multi.taskNames[t];
        gapOf(*singles[t], multi, t, values["transfer.gap_end." + task], values["transfer.gap_mean." + task]);
        m_descriptions["transfer.gap_end." + task]
            = "equal-training-loss gap GG = val_loss(MT) - val_loss(ST) of " + task + " at the lowest common training loss";
        m_descriptions["transfer.gap_mean." + task] = "mean of GG of " + task + " over 50 training losses of the common range";
    }
}

std::vector<QuantityInfo> TransferQuantities::list(std::size_t run) const
{
    std::vector<QuantityInfo> infos;
    for (const auto& [name, value] : m_values.at(run))
        if (value.available)
            infos.push_back({ name, QuantityKind::Number, m_descriptions.count(name) ? m_descriptions.at(name) : name, 1 });
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
