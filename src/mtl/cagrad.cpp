#include "mtl/cagrad.h"

#include <cmath>

namespace mtw::mtl {

CaGrad::CaGrad(double c, int rescale, double normEps, double traceEps)
    : m_c(c)
    , m_rescale(rescale)
    , m_normEps(normEps)
    , m_traceEps(traceEps)
{
}

void CaGrad::compute(const MethodInput& input, MethodOutput& output)
{
    const MatrixXd& G = input.gramian;
    const Eigen::Index tasks = G.rows();
    const double mean = 1.0 / static_cast<double>(tasks);
    if (G.trace() < m_traceEps) { // TorchJD's absolute threshold (off by default): no solve
        output.weights.setZero(tasks);
        output.extras["dual_norm"] = 0.0;
        return;
    }
    m_solver.solve(G, m_c, m_dual);
    const double meanNorm = std::sqrt(std::max(G.sum(), 0.0)) * mean; // |g0|
    const double dualNorm = std::sqrt(std::max(m_dual.dot(G * m_dual), 0.0)); // |g_w|
    const double frobenius = std::sqrt(std::max(G.trace(), 0.0));
    if (!(m_c > 0.0) || !(meanNorm > 0.0)) {
        output.weights.setConstant(tasks, mean);
    } else if (!(dualNorm >= m_normEps * frobenius) || !(dualNorm > 0.0)) {
        output.weights.setZero(tasks);
    } else {
        output.weights = (m_c * meanNorm / dualNorm) * m_dual;
        output.weights.array() += mean;
    }
    if (m_rescale == 1)
        output.weights /= 1.0 + m_c * m_c;
    else if (m_rescale == 2)
        output.weights /= 1.0 + m_c;
    output.extras["dual_norm"] = dualNorm;
}

} // namespace mtw::mtl
