#include "analysis/delta_m.h"

#include <cmath>
#include <map>
#include <stdexcept>

namespace mtw::analysis {

namespace {
// Signed relative improvement of each baseline metric, positive when the method is better,
// in baseline order; and the task each belongs to.
std::vector<std::pair<std::string, double>> improvements(
    const std::vector<MetricResult>& method, const std::vector<MetricResult>& baseline)
{
    if (baseline.empty())
        throw std::invalid_argument("delta-m: the baseline has no metrics");
    std::map<std::pair<std::string, std::string>, const MetricResult*> byName;
    for (const MetricResult& result : method)
        byName[{ result.task, result.metric }] = &result;
    std::vector<std::pair<std::string, double>> out;
    for (const MetricResult& base : baseline) {
        auto it = byName.find({ base.task, base.metric });
        if (it == byName.end())
            throw std::invalid_argument(
                "delta-m: the method has no metric '" + base.metric + "' for task '" + base.task + "'");
        if (base.value == 0 || !std::isfinite(base.value))
            throw std::invalid_argument(
                "delta-m: baseline metric '" + base.metric + "' of task '" + base.task + "' is zero or not finite");
        const double relative = (it->second->value - base.value) / base.value;
        out.emplace_back(base.task, base.higherIsBetter ? relative : -relative);
    }
    return out;
}
} // namespace

double deltaMLowerIsBetter(const std::vector<MetricResult>& method, const std::vector<MetricResult>& baseline)
{
    double sum = 0;
    const auto values = improvements(method, baseline);
    for (const auto& entry : values)
        sum -= entry.second;
    return 100.0 * sum / static_cast<double>(values.size());
}

double deltaMHigherIsBetter(const std::vector<MetricResult>& method, const std::vector<MetricResult>& baseline)
{
    std::map<std::string, std::pair<double, int>> perTask;
    std::vector<std::string> order;
    for (const auto& [task, value] : improvements(method, baseline)) {
        if (!perTask.count(task))
            order.push_back(task);
        perTask[task].first += value;
        perTask[task].second += 1;
    }
    double sum = 0;
    for (const std::string& task : order)
        sum += perTask[task].first / perTask[task].second;
    return 100.0 * sum / static_cast<double>(order.size());
}

} // namespace mtw::analysis
