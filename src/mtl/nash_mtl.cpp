#include "mtl/nash_mtl.h"

#include <cmath>

namespace mtw::mtl {

NashMtl::NashMtl(int tasks, double maxNorm, int updateWeightsEvery, int optimNiter)
    : m_maxNorm(maxNorm)
    , m_updateEvery(updateWeightsEvery)
    , m_optimNiter(optimNiter)
    , m_alpha(Eigen::VectorXd::Ones(tasks)) { }

void NashMtl::compute(const MethodInput& input, MethodOutput& output) {
    const MatrixXd& G = input.gramian;
    int iterations = 0;
    if (m_alpha.size() != G.rows())
        m_alpha.setOnes(G.rows());
    if (m_step % m_updateEvery == 0) {
        const solvers::NashSolver::Result result = m_solver.cccp(G, m_optimNiter, m_alpha);
        m_feasible = result.feasible;
        iterations = result.iterations;
    }
    ++m_step;
    if (!m_feasible) {
        output.weights.setZero(G.rows());
    } else {
        output.weights = m_alpha;
        const double norm = std::sqrt(std::max(m_alpha.dot(G * m_alpha), 0.0));
        if (m_maxNorm > 0.0 && norm > m_maxNorm)
            output.weights *= m_maxNorm / norm;
    }
    output.extras["cccp_iterations"] = iterations;
    output.extras["feasible"] = m_feasible ? 1.0 : 0.0;
}

MethodState NashMtl::state() const {
    return { { "alpha", std::vector<double>(m_alpha.data(), m_alpha.data() + m_alpha.size()) },
        { "step", { static_cast<double>(m_step) } }, { "feasible", { m_feasible ? 1.0 : 0.0 } } };
}

void NashMtl::setState(const MethodState& state) {
    if (auto it = state.find("alpha"); it != state.end())
        m_alpha = Eigen::Map<const Eigen::VectorXd>(it->second.data(), static_cast<Eigen::Index>(it->second.size()));
    if (auto it = state.find("step"); it != state.end() && !it->second.empty())
        m_step = static_cast<long long>(it->second.front());
    if (auto it = state.find("feasible"); it != state.end() && !it->second.empty())
        m_feasible = it->second.front() != 0.0;
}

} // namespace mtw::mtl
