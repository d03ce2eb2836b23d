#include "mtl/solvers/nash_solver.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mtw::mtl::solvers {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

// Newton stops at a scaled residual of a few ulps (well-conditioned problems reach it), and
// accepts the point where progress stalls if its scaled residual is below kAccept: far above
// round-off (~n eps), far below any real error.
constexpr double kExact = 8.0 * std::numeric_limits<double>::epsilon();
constexpr double kAccept = 1e-10;
// Largest beta_i (|H| beta)_i of a solution: beyond it (H beta)_i = 1 / beta_i is within 64 ulps of
// the terms it sums, and the problem is infeasible to working precision (see the header).
constexpr double kMaxMagnitude = 1.0 / (64.0 * std::numeric_limits<double>::epsilon());
// Full Newton steps below this decrement lambda^2 = (1/4)^2: in beta > 0 and quadratically convergent.
constexpr double kLocalDecrement = 1.0 / 16.0;

double bargainingObjective(const MatrixXd& H, const VectorXd& beta, VectorXd& product)
{
    product.noalias() = H * beta;
    return 0.5 * beta.dot(product) - beta.array().log().sum();
}

} // namespace

double NashSolver::scaledResidual(const VectorXd& beta)
{
    m_magnitude.noalias() = m_absolute * beta; // beta > 0, so |H| |beta| = |H| beta
    double worst = 0.0;
    m_largestMagnitude = 0.0;
    for (Index i = 0; i < beta.size(); ++i) {
        const double magnitude = beta(i) * m_magnitude(i);
        worst = std::max(worst, std::abs(beta(i) * m_product(i) - 1.0) / std::max(1.0, magnitude));
        m_largestMagnitude = std::max(m_largestMagnitude, magnitude);
    }
    return worst;
}

NashSolver::Outcome NashSolver::bargaining(const MatrixXd& H, VectorXd& beta)
{
    const Index n = H.rows();
    if (!H.allFinite() || !(H.diagonal().minCoeff() >= 0.0))
        return Outcome::failed; // not a Gramian
    if (!(H.diagonal().minCoeff() > 0.0))
        return Outcome::infeasible; // a zero gradient: (H beta)_i = 0 for every beta
    m_absolute = H.cwiseAbs();
    beta = H.diagonal().cwiseSqrt().cwiseInverse(); // exact when the gradients are orthogonal
    const double startScale = beta.maxCoeff();
    double value = bargainingObjective(H, beta, m_product);
    double residual = scaledResidual(beta);
    // The previous full step's decrement; infinite after a damped step, which promises nothing.
    double previousDecrement = std::numeric_limits<double>::infinity();
    double decrement = std::numeric_limits<double>::infinity();
    const auto verdict = [&](bool accepted) {
        if (!(m_largestMagnitude <= kMaxMagnitude))
            return Outcome::infeasible;
        return accepted ? Outcome::solved : Outcome::failed;
    };
    for (int iteration = 0; iteration < 200; ++iteration) {
        m_gradient = m_product - beta.cwiseInverse();
        m_hessian = H;
        m_hessian.diagonal() += beta.cwiseInverse().cwiseAbs2();
        m_llt.compute(m_hessian);
        // Fails where H is indefinite, or where 1 / beta^2 has fallen below H's round-off while
        // Newton runs off (the magnitude test then calls it infeasible).
        if (m_llt.info() != Eigen::Success)
            return verdict(false);
        m_step = -m_llt.solve(m_gradient);
        decrement = std::max(-m_gradient.dot(m_step), 0.0);
        if (!std::isfinite(decrement))
            return verdict(false);
        // The scaled residual alone is no proof: running off to infinity along H beta = 0 it
        // falls like 1 / beta^2. A small Newton decrement says beta is near the minimizer.
        if (decrement <= kLocalDecrement && residual <= kExact)
            return verdict(true);
        if (decrement <= kLocalDecrement) {
            // Exact arithmetic would shrink lambda^2 at least 5-fold per full step; when it does
            // not, round-off in the gradient dominates and further steps only move in the noise.
            if (!(decrement < 0.25 * previousDecrement))
                return verdict(residual <= kAccept);
            beta += m_step;
            value = bargainingObjective(H, beta, m_product);
            previousDecrement = decrement;
        } else {
            // Damped phase: backtracking (Armijo) with a cap that keeps beta > 0. The decrease
            // asked for, >= 1/64 of the step, is far above the objective's round-off.
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
            previousDecrement = std::numeric_limits<double>::infinity();
        }
        // Without a solution the objective is unbounded below along some beta >= 0 with
        // H beta = 0, and Newton runs off along it geometrically.
        if (beta.maxCoeff() > 1e10 * startScale)
            return Outcome::infeasible;
        residual = scaledResidual(beta);
    }
    return verdict(decrement <= kLocalDecrement && residual <= kAccept);
}

bool NashSolver::bargainingPoint(const MatrixXd& H, VectorXd& beta)
{
    return bargaining(H, beta) == Outcome::solved;
}

bool NashSolver::solveSubproblem(const MatrixXd& H, const VectorXd& c, const VectorXd& betaStar, VectorXd& beta)
{
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

bool NashSolver::barrier(const MatrixXd& H, const VectorXd& c, VectorXd& beta)
{
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

NashSolver::Result NashSolver::cccp(const MatrixXd& G, int maxIterations, VectorXd& alpha)
{
    Result result;
    const Index n = G.rows();
    const double scale = G.norm(); // the official normalization_factor, |G|_F
    if (!std::isfinite(scale)) {
        result.failed = true;
        return result;
    }
    if (!(scale > 0.0)) {
        result.feasible = false; // every gradient is zero
        return result;
    }
    m_normalized = G / scale;
    const MatrixXd& H = m_normalized;
    switch (bargaining(H, m_betaStar)) {
    case Outcome::solved:
        break;
    case Outcome::infeasible:
        result.feasible = false;
        return result;
    case Outcome::failed:
        result.failed = true;
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
        if (!solveSubproblem(H, m_linear, m_betaStar, m_beta)) {
            result.failed = true; // as cvxpy failing: keep the last iterate
            break;
        }
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
