#include "mtl/solvers/nonnegative_qp.h"

#include <algorithm>
#include <cmath>

namespace mtw::mtl::solvers {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

bool NonnegativeQp::appendToFactor(const MatrixXd& Q, Index k)
{
    const Index m = m_size;
    for (Index a = 0; a < m; ++a)
        m_column(a) = Q(m_free[static_cast<std::size_t>(a)], k);
    Eigen::VectorBlock<VectorXd> l = m_column.head(m);
    if (m > 0)
        m_factor.topLeftCorner(m, m).triangularView<Eigen::Lower>().solveInPlace(l);
    const double pivot = Q(k, k) - l.squaredNorm();
    // A pivot that vanishes relative to Q_kk means row k is (numerically) in the span of the free
    // rows: freeing it would make Q_FF singular.
    if (!(pivot > 1e-13 * std::max(Q(k, k), 0.0)) || pivot <= 0.0)
        return false;
    m_factor.row(m).head(m) = l.transpose();
    m_factor(m, m) = std::sqrt(pivot);
    m_free.push_back(k);
    m_isFree[static_cast<std::size_t>(k)] = 1;
    ++m_size;
    return true;
}

void NonnegativeQp::removeFromFactor(Index position)
{
    // Deleting row p of L leaves rows p..m-2 with one entry right of the diagonal; Givens rotations
    // on column pairs (j, j+1) restore the triangle without changing L L^T.
    const Index m = m_size;
    for (Index r = position; r + 1 < m; ++r)
        m_factor.row(r).head(m) = m_factor.row(r + 1).head(m);
    for (Index j = position; j + 1 < m; ++j) {
        const double a = m_factor(j, j);
        const double b = m_factor(j, j + 1);
        const double radius = std::hypot(a, b);
        if (radius == 0.0)
            continue;
        const double c = a / radius;
        const double s = b / radius;
        for (Index r = j; r + 1 < m; ++r) {
            const double x = m_factor(r, j);
            const double y = m_factor(r, j + 1);
            m_factor(r, j) = c * x + s * y;
            m_factor(r, j + 1) = -s * x + c * y;
        }
        m_factor(j, j + 1) = 0.0;
    }
    const Index k = m_free[static_cast<std::size_t>(position)];
    m_isFree[static_cast<std::size_t>(k)] = 0;
    m_free.erase(m_free.begin() + position);
    --m_size;
}

void NonnegativeQp::solveSubspace(const VectorXd& q)
{
    const Index m = m_size;
    for (Index a = 0; a < m; ++a)
        m_subspace(a) = -q(m_free[static_cast<std::size_t>(a)]);
    Eigen::VectorBlock<VectorXd> z = m_subspace.head(m);
    const Eigen::Block<MatrixXd> L = m_factor.topLeftCorner(m, m);
    L.triangularView<Eigen::Lower>().solveInPlace(z);
    L.transpose().triangularView<Eigen::Upper>().solveInPlace(z);
}

bool NonnegativeQp::solve(const MatrixXd& Q, const VectorXd& q, VectorXd& x)
{
    const Index n = q.size();
    if (m_factor.rows() < n)
        m_factor.resize(n, n);
    m_gradient.resize(n);
    m_subspace.resize(n);
    m_column.resize(n);
    m_free.clear();
    m_free.reserve(static_cast<std::size_t>(n));
    m_isFree.assign(static_cast<std::size_t>(n), 0);
    m_blocked.assign(static_cast<std::size_t>(n), 0);
    m_size = 0;
    m_iterations = 0;
    x.setZero(n);
    if (n == 0)
        return true;

    const double maxDiagonal = std::max(Q.diagonal().maxCoeff(), 0.0);
    const double qScale = q.cwiseAbs().maxCoeff();
    const int maxIterations = 20 * static_cast<int>(n) + 100;
    while (m_iterations++ < maxIterations) {
        // x is zero outside the free set: Q x costs O(T |F|), not O(T^2).
        m_gradient = q;
        for (Index a = 0; a < m_size; ++a) {
            const Index i = m_free[static_cast<std::size_t>(a)];
            m_gradient.noalias() += Q.col(i) * x(i);
        }
        // KKT for the bound variables: gradient >= 0, up to rounding relative to the problem scale.
        const double tolerance = 1e-12 * (qScale + maxDiagonal * x.cwiseAbs().maxCoeff());
        Index entering = -1;
        double mostNegative = -tolerance;
        for (Index i = 0; i < n; ++i) {
            const auto iu = static_cast<std::size_t>(i);
            if (!m_isFree[iu] && !m_blocked[iu] && m_gradient(i) < mostNegative) {
                mostNegative = m_gradient(i);
                entering = i;
            }
        }
        if (entering < 0)
            return true;
        if (!appendToFactor(Q, entering)) {
            m_blocked[static_cast<std::size_t>(entering)] = 1;
            continue;
        }
        bool firstInner = true;
        while (m_iterations++ < maxIterations) {
            solveSubspace(q);
            double step = 1.0;
            Index blocking = -1;
            for (Index a = 0; a < m_size; ++a) {
                const double z = m_subspace(a);
                if (z <= 0.0) {
                    const double current = x(m_free[static_cast<std::size_t>(a)]);
                    const double ratio = current / (current - z);
                    if (ratio < step) {
                        step = ratio;
                        blocking = a;
                    }
                }
            }
            if (blocking < 0) {
                for (Index a = 0; a < m_size; ++a)
                    x(m_free[static_cast<std::size_t>(a)]) = m_subspace(a);
                std::fill(m_blocked.begin(), m_blocked.end(), 0);
                break;
            }
            if (firstInner && step <= 0.0 && m_free[static_cast<std::size_t>(blocking)] == entering) {
                // Rounding made the entering variable non-positive at once: keep it at its bound.
                removeFromFactor(blocking);
                m_blocked[static_cast<std::size_t>(entering)] = 1;
                break;
            }
            firstInner = false;
            for (Index a = 0; a < m_size; ++a) {
                const Index i = m_free[static_cast<std::size_t>(a)];
                x(i) += step * (m_subspace(a) - x(i));
            }
            x(m_free[static_cast<std::size_t>(blocking)]) = 0.0;
            if (step > 0.0)
                std::fill(m_blocked.begin(), m_blocked.end(), 0);
            for (Index a = m_size - 1; a >= 0; --a) {
                const Index i = m_free[static_cast<std::size_t>(a)];
                if (x(i) <= 0.0) {
                    x(i) = 0.0;
                    removeFromFactor(a);
                }
            }
        }
    }
    return false;
}

} // namespace mtw::mtl::solvers
