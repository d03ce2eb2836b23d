#include "analysis/centered_kernel_alignment.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace mtw::analysis {

namespace {

Eigen::MatrixXd centredFeatures(const core::Matrix& X)
{
    const Eigen::MatrixXd x = X.cast<double>();
    return x.colwise() - x.rowwise().mean();
}

} // namespace

double linearCka(const core::Matrix& X, const core::Matrix& Y)
{
    if (X.cols() != Y.cols())
        throw std::invalid_argument("linearCka: the representations cover different numbers of samples");
    const Eigen::MatrixXd x = centredFeatures(X);
    const Eigen::MatrixXd y = centredFeatures(Y);
    const double cross = (y * x.transpose()).squaredNorm();
    const double normX = (x * x.transpose()).norm();
    const double normY = (y * y.transpose()).norm();
    return normX > 0 && normY > 0 ? cross / (normX * normY) : 0.0;
}

Eigen::MatrixXd ckaMatrix(const std::vector<core::Matrix>& representations)
{
    const Eigen::Index tasks = static_cast<Eigen::Index>(representations.size());
    Eigen::MatrixXd cka = Eigen::MatrixXd::Zero(tasks, tasks);
    for (Eigen::Index s = 0; s < tasks; ++s)
        for (Eigen::Index t = 0; t <= s; ++t) {
            const double value
                = linearCka(representations[static_cast<std::size_t>(s)], representations[static_cast<std::size_t>(t)]);
            cka(s, t) = value;
            cka(t, s) = value;
        }
    return cka;
}

std::vector<std::vector<int>> thresholdGroups(const Eigen::MatrixXd& affinity, double threshold)
{
    const int tasks = static_cast<int>(affinity.rows());
    std::vector<int> parent(static_cast<std::size_t>(tasks));
    std::iota(parent.begin(), parent.end(), 0);
    auto root = [&parent](int t) {
        while (parent[static_cast<std::size_t>(t)] != t)
            t = parent[static_cast<std::size_t>(t)];
        return t;
    };
    for (int s = 0; s < tasks; ++s)
        for (int t = s + 1; t < tasks; ++t)
            if (affinity(s, t) >= threshold) {
                const int a = root(s), b = root(t);
                parent[static_cast<std::size_t>(std::max(a, b))] = std::min(a, b);
            }
    std::vector<std::vector<int>> groups;
    std::vector<int> groupOfRoot(static_cast<std::size_t>(tasks), -1);
    for (int t = 0; t < tasks; ++t) {
        int& group = groupOfRoot[static_cast<std::size_t>(root(t))];
        if (group < 0) {
            group = static_cast<int>(groups.size());
            groups.emplace_back();
        }
        groups[static_cast<std::size_t>(group)].push_back(t);
    }
    return groups;
}

} // namespace mtw::analysis
