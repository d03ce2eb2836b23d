#include "engine/factor_transfer.h"

#include "analysis/generalization_gap.h"
#include "engine/factor_probe.h"
#include "engine/read_only_database.h"
#include "engine/run_reader.h"

#include <cmath>
#include <numeric>
#include <optional>

namespace mtw::engine {

namespace {

// The curve factor(loss) of one task, measurement order; nullopt without finite points.
std::optional<analysis::EqualLossCurve> factorCurve(
    const std::vector<FactorRecord>& records, int task, const std::string& name)
{
    std::map<long long, double> loss, value;
    for (const FactorRecord& r : records)
        if (r.task == task && (r.name == "loss" || r.name == name) && std::isfinite(r.value))
            (r.name == "loss" ? loss : value)[r.step] = r.value;
    std::vector<double> x, y;
    for (const auto& [step, v] : value)
        if (const auto l = loss.find(step); l != loss.end()) {
            x.push_back(l->second);
            y.push_back(v);
        }
    if (x.empty())
        return std::nullopt;
    return analysis::EqualLossCurve(x, y);
}

} // namespace

bool isComparableFactor(const std::string& name)
{
    return name != "loss" && name != "magnitude_similarity" && name != "sharpness_products"
        && name.rfind(tagAffinityPrefix, 0) != 0 && name.rfind(tagOptimizerPrefix, 0) != 0;
}

std::map<std::string, double> factorDifferences(
    const std::vector<FactorRecord>& multi, const std::vector<FactorRecord>& single, int task)
{
    std::map<std::string, bool> names;
    for (const FactorRecord& r : multi)
        if (r.task == task && isComparableFactor(r.name))
            names[r.name] = true;
    std::map<std::string, double> differences;
    for (const auto& [name, unused] : names) {
        const auto mt = factorCurve(multi, task, name);
        const auto st = factorCurve(single, task, name);
        if (!mt || !st)
            continue;
        const analysis::GapCurve curve = analysis::generalizationGap(*st, *mt, 50);
        if (curve.empty())
            continue;
        differences[name]
            = std::accumulate(curve.gap.begin(), curve.gap.end(), 0.0) / static_cast<double>(curve.gap.size());
    }
    return differences;
}

std::vector<FactorRecord> readRunFactors(const std::string& directory)
{
    ReadOnlyDatabase db(directory + "/run.sqlite");
    return readFactors(db);
}

} // namespace mtw::engine
