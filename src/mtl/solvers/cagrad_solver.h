#pragma once
// The CAGrad dual problem over the simplex.
// Liu, Liu, Jin, Stone & Liu 2021, "Conflict-Averse Gradient Descent for Multi-task Learning"
// (NeurIPS), Sec. 3.1 and Alg. 1: with g0 = J^T 1 / T (the mean gradient) and the ball radius
// rho = c ||g0||, the direction is d = g0 + rho g_w / ||g_w||, g_w = J^T w, where
//     w = argmin_{w in simplex}  F(w) = g_w^T g0 + rho ||g_w||
//       = w^T b + rho sqrt(w^T G w),   b = G 1 / T.
// F is convex; the solver works on G / trace(G) (the minimizer is invariant to scaling G).
//
// - twoTaskWeight (T = 2, w = (x, 1 - x)): the 1-D bounded problem of the official toy.py, solved
//   in closed form instead of by scipy's bounded Brent search. With A = |g1 - g2|^2,
//   B = (g1 - g2)^T g2, D = A |g2|^2 - B^2 and beta = (g1 - g2)^T g0, F'(x) = 0 gives
//   (A x + B)^2 = k D / (A - k), k = (beta / rho)^2, on the side sign(A x + B) = -sign(beta),
//   clamped to [0, 1]; when A <= k, F is monotone and x is 0 or 1.
// - solve (any T): active-set Newton over the faces of the simplex: Newton steps on the current
//   face (equality-constrained, Hessian rho/r (G_SS - (G w)_S (G w)_S^T / r^2), r = |g_w|),
//   a step that reaches a face boundary drops that coordinate, and at a face optimum the most
//   negative reduced gradient (KKT multiplier of w_i >= 0) re-enters. Unlike the official
//   SLSQP/cvxpy solves it uses no smoothing term (the official code adds 1e-8 under the root).
//   When the optimum has g_w = 0 (a Pareto-stationary point) the iteration stops with r ~ 0.
#include <Eigen/Dense>
#include <vector>

namespace mtw::mtl::solvers {

class CagradSolver {
public:
    // x = w_1 of the T = 2 problem for the (unnormalized) Gramian entries and c >= 0.
    static double twoTaskWeight(double g11, double g12, double g22, double c);
    // w on the simplex for any T >= 1 (T = 2 uses twoTaskWeight unless forceGeneral). Returns
    // false if an iteration limit was hit.
    bool solve(const Eigen::MatrixXd& G, double c, Eigen::VectorXd& w, bool forceGeneral = false);
    int iterations() const { return m_iterations; }

private:
    double objective(const Eigen::VectorXd& w) const;

    Eigen::MatrixXd m_gramian; // G / trace
    Eigen::VectorXd m_linear; // b
    double m_radius = 0.0; // rho (normalized)
    Eigen::VectorXd m_product, m_gradient, m_step, m_trial, m_solveGradient, m_solveOnes;
    Eigen::MatrixXd m_newton;
    Eigen::LLT<Eigen::MatrixXd> m_llt;
    std::vector<Eigen::Index> m_face;
    int m_iterations = 0;
};

} // namespace mtw::mtl::solvers
