#include "mtl/solvers/nash_solver.h"

#include <algorithm>
#include <cmath>

namespace mtw::mtl::solvers {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

double bargainingObjective(const MatrixXd& H, const VectorXd& beta, VectorXd& product) {
    product.noalias() = H * beta;
    return 0.5 * beta.dot(product) - beta.array().log().sum();
}

} // namespace

bool NashSolver::bargainingPoint(const MatrixXd& H, VectorXd& beta) {
    const Index n = H.rows();
    if (!(H.diagonal().minCoeff() > 0.0))
        return false; // a zero gradient: (H beta)_i = 0 for every beta
    beta = H.diagonal().cwiseSqrt().cwiseInverse(); // exact when the gradients are orthogonal
    const double startScale = beta.maxCoeff();
    double value = bargainingObjective(H, beta, m_product);
    for (int iteration = 0; iteration < 200; ++iteration) {
        const double residual = (beta.cwiseProduct(m_product).array() - 1.0).abs().maxCoeff();
        if (residual < 1e-14)
            return true;
        m_gradient = m_product - beta.cwiseInverse();
        m_hessian = H;
        m_hessian.diagonal() += beta.cwiseInverse().cwiseAbs2();
        m_llt.compute(m_hessian);
        if (m_llt.info() != Eigen::Success)
            return false;
        m_step = -m_llt.solve(m_gradient);
        const double decrement = -m_gradient.dot(m_step);
        if (!(decrement > 1e-28))
            return residual < 1e-9;
        double step = 1.0;
        for (Index i = 0; i < n; ++i)
            if (m_step(i) < 0.0)
                step = std::min(step, -0.99 * beta(i) / m_step(i));
        double trialValue = value;
        for (int halving = 0; halving < 60; ++halving) {
            m_trial = beta + step * m_step;
            trialValue = bargainingObjective(H, m_trial, m_trialProduct);
            if (trialValue <= value - 0.25 * step * decrement)
                break;
            step *= 0.5;
        }
        beta = m_trial;
        m_product = m_trialProduct;
        value = trialValue;
        // Without a solution the objective is unbounded below along some beta >= 0 with
        // H beta = 0, and Newton runs off along it geometrically.
        if (beta.maxCoeff() > 1e10 * startScale)
            return false;
    }
    return (beta.cwiseProduct(H * beta).array() - 1.0).abs().maxCoeff() < 1e-9;
}

bool NashSolver::solveSubproblem(const MatrixXd& H, const VectorXd& c, const VectorXd& betaStar, VectorXd& beta) {
    // mu >= 0 in (I + B H B) mu = B c certifies that the all-tight point is optimal.
    m_hessian = betaStar.asDiagonal() * H * betaStar.asDiagonal();
    m_hessian.diagonal().array() += 1.0;
    m_llt.compute(m_hessian);
    m_multipliers = betaStar.cwiseProduct(c);
    m_llt.solveInPlace(m_multipliers);
    if (m_llt.info() == Eigen::Success
        && m_multipliers.minCoeff() >= -1e-12 * std::max(1.0, m_multipliers.cwiseAbs().maxCoeff())) {
        beta = betaStar;
        return true;
    }
    beta = 1.02 * betaStar;
    return barrier(H, c, beta);
}

bool NashSolver::barrier(const MatrixXd& H, const VectorXd& c, VectorXd& beta) {
    const Index n = H.rows();
    const auto domainValue = [&](const VectorXd& point, double t, VectorXd& product, bool& inside) {
        product.noalias() = H * point;
        inside = point.minCoeff() > 0.0 && product.minCoeff() > 0.0;
        if (!inside)
            return 0.0;
        double value = t * c.dot(point);
        for (Index i = 0; i < n; ++i) {
            const double psi = std::log(point(i)) + std::log(product(i));
            if (!(psi > 0.0)) {
                inside = false;
                return 0.0;
            }
            value -= std::log(psi);
        }
        return value;
    };
    double t = 10.0 * static_cast<double>(n) / std::max(std::abs(c.dot(beta)), 1e-300);
    m_psi.resize(n);
    for (int outer = 0; outer < 60; ++outer) {
        bool inside = false;
        double value = domainValue(beta, t, m_product, inside);
        if (!inside)
            return false;
        for (int newton = 0; newton < 100; ++newton) {
            for (Index i = 0; i < n; ++i)
                m_psi(i) = std::log(beta(i)) + std::log(m_product(i));
            // Columns of m_columns are grad psi_i = e_i / beta_i + H e_i / (H beta)_i.
            m_columns = H * m_product.cwiseInverse().asDiagonal();
            m_columns.diagonal() += beta.cwiseInverse();
            m_gradient.noalias() = -m_columns * m_psi.cwiseInverse();
            m_gradient += t * c;
            m_hessian.noalias() = m_columns * m_psi.cwiseInverse().cwiseAbs2().asDiagonal() * m_columns.transpose();
            m_hessian.noalias() += H * (m_psi.cwiseProduct(m_product.cwiseAbs2())).cwiseInverse().asDiagonal() * H;
            m_hessian.diagonal() += (m_psi.cwiseProduct(beta.cwiseAbs2())).cwiseInverse();
            m_llt.compute(m_hessian);
            if (m_llt.info() != Eigen::Success)
                return false;
            m_step = -m_llt.solve(m_gradient);
            const double decrement = -m_gradient.dot(m_step);
            if (!(decrement > 1e-10))
                break;
            double step = 1.0;
            double trialValue = value;
            bool accepted = false;
            for (int halving = 0; halving < 80; ++halving) {
                m_trial = beta + step * m_step;
                bool trialInside = false;
                trialValue = domainValue(m_trial, t, m_trialProduct, trialInside);
                if (trialInside && trialValue <= value - 0.25 * step * decrement) {
                    accepted = true;
                    break;
                }
                step *= 0.5;
            }
            if (!accepted)
                break;
            beta = m_trial;
            m_product = m_trialProduct;
            value = trialValue;
        }
        if (static_cast<double>(n) / t < 1e-13 * std::max(std::abs(c.dot(beta)), 1e-300))
            return true;
        t *= 20.0;
    }
    return true;
}

NashSolver::Result NashSolver::cccp(const MatrixXd& G, int maxIterations, VectorXd& alpha) {
    Result result;
    const Index n = G.rows();
    const double scale = G.norm(); // the official normalization_factor, |G|_F
    if (!(scale > 0.0)) {
        result.feasible = false;
        return result;
    }
    m_normalized = G / scale;
    const MatrixXd& H = m_normalized;
    if (!bargainingPoint(H, m_betaStar)) {
        result.feasible = false;
        return result;
    }
    const double root = std::sqrt(scale);
    VectorXd current = alpha;
    // The linearization needs alpha > 0 and H alpha > 0. Where the previous alpha (ones at the first
    // step) is outside that domain the official cvxpy call fails and keeps it; we start from the
    // bargaining point instead.
    if (current.size() != n || !(current.minCoeff() > 0.0) || !((H * current).minCoeff() > 0.0))
        current = m_betaStar / root;
    const VectorXd onesProduct = H.rowwise().sum();
    for (int iteration = 0; iteration < maxIterations; ++iteration) {
        m_product.noalias() = H * current;
        m_linear = onesProduct + (current.cwiseInverse() + H * m_product.cwiseInverse()) / scale;
        if (!solveSubproblem(H, m_linear, m_betaStar, m_beta))
            break;
        ++result.iterations;
        const VectorXd next = m_beta / root;
        if ((m_product - (current.array() + 1e-10).inverse().matrix()).norm() < 1e-3)
            break;
        if ((next - current).norm() < 1e-6) {
            current = next;
            break;
        }
        current = next;
    }
    alpha = current;
    return result;
}

} // namespace mtw::mtl::solvers
