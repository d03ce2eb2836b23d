#pragma once
// Min-norm element of the convex hull of the task gradients, in weight space:
//     w* = argmin_{w in simplex} w^T G w,   G = J J^T,   d = J^T w*.
// Sener & Koltun 2018, "Multi-Task Learning as Multi-Objective Optimization" (NeurIPS), Alg. 2
// (Frank-Wolfe) with the exact line search of Alg. 1 (two vectors). Three solvers:
//
// - twoTaskWeight: the closed form of Alg. 1 for T = 2,
//       gamma = clamp((G22 - G12) / (G11 + G22 - 2 G12), 0, 1),  w = (gamma, 1 - gamma)
//   (1/2 when g1 = g2, where every gamma is optimal).
// - frankWolfe: Alg. 2 as TorchJD's MGDAWeighting runs it: start at w = 1/T; pick
//   t = argmin_i (G w)_i; exact line search between w and e_t; stop when the step gamma < epsilon
//   or after maxIters (TorchJD defaults epsilon = 1e-3, maxIters = 100). The iterate is kept in
//   O(T) per iteration by updating G w incrementally.
// - exact: the exact minimizer (to rounding), for any T. Through the Lawson-Hanson least-distance
//   reduction on the Jacobi-scaled problem: with n_i = |g_i|, a_i = min_j n_j / n_i (in (0, 1])
//   and the cosine matrix H = diag(1/n) G diag(1/n),
//       x = argmin_{x >= 0} 1/2 x^T (H + a a^T) x - a^T x,   w* = (x o a) / (a^T x).
//   KKT of the reduction, H x = (1 - a^T x) a + lambda, becomes (G w*)_i = mu + nu_i with
//   mu = n_min^2 (1 - a^T x) / (a^T x) = w*^T G w* and nu_i = n_i n_min lambda_i / (a^T x) >= 0,
//   zero on the support: the KKT conditions of the min-norm problem, so x gives w* exactly.
//   Why the scaling: the unscaled reduction adds 1 1^T to G / trace(G), which rounds away the
//   small rows' entries when row norms differ -- 1e-8 relative error in w with norms 1e4 apart,
//   all digits lost at 1e6. H and a a^T are both O(1) on the small rows, so w* is accurate to
//   rounding there (issue 10). A zero gradient puts 0 in the hull: w* is uniform over the zero rows.
//   Solved by NonnegativeQp; correct for singular G (T > P). Cost: O(T^2) to form H, then
//   O(T |F| + |F|^2) per change of the active set F, in practice about |support| changes (the
//   iteration cap 20 T + 100 bounds the worst case at O(T^3)); T = 64 takes about 0.1 ms,
//   T = 256 about 3 ms.
#include "mtl/solvers/nonnegative_qp.h"

namespace mtw::mtl::solvers {

class MinNormSolver {
public:
    static double twoTaskWeight(double g11, double g12, double g22);

    // Returns the number of iterations run.
    int frankWolfe(const Eigen::MatrixXd& G, double epsilon, int maxIters, Eigen::VectorXd& w);
    // Returns false if the active-set iteration limit was hit.
    bool exact(const Eigen::MatrixXd& G, Eigen::VectorXd& w);

private:
    NonnegativeQp m_qp;
    Eigen::MatrixXd m_quadratic;
    Eigen::VectorXd m_linear;
    Eigen::VectorXd m_product;
    Eigen::VectorXd m_norms; // |g_i|
    Eigen::VectorXd m_scale; // a_i = min_j |g_j| / |g_i|
};

// Convenience wrapper around MinNormSolver::exact (twoTaskWeight for T = 2).
Eigen::VectorXd minNormWeights(const Eigen::MatrixXd& G);

} // namespace mtw::mtl::solvers
