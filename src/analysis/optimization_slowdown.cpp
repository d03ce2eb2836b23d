#include "analysis/optimization_slowdown.h"

#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

namespace mtw::analysis {

SlowdownSummary measuredSlowdown(const LossCheckpoints& multiTask, const LossCheckpoints& singleTask)
{
    if (singleTask.empty() || singleTask.back().first <= 0)
        throw std::invalid_argument("slow-down: the single-task run has no checkpoint after step 0");
    std::map<long long, double> single(singleTask.begin(), singleTask.end());
    SlowdownSummary summary;
    double sum = 0;
    for (const auto& [step, loss] : multiTask) {
        const auto it = single.find(step);
        if (step <= 0 || it == single.end() || !(it->second > 0) || !std::isfinite(loss))
            continue;
        const double ratio = loss / it->second;
        sum += ratio;
        summary.lossRatioEnd = ratio;
        ++summary.commonSteps;
    }
    if (summary.commonSteps == 0)
        throw std::invalid_argument(
            "slow-down: the runs share no checkpoint after step 0 (evaluate both on the same schedule)");
    summary.lossRatioMean = sum / static_cast<double>(summary.commonSteps);

    const double target = singleTask.back().second;
    const double stepsST = static_cast<double>(singleTask.back().first);
    summary.stepsRatio = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < multiTask.size(); ++i) {
        const auto [step, loss] = multiTask[i];
        if (!(loss <= target))
            continue;
        double reached = static_cast<double>(step);
        if (i > 0 && multiTask[i - 1].second > target) { // crossed between two checkpoints
            const auto [before, lossBefore] = multiTask[i - 1];
            const double share = (lossBefore - target) / (lossBefore - loss);
            reached = static_cast<double>(before) + share * static_cast<double>(step - before);
        }
        summary.stepsRatio = reached / stepsST;
        break;
    }
    return summary;
}

} // namespace mtw::analysis
