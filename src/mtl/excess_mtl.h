#pragma once
// ExcessMTL: robust MTL that upweights the tasks with the largest estimated *excess* risk. The
// excess risk of task t is estimated from a second-order expansion with an Adagrad-style
// diagonal curvature estimate,
//   A_t <- A_t + g_t (.) g_t                   (per-coordinate sum of squared gradients)
//   e_t = sum_p g_tp^2 / sqrt(A_tp + 1e-7)     (g^T H^-1 g with H ~ diag(sqrt(A)))
// and the weights follow exponentiated gradient ascent on the simplex (scaled to sum T):
//   first step:  e0 = e, lambda = 1;
//   later:       lambda_t <- lambda_t exp(eta e_t / e0_t),   lambda <- T lambda / sum_j lambda_j.
// He et al. 2024, "Robust Multi-Task Learning with Excess Risks" (ICML), the ExcessMTL update as
// in the official code (yifei-he/ExcessMTL, identical to LibMTL `ExcessMTL`).
// `preconditioner` selects how A is kept:
//   "diagonal" (default) -- exactly the reference algorithm: needs the Jacobian and keeps T x P
//                           double-precision sums (they grow over the whole run, so float would
//                           lose the new terms).
//   "scalar"             -- from the Gramian only: A_t <- A_t + |g_t|^2 and e_t = |g_t|^2 / sqrt(A_t + 1e-7),
//                           i.e. Adagrad-Norm, one accumulator per task. It equals the diagonal
//                           estimate whenever each task's accumulated squared gradient is spread
//                           evenly over the coordinates (A_tp = A_t / P; the constant sqrt(P) cancels
//                           in e_t / e0_t up to the 1e-7 term), and otherwise ignores how curvature
//                           differs between coordinates. O(T) state, no Jacobian.
// A task whose first estimate e0_t is zero gets ratio 0 (the reference code divides by zero).
// Parameters:
//   robust_step_size  1e-2        eta (LibMTL robust_step_size).
//   preconditioner    "diagonal"  "diagonal" or "scalar" (above).
// State: lambda, e0, the accumulators A.
#include "mtl/method.h"

namespace mtw::mtl {

class ExcessMtl final : public Method {
public:
    ExcessMtl(int tasks, double robustStepSize, bool diagonal);
    void compute(const MethodInput& input, MethodOutput& output) override;
    bool needsJacobian() const override { return m_diagonal; }
    bool weightsHeads() const override { return true; }
    MethodState state() const override;
    void setState(const MethodState& state) override;

private:
    VectorXd excessRisks(const MethodInput& input);

    double m_stepSize;
    bool m_diagonal;
    VectorXd m_weights;
    VectorXd m_initialRisk;
    bool m_started = false;
    MatrixXd m_squaredSums; // T x P ("diagonal") or T x 1 ("scalar"); empty before the first step
};

} // namespace mtw::mtl
