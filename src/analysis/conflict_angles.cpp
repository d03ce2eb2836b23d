#include "analysis/conflict_angles.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace mtw::analysis {

double sortedQuantile(const std::vector<double>& sorted, double p)
{
    if (sorted.empty())
        return std::numeric_limits<double>::quiet_NaN();
    const double h = static_cast<double>(sorted.size() - 1) * std::clamp(p, 0.0, 1.0);
    const std::size_t below = static_cast<std::size_t>(std::floor(h));
    const std::size_t above = std::min(below + 1, sorted.size() - 1);
    return sorted[below] + (h - static_cast<double>(below)) * (sorted[above] - sorted[below]);
}

std::vector<AngleBox> angleBoxesPerEpoch(const std::vector<std::pair<int, Eigen::MatrixXd>>& matrices, int maxBoxes)
{
    if (matrices.empty())
        return {};
    int firstEpoch = matrices.front().first, lastEpoch = matrices.front().first;
    for (const auto& [epoch, cosine] : matrices) {
        firstEpoch = std::min(firstEpoch, epoch);
        lastEpoch = std::max(lastEpoch, epoch);
    }
    const int epochs = lastEpoch - firstEpoch + 1;
    const int span = std::max(1, (epochs + std::max(1, maxBoxes) - 1) / std::max(1, maxBoxes));
    std::vector<std::vector<double>> angles(static_cast<std::size_t>((epochs + span - 1) / span));
    for (const auto& [epoch, cosine] : matrices) {
        std::vector<double>& bin = angles[static_cast<std::size_t>((epoch - firstEpoch) / span)];
        for (Eigen::Index i = 0; i < cosine.rows(); ++i)
            for (Eigen::Index j = i + 1; j < cosine.cols(); ++j)
                if (std::isfinite(cosine(i, j)))
                    bin.push_back(std::acos(std::clamp(cosine(i, j), -1.0, 1.0)) * 180.0 / std::numbers::pi);
    }
    std::vector<AngleBox> boxes;
    for (std::size_t b = 0; b < angles.size(); ++b) {
        std::vector<double>& values = angles[b];
        if (values.empty())
            continue;
        std::sort(values.begin(), values.end());
        AngleBox box;
        box.firstEpoch = firstEpoch + static_cast<int>(b) * span;
        box.lastEpoch = std::min(lastEpoch, box.firstEpoch + span - 1);
        box.count = static_cast<long long>(values.size());
        box.minimum = values.front();
        box.lowerQuartile = sortedQuantile(values, 0.25);
        box.median = sortedQuantile(values, 0.5);
        box.upperQuartile = sortedQuantile(values, 0.75);
        box.maximum = values.back();
        box.conflictShare
            = static_cast<double>(std::count_if(values.begin(), values.end(), [](double a) { return a > 90.0; }))
            / static_cast<double>(values.size());
        boxes.push_back(box);
    }
    return boxes;
}

} // namespace mtw::analysis
