#include "mtl/solvers/cagrad_solver.h"

#include <algorithm>
#include <cmath>

namespace mtw::mtl::solvers {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

double CagradSolver::twoTaskWeight(double g11, double g12, double g22, double c)
{
    const double trace = g11 + g22;
    if (!(trace > 0.0))
        return 0.5;
    // Normalized entries keep the arithmetic in range; x does not depend on the scale.
    const double a11 = g11 / trace, a12 = g12 / trace, a22 = g22 / trace;
    const double A = a11 + a22 - 2.0 * a12;
    if (!(A > 1e-15))
        return 0.5; // g1 == g2: F is constant in x
    const double B = a12 - a22;
    const double D = std::max(A * a22 - B * B, 0.0);
    const double beta = 0.5 * (a11 - a22); // (g1 - g2)^T g0
    const double rho = c * 0.5 * std::sqrt(std::max(a11 + a22 + 2.0 * a12, 0.0));
    if (!(rho > 0.0))
        return beta > 0.0 ? 0.0 : (beta < 0.0 ? 1.0 : 0.5);
    const double k = (beta / rho) * (beta / rho);
    if (A > k) {
        const double offset = std::sqrt(k * D / (A - k));
        const double sign = beta > 0.0 ? 1.0 : (beta < 0.0 ? -1.0 : 0.0);
        return std::clamp((-B - sign * offset) / A, 0.0, 1.0);
    }
    return beta > 0.0 ? 0.0 : 1.0;
}

double CagradSolver::objective(const VectorXd& w) const
{
    return m_linear.dot(w) + m_radius * std::sqrt(std::max(w.dot(m_gramian * w), 0.0));
}

bool CagradSolver::solve(const MatrixXd& G, double c, VectorXd& w, bool forceGeneral)
{
    const Index n = G.rows();
    m_iterations = 0;
    w.setConstant(n, 1.0 / static_cast<double>(n));
    const double trace = G.trace();
    if (n == 1 || !(trace > 0.0) || !(c > 0.0))
        return true; // d = g0 whatever w is
    if (n == 2 && !forceGeneral) {
        const double x = twoTaskWeight(G(0, 0), G(0, 1), G(1, 1), c);
        w << x, 1.0 - x;
        return true;
    }
    m_gramian = G / trace;
    m_linear.noalias() = m_gramian.rowwise().sum() / static_cast<double>(n);
    m_radius = c * std::sqrt(std::max(m_linear.sum(), 0.0) / static_cast<double>(n));
    // m_linear.sum() = 1^T G 1 / T, so |g0| = sqrt(1^T G 1) / T = sqrt(m_linear.sum() / T).
    if (!(m_radius > 0.0))
        return true;

    m_face.clear();
    for (Index i = 0; i < n; ++i)
        m_face.push_back(i);
    const int maxIterations = 50 * static_cast<int>(n) + 200;
    Index entering = -1;
    while (m_iterations < maxIterations) {
        // Newton steps on the current face.
        bool faceDone = false;
        while (!faceDone && m_iterations++ < maxIterations) {
            m_product.noalias() = m_gramian * w;
            const double r = std::sqrt(std::max(w.dot(m_product), 0.0));
            if (r < 1e-12)
                return true; // g_w = 0: Pareto-stationary optimum, F is not differentiable here
            m_gradient = m_linear + (m_radius / r) * m_product;
            const auto m = static_cast<Index>(m_face.size());
            if (m == 1)
                break;
            m_newton.resize(m, m);
            m_solveGradient.resize(m);
            m_solveOnes.setOnes(m);
            double maxDiagonal = 0.0;
            for (Index a = 0; a < m; ++a) {
                const Index i = m_face[static_cast<std::size_t>(a)];
                m_solveGradient(a) = m_gradient(i);
                maxDiagonal = std::max(maxDiagonal, m_gramian(i, i));
                for (Index bIdx = 0; bIdx < m; ++bIdx) {
                    const Index j = m_face[static_cast<std::size_t>(bIdx)];
                    m_newton(a, bIdx) = m_gramian(i, j) - m_product(i) * m_product(j) / (r * r);
                }
            }
            // Adding kappa 1 1^T changes only the multiplier of 1^T step = 0 and makes the
            // matrix definite (it is singular along w itself, F being 1-homogeneous in g_w).
            m_newton *= m_radius / r;
            m_newton.array() += (m_radius / r) * std::max(maxDiagonal, 1e-300);
            m_llt.compute(m_newton);
            if (m_llt.info() != Eigen::Success) {
                m_newton.diagonal().array() += 1e-12 * (m_radius / r) * maxDiagonal;
                m_llt.compute(m_newton);
            }
            m_llt.solveInPlace(m_solveGradient);
            m_llt.solveInPlace(m_solveOnes);
            const double nu = -m_solveGradient.sum() / m_solveOnes.sum();
            m_step.setZero(n);
            for (Index a = 0; a < m; ++a)
                m_step(m_face[static_cast<std::size_t>(a)]) = -m_solveGradient(a) - nu * m_solveOnes(a);
            double decrement = -m_gradient.dot(m_step);
            const double value = objective(w);
            if (entering >= 0 && m_step(entering) <= 0.0) {
                // The Newton step would push the entering coordinate straight back to its bound.
                // Move mass towards vertex e_k instead: a feasible descent direction with slope
                // grad_k - grad^T w < 0, so F decreases strictly and the face cannot cycle.
                m_step = -w;
                m_step(entering) += 1.0;
                decrement = -m_gradient.dot(m_step);
            }
            entering = -1;
            if (!(decrement > 1e-22 * (std::abs(value) + m_radius * r))) {
                faceDone = true;
                break;
            }
            double maxStep = 1.0;
            Index blocking = -1;
            for (Index a = 0; a < m; ++a) {
                const Index i = m_face[static_cast<std::size_t>(a)];
                if (m_step(i) < 0.0 && -w(i) / m_step(i) < maxStep) {
                    maxStep = -w(i) / m_step(i);
                    blocking = a;
                }
            }
            double step = maxStep;
            bool decreased = false;
            for (int halving = 0; halving < 60 && !decreased; ++halving) {
                m_trial = w + step * m_step;
                decreased = objective(m_trial) <= value - 1e-4 * step * decrement;
                if (!decreased)
                    step *= 0.5;
            }
            if (!decreased && !(blocking >= 0 && maxStep < 1e-12)) {
                faceDone = true; // rounding-level decrement: the face optimum is reached
                break;
            }
            if (!decreased)
                step = maxStep; // a degenerate zero-length step onto the boundary
            m_trial = w + step * m_step;
            if ((m_trial - w).cwiseAbs().maxCoeff() <= 1e-16 && !(blocking >= 0 && step == maxStep)) {
                faceDone = true; // the step no longer moves w: converged to rounding
                break;
            }
            w = m_trial;
            if (blocking >= 0 && step == maxStep) {
                w(m_face[static_cast<std::size_t>(blocking)]) = 0.0;
                m_face.erase(m_face.begin() + blocking);
            }
            w = w.cwiseMax(0.0);
        }
        // KKT at the face optimum: every coordinate off the face must have a reduced gradient
        // no smaller than the face's common value.
        m_product.noalias() = m_gramian * w;
        const double r = std::sqrt(std::max(w.dot(m_product), 0.0));
        if (r < 1e-12)
            return true;
        m_gradient = m_linear + (m_radius / r) * m_product;
        double nu = 0.0;
        for (Index i : m_face)
            nu += m_gradient(i);
        nu /= static_cast<double>(m_face.size());
        const double tolerance = 1e-12 * (std::abs(nu) + m_radius + m_linear.cwiseAbs().maxCoeff());
        double worst = -tolerance;
        entering = -1;
        for (Index i = 0; i < n; ++i) {
            if (std::find(m_face.begin(), m_face.end(), i) != m_face.end())
                continue;
            if (m_gradient(i) - nu < worst) {
                worst = m_gradient(i) - nu;
                entering = i;
            }
        }
        if (entering < 0)
            return true;
        m_face.push_back(entering);
    }
    return false;
}

} // namespace mtw::mtl::solvers
