#include "mtl/proximal_affinity.h"

#include "mtl/method_state_io.h"
#include "mtl/solvers/affinity_propagation.h"

#include <algorithm>

namespace mtw::mtl {

ProximalAffinity::ProximalAffinity(int taskCount, double beta)
    : m_beta(beta)
    , m_affinity(MatrixXd::Zero(taskCount, taskCount))
{
}

void ProximalAffinity::update(const std::vector<int>& group, const VectorXd& before, const VectorXd& after)
{
    const Eigen::Index tasks = m_affinity.rows();
    VectorXd gain(tasks);
    for (Eigen::Index t = 0; t < tasks; ++t)
        gain(t) = (1.0 - after(t) / before(t)) / static_cast<double>(group.size());
    const auto inGroup
        = [&](Eigen::Index t) { return std::find(group.begin(), group.end(), static_cast<int>(t)) != group.end(); };
    for (int s : group) {
        for (Eigen::Index t = 0; t < tasks; ++t) {
            double sample = gain(t);
            if (t == s) {
                if (gain(s) <= 0)
                    continue;
            } else if (inGroup(t) && (gain(s) > 0) != (gain(t) > 0)) {
                sample = -std::max(gain(s), gain(t));
            }
            m_affinity(s, t) = (1 - m_beta) * m_affinity(s, t) + m_beta * sample;
        }
    }
}

MatrixXd ProximalAffinity::similarity() const
{
    const Eigen::Index tasks = m_affinity.rows();
    MatrixXd normalised = MatrixXd::Zero(tasks, tasks);
    for (Eigen::Index i = 0; i < tasks; ++i)
        if (m_affinity(i, i) > 0)
            normalised.col(i) = m_affinity.col(i) / m_affinity(i, i);
    return 0.5 * (normalised + normalised.transpose());
}

std::vector<std::vector<int>> ProximalAffinity::groups(core::Rng& rng) const
{
    const int tasks = static_cast<int>(m_affinity.rows());
    const MatrixXd S = similarity();
    solvers::AffinityPropagationOptions options;
    options.convergenceIterations = 50;
    std::optional<std::vector<int>> labels;
    for (int attempt = 0; attempt < 3 && !labels; ++attempt) {
        options.maxIterations = std::max(200, options.convergenceIterations + 200);
        labels = solvers::affinityPropagation(S, options, rng);
        options.convergenceIterations += 100;
    }
    std::vector<std::vector<int>> result;
    if (!labels) {
        for (int t = 0; t < tasks; ++t)
            result.push_back({ t });
        return result;
    }
    const int count = *std::max_element(labels->begin(), labels->end()) + 1;
    result.resize(static_cast<std::size_t>(count));
    for (int t = 0; t < tasks; ++t)
        result[static_cast<std::size_t>((*labels)[static_cast<std::size_t>(t)])].push_back(t);
    std::erase_if(result, [](const std::vector<int>& g) { return g.empty(); });
    std::sort(result.begin(), result.end());
    return result;
}

void ProximalAffinity::saveState(MethodState& state, const std::string& prefix) const
{
    putMatrix(state, prefix + "affinity", m_affinity);
}

void ProximalAffinity::loadState(const MethodState& state, const std::string& prefix)
{
    m_affinity = takeMatrix(state, prefix + "affinity", m_affinity.rows(), m_affinity.cols());
}

} // namespace mtw::mtl
