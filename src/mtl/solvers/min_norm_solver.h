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
// - exact: the exact minimizer (to rounding). Through the Lawson-Hanson least-distance reduction,
//   x = argmin_{x >= 0} 1/2 x^T (G + 1 1^T) x - 1^T x gives w* = x / sum(x) (the KKT conditions
//   of both problems coincide, with multiplier (1 - sum x) / sum x = w*^T G w*). Solved by
//   NonnegativeQp; correct for singular G.
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
};

// Convenience wrapper around MinNormSolver::exact (twoTaskWeight for T = 2).
Eigen::VectorXd minNormWeights(const Eigen::MatrixXd& G);

} // namespace mtw::mtl::solvers
