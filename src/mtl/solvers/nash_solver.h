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
//   1/2 beta^T H beta - sum log beta_i (damped Newton; self-concordant, so globally convergent). It
//   exists iff the problem is feasible, i.e. no non-negative combination of the gradients vanishes.
// - beta* is optimal iff c = sum_i mu_i grad psi_i(beta*) with mu >= 0; with B = diag(beta*) this
//   is (I + B H B) mu = B c (SPD). That settles most problems in one Cholesky solve.
// - Otherwise some constraints are slack at the optimum: a log-barrier interior-point method
//   (Newton centering, barrier parameter x20, duality gap T/t down to 1e-13 relative) from the
//   strictly feasible point 1.02 beta*.
#include <Eigen/Dense>

namespace mtw::mtl::solvers {

class NashSolver {
public:
    struct Result {
        int iterations = 0; // convex problems solved
        bool feasible = true;
    };

    // The official CCCP on the (unnormalized) Gramian. alpha: in, the starting point (the previous
    // step's alpha; the official code starts from ones); out, the result. When the problem is
    // infeasible alpha is left unchanged and feasible is false.
    Result cccp(const Eigen::MatrixXd& G, int maxIterations, Eigen::VectorXd& alpha);

    // beta with beta o (H beta) = 1 for a Gramian H; false when none exists.
    bool bargainingPoint(const Eigen::MatrixXd& H, Eigen::VectorXd& beta);
    // One convex problem in beta-space given the bargaining point of H. False on failure.
    bool solveSubproblem(
        const Eigen::MatrixXd& H, const Eigen::VectorXd& c, const Eigen::VectorXd& betaStar, Eigen::VectorXd& beta);

private:
    bool barrier(const Eigen::MatrixXd& H, const Eigen::VectorXd& c, Eigen::VectorXd& beta);

    Eigen::MatrixXd m_normalized, m_hessian, m_columns;
    Eigen::LLT<Eigen::MatrixXd> m_llt;
    Eigen::VectorXd m_betaStar, m_beta, m_product, m_gradient, m_step, m_trial, m_trialProduct, m_linear, m_multipliers,
        m_psi;
};

} // namespace mtw::mtl::solvers
