#pragma once
// FairGrad.
// Ban, Ji 2024, "Fair Resource Allocation in Multi-Task Learning" (ICML), Algorithm 1 (the
// alpha-fair update direction d = J^T w solving G w = w^{-1/alpha}), as the official code and
// LibMTL `FairGrad` compute it.
//
// The weights w > 0 solve, element-wise,
//   (G w)_t = w_t^{-1/alpha}.
// LibMTL solves this with scipy least_squares from w = 1/T on w >= 0. Here: F(w) = G w - w^{-1/alpha}
// is the gradient of the strictly convex phi(w) = 1/2 w^T G w - sum_t h(w_t) with h' = x^{-1/alpha}
// (h = log for alpha = 1), so we minimise phi over w > 0 with a damped Newton method (Hessian
// G + diag(w^{-1/alpha-1}/alpha) is positive definite; Armijo backtracking that keeps w > 0) from
// w = 1/T, to |F_t| <= 1e-12 (|G w|_t + w_t^{-1/alpha}) or 100 iterations. A ridge of 1e-12 tr(G)/T
// on G keeps the problem solvable when a non-negative combination of the gradients vanishes (the
// root is then at infinity; those weights multiply a zero direction). alpha = 0 gives the
// uniform weights 1/T (TorchJD's special case: linear scalarisation); G = 0 gives 1/T as well.
//
// Parameters: alpha (default 1.0, LibMTL; 1 = proportional fairness, 2 = minimum potential delay,
// large -> max-min fairness), in [0, 100].
// The weights scale the task heads too (weightsHeads): LibMTL and the official code back-propagate
// sum_t w_t L_t.
// Properties: weighted; not non-conflicting, not linear under scaling; deterministic; stateless.
// Cost per step: O(k T^3) on G, k Newton iterations (typically < 15).
#include "mtl/method.h"

namespace mtw::mtl {

class FairGrad final : public Method {
public:
    explicit FairGrad(double alpha);
    void compute(const MethodInput& input, MethodOutput& output) override;
    bool weightsHeads() const override { return true; }

    // The Newton iterations used by the last compute() (for tests and diagnostics).
    int lastIterations() const { return m_lastIterations; }

private:
    double m_alpha;
    int m_lastIterations = 0;
};

} // namespace mtw::mtl
