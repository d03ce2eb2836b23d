#include "mtl/solvers/min_norm_solver.h"

#include <algorithm>

namespace mtw::mtl::solvers {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

double MinNormSolver::twoTaskWeight(double g11, double g12, double g22) {
    const double curvature = g11 + g22 - 2.0 * g12; // |g1 - g2|^2
    if (!(curvature > 0.0))
        return 0.5;
    return std::clamp((g22 - g12) / curvature, 0.0, 1.0);
}

int MinNormSolver::frankWolfe(const MatrixXd& G, double epsilon, int maxIters, VectorXd& w) {
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

bool MinNormSolver::exact(const MatrixXd& G, VectorXd& w) {
    const Index n = G.rows();
    const double trace = G.trace();
    if (!(trace > 0.0)) {
        w.setConstant(n, 1.0 / static_cast<double>(n));
        return true;
    }
    // Normalizing by the trace keeps G and 1 1^T on the same scale; w* does not change.
    m_quadratic = G / trace;
    m_quadratic.array() += 1.0;
    m_linear.setConstant(n, -1.0);
    const bool converged = m_qp.solve(m_quadratic, m_linear, w);
    const double total = w.sum();
    if (total > 0.0)
        w /= total;
    else
        w.setConstant(n, 1.0 / static_cast<double>(n));
    return converged;
}

VectorXd minNormWeights(const MatrixXd& G) {
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
