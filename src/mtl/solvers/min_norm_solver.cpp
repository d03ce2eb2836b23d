#include "mtl/solvers/min_norm_solver.h"

#include <algorithm>

namespace mtw::mtl::solvers {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

double MinNormSolver::twoTaskWeight(double g11, double g12, double g22)
{
    const double curvature = g11 + g22 - 2.0 * g12; // |g1 - g2|^2
    if (!(curvature > 0.0))
        return 0.5;
    return std::clamp((g22 - g12) / curvature, 0.0, 1.0);
}

int MinNormSolver::frankWolfe(const MatrixXd& G, double epsilon, int maxIters, VectorXd& w)
{
    const Index n = G.rows();
    w.setConstant(n, 1.0 / static_cast<double>(n));
    m_product.noalias() = G * w; // G w
    double wGw = w.dot(m_product);
    int iteration = 0;
    while (iteration < maxIters) {
        ++iteration;
        Index t = 0;
        const double a = m_product.minCoeff(&t); // w^T G e_t
        const double b = wGw; // w^T G w
        const double c = G(t, t); // e_t^T G e_t
        double gamma;
        if (c <= a)
            gamma = 1.0;
        else if (b <= a)
            gamma = 0.0;
        else
            gamma = (b - a) / (b + c - 2.0 * a);
        w *= 1.0 - gamma;
        w(t) += gamma;
        m_product = (1.0 - gamma) * m_product + gamma * G.col(t);
        wGw = (1.0 - gamma) * (1.0 - gamma) * b + 2.0 * gamma * (1.0 - gamma) * a + gamma * gamma * c;
        if (gamma < epsilon)
            break;
    }
    return iteration;
}

bool MinNormSolver::exact(const MatrixXd& G, VectorXd& w)
{
    const Index n = G.rows();
    m_norms = G.diagonal().cwiseMax(0.0).cwiseSqrt();
    const double minNorm = m_norms.minCoeff();
    if (!(minNorm > 0.0)) {
        // A zero gradient puts 0 in the hull. Spreading w over all zero rows keeps the weights
        // permutation-equivariant (an all-zero G gives 1/T).
        w = (m_norms.array() > 0.0).select(VectorXd::Zero(n), VectorXd::Ones(n));
        w /= w.sum();
        return true;
    }
    // m_scale = a, m_quadratic = H + a a^T. Dividing by one norm at a time keeps tiny rows from
    // underflowing n_i n_j.
    m_scale = minNorm * m_norms.cwiseInverse();
    m_quadratic.resize(n, n);
    for (Index j = 0; j < n; ++j)
        for (Index i = 0; i < n; ++i)
            m_quadratic(i, j) = G(i, j) / m_norms(i) / m_norms(j) + m_scale(i) * m_scale(j);
    m_linear = -m_scale;
    const bool converged = m_qp.solve(m_quadratic, m_linear, w);
    w = w.cwiseProduct(m_scale); // x o a, proportional to w*
    const double total = w.sum();
    if (total > 0.0)
        w /= total;
    else
        w.setConstant(n, 1.0 / static_cast<double>(n));
    return converged;
}

VectorXd minNormWeights(const MatrixXd& G)
{
    VectorXd w;
    if (G.rows() == 2) {
        const double gamma = MinNormSolver::twoTaskWeight(G(0, 0), G(0, 1), G(1, 1));
        w.resize(2);
        w << gamma, 1.0 - gamma;
        return w;
    }
    MinNormSolver solver;
    solver.exact(G, w);
    return w;
}

} // namespace mtw::mtl::solvers
