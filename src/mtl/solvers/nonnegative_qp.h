#pragma once
// Exact solver for small non-negatively constrained convex quadratic programs
//     minimize 1/2 x^T Q x + q^T x   subject to x >= 0,        Q symmetric positive semidefinite.
//
// Primal active-set method in the style of Lawson & Hanson's NNLS (Lawson & Hanson 1974, "Solving
// Least Squares Problems", ch. 23): x stays feasible; the free set F grows by the most violated
// KKT condition (most negative gradient entry), the subspace problem Q_FF x_F = -q_F is solved
// exactly, and when that point leaves the orthant the step is cut at the boundary and the blocking
// variables return to the bound. The Cholesky factor of Q_FF is updated incrementally (appended
// row when a variable becomes free, Givens rotations when one is removed), so a change of the free
// set costs O(T^2) instead of O(T^3).
//
// Why Lawson-Hanson rather than Goldfarb-Idnani (quadprog, used by TorchJD): it never needs Q to be
// definite. A variable is freed only where its gradient is negative, which (for Q = J J^T) means
// its row of J is not in the span of the free rows, so Q_FF stays non-singular even when Q is
// rank-deficient (more tasks than parameters).
//
// Used by: the dual-cone projection (UPGrad, DualProj) and the exact min-norm solver (MGDA).
#include <Eigen/Dense>
#include <vector>

namespace mtw::mtl::solvers {

class NonnegativeQp {
public:
    // Solves the problem; x is resized to q.size(). Returns false when the iteration limit was hit
    // (x is then the last feasible iterate). Workspace is kept between calls: repeated solves of
    // the same size allocate nothing.
    bool solve(const Eigen::MatrixXd& Q, const Eigen::VectorXd& q, Eigen::VectorXd& x);
    int iterations() const { return m_iterations; }

private:
    bool appendToFactor(const Eigen::MatrixXd& Q, Eigen::Index k);
    void removeFromFactor(Eigen::Index position);
    void solveSubspace(const Eigen::VectorXd& q);

    Eigen::MatrixXd m_factor; // lower Cholesky factor of Q_FF in its top-left m x m corner
    Eigen::VectorXd m_gradient;
    Eigen::VectorXd m_subspace; // z_F, in the order of m_free
    Eigen::VectorXd m_column;
    std::vector<Eigen::Index> m_free; // F, in factor order
    std::vector<char> m_isFree;
    std::vector<char> m_blocked;
    Eigen::Index m_size = 0; // |F|
    int m_iterations = 0;
};

} // namespace mtw::mtl::solvers
