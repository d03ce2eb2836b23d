#pragma once
// Nash-MTL weights: the Nash bargaining solution of Navon et al. 2022, "Multi-Task Learning as a
// Bargaining Game" (ICML), Theorem 5.4 / Eq. (2): alpha > 0 with  G alpha = 1 / alpha
// (element-wise), G = J J^T; solved, as in Sec. 3.1 / Alg. 1 and the official code
// (AvivNavon/nash-mtl, methods/weight_methods.py), by a CCCP sequence of convex problems.
//
// Official formulation, with n = |G|_F and H = G / n:
//     phi(alpha) = sum_i log(alpha_i) + log((H alpha)_i)        (concave; linearized at alpha_t)
//     alpha_{t+1} = argmin_alpha  1^T H alpha + phi'(alpha_t)^T (alpha - alpha_t) / n
//                   s.t.  alpha_i n (H alpha)_i >= 1,  alpha >= 0,
//     phi'(alpha) = 1 / alpha + H (1 / (H alpha)),
// stopped after optim_niter problems, when |H alpha_t - 1 / (alpha_t + 1e-10)| < 1e-3, or when
// |alpha_{t+1} - alpha_t| < 1e-6.
//
// In-house solution of each convex problem (official: cvxpy + ECOS). With beta = sqrt(n) alpha the
// problem is  min c^T beta  s.t.  psi_i(beta) = log beta_i + log (H beta)_i >= 0,  c = H 1 + phi'/n.
// - The point where every constraint is tight, beta* o (H beta*) = 1, is the unique minimizer of
//   f(beta) = 1/2 beta^T H beta - sum log beta_i. It exists iff the problem is feasible, i.e. no
//   non-negative combination of the gradients vanishes (Gordan). f is self-concordant (a convex
//   quadratic plus a log barrier): Newton's method with backtracking converges globally and, once
//   the Newton decrement lambda is below 1/4, full steps stay in beta > 0 and converge
//   quadratically, lambda+ <= (lambda / (1 - lambda))^2 (Nesterov 2004, Sec. 4.1; Boyd &
//   Vandenberghe 2004, Sec. 9.6). Full steps there, because Armijo's test compares objective
//   values whose difference is then below their round-off.
//   Stopping is relative to the magnitudes involved (issue 10): (H beta)_i sums terms of size
//   (|H| beta)_i, which for nearly opposite gradients (1 + cos = 1e-8) cancel to ~1e-8 of their
//   size, so the residual beta_i (H beta)_i - 1 cannot fall below ~eps beta_i (|H| beta)_i. Newton
//   stops when that scaled residual is at round-off, or when full steps stop shrinking lambda as the
//   bound above requires (round-off, not the method, limits progress); the point is then accepted
//   if its scaled residual is below 1e-10.
//   Infeasible: a zero gradient; Newton running off (beta grows without bound along a beta >= 0
//   with H beta = 0); or a point whose (H beta)_i = 1 / beta_i is within 64 ulps of
//   (|H| beta)_i, which the Gramian's round-off cannot tell from an infeasible problem (two tasks
//   with 1 + cos below ~1e-13). Anything else that stops Newton (a non-finite or indefinite H) is
//   a failure.
// - beta* is optimal iff c = sum_i mu_i grad psi_i(beta*) with mu >= 0; with B = diag(beta*) this
//   is (I + B H B) mu = B c (SPD). That settles most problems in one Cholesky solve.
// - Otherwise some constraints are slack at the optimum: a log-barrier interior-point method
//   (Newton centering, barrier parameter x20, duality gap T/t down to 1e-13 relative) from the
//   strictly feasible point 1.02 beta*.
#include <Eigen/Dense>

namespace mtw::mtl::solvers {

class NashSolver {
public:
    enum class Outcome {
        solved,
        infeasible, // no solution, to working precision (see above)
        failed, // no solution found, and no sign that none exists (a non-finite or indefinite G)
    };

    struct Result {
        int iterations = 0; // convex problems solved
        bool feasible = true; // false: no solution exists (see Outcome); alpha unchanged
        // A solve failed without proving infeasibility (the official code keeps its previous alpha
        // when cvxpy fails): alpha is unchanged when the bargaining point failed, else the CCCP's
        // last iterate.
        bool failed = false;
    };

    // The official CCCP on the (unnormalized) Gramian. alpha: in, the starting point (the previous
    // step's alpha; the official code starts from ones); out, the result (see Result).
    Result cccp(const Eigen::MatrixXd& G, int maxIterations, Eigen::VectorXd& alpha);

    // beta with beta o (H beta) = 1 for a Gramian H.
    Outcome bargaining(const Eigen::MatrixXd& H, Eigen::VectorXd& beta);
    // bargaining() == Outcome::solved.
    bool bargainingPoint(const Eigen::MatrixXd& H, Eigen::VectorXd& beta);
    // One convex problem in beta-space given the bargaining point of H. False on failure.
    bool solveSubproblem(
        const Eigen::MatrixXd& H, const Eigen::VectorXd& c, const Eigen::VectorXd& betaStar, Eigen::VectorXd& beta);

private:
    bool barrier(const Eigen::MatrixXd& H, const Eigen::VectorXd& c, Eigen::VectorXd& beta);

    // max_i |beta_i (H beta)_i - 1| / max(1, beta_i (|H| beta)_i), with m_product = H beta; sets
    // m_largestMagnitude = max_i beta_i (|H| beta)_i.
    double scaledResidual(const Eigen::VectorXd& beta);
    double m_largestMagnitude = 0.0;

    Eigen::MatrixXd m_normalized, m_absolute, m_hessian, m_columns;
    Eigen::LLT<Eigen::MatrixXd> m_llt;
    Eigen::VectorXd m_betaStar, m_beta, m_product, m_gradient, m_step, m_trial, m_trialProduct, m_linear, m_multipliers,
        m_psi, m_magnitude;
};

} // namespace mtw::mtl::solvers
