#include "analysis/generalization_gap.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace mtw::analysis {

EqualLossCurve::EqualLossCurve(const std::vector<double>& trainLoss, const std::vector<double>& value)
{
    if (trainLoss.size() != value.size())
        throw std::invalid_argument("equal-loss curve: training losses and values differ in length");
    if (trainLoss.empty())
        throw std::invalid_argument("equal-loss curve: no checkpoints");
    for (std::size_t i = 0; i < trainLoss.size(); ++i) {
        if (!std::isfinite(trainLoss[i]) || !std::isfinite(value[i]))
            throw std::invalid_argument("equal-loss curve: checkpoint " + std::to_string(i) + " is not finite");
        if (m_loss.empty() || trainLoss[i] < m_loss.back()) {
            m_loss.push_back(trainLoss[i]);
            m_value.push_back(value[i]);
        }
    }
}

double EqualLossCurve::valueAt(double loss) const
{
    if (!(loss >= minimumLoss() && loss <= maximumLoss()))
        return std::numeric_limits<double>::quiet_NaN();
    if (m_loss.size() == 1)
        return m_value.front();
    // m_loss decreases: find the first record point at or below loss.
    const auto it = std::lower_bound(m_loss.begin(), m_loss.end(), loss, [](double a, double b) { return a > b; });
    const std::size_t j = static_cast<std::size_t>(it - m_loss.begin());
    if (j == 0 || m_loss[j] == loss)
        return m_value[j];
    const double t = (m_loss[j - 1] - loss) / (m_loss[j - 1] - m_loss[j]);
    return m_value[j - 1] + t * (m_value[j] - m_value[j - 1]);
}

GapCurve generalizationGap(
    const EqualLossCurve& singleTask, const EqualLossCurve& multiTask, int points, bool logarithmic)
{
    if (points < 2)
        throw std::invalid_argument("generalization gap: at least 2 grid points");
    GapCurve curve;
    const double low = std::max(singleTask.minimumLoss(), multiTask.minimumLoss());
    const double high = std::min(singleTask.maximumLoss(), multiTask.maximumLoss());
    if (!(low < high))
        return curve;
    const bool useLog = logarithmic && low > 0;
    for (int i = 0; i < points; ++i) {
        const double s = static_cast<double>(i) / (points - 1);
        double loss
            = useLog ? std::exp(std::log(high) + s * (std::log(low) - std::log(high))) : high + s * (low - high);
        loss = std::clamp(loss, low, high); // rounding must not leave the range
        const double st = singleTask.valueAt(loss);
        const double mt = multiTask.valueAt(loss);
        curve.trainLoss.push_back(loss);
        curve.singleTask.push_back(st);
        curve.multiTask.push_back(mt);
        curve.gap.push_back(mt - st);
    }
    return curve;
}

double gapAt(const EqualLossCurve& singleTask, const EqualLossCurve& multiTask, double trainLoss)
{
    return multiTask.valueAt(trainLoss) - singleTask.valueAt(trainLoss);
}

} // namespace mtw::analysis
