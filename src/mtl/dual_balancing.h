#pragma once
// DB-MTL (Dual-Balancing Multi-Task Learning): balance loss scales with a log transform and
// gradient magnitudes by rescaling every task's (averaged) log-loss gradient to the largest norm.
//   h_t = g_t / (L_t + 1e-8)                       (gradient of log(L_t + 1e-8))
//   b_t <- h_t + (beta / k^sigma) (b_t - h_t)      (EMA over steps k = 1, 2, ...; b_t = 0 before)
//   alpha_t = max_j |b_j| / (|b_t| + 1e-8),   d = sum_t alpha_t b_t.
// Lin et al. 2023, "Dual-Balancing for Multi-Task Learning", arXiv 2308.12029,
// Alg. 1 (LibMTL `DB_MTL`, parameters DB_beta and DB_beta_sigma).
// The b_t are EMAs of gradient *vectors* taken at earlier parameters and mini-batches, so d is not
// a function of this step's Gramian: the method needs the Jacobian, keeps T x P state, and returns
// a direction (it is not "weighted"). The returned weights 1 / (L_t + 1e-8) are for the task
// heads, which LibMTL trains with the plain log-loss gradient.
// Parameters:
//   beta        0.9  EMA factor (LibMTL DB_beta).
//   beta_sigma  0    decay exponent of the EMA factor, beta / k^sigma (LibMTL DB_beta_sigma).
// State: the T x P averages b (single precision like the gradients; the average only remembers
// the last ~1/(1-beta) steps) and the step count.
#include "mtl/method.h"

namespace mtw::mtl {

class DualBalancing final : public Method {
public:
    DualBalancing(int tasks, double beta, double betaSigma);
    void compute(const MethodInput& input, MethodOutput& output) override;
    bool needsJacobian() const override { return true; }
    bool weightsHeads() const override { return true; }
    MethodState state() const override;
    void setState(const MethodState& state) override;

private:
    int m_tasks;
    double m_beta;
    double m_betaSigma;
    Matrix m_average; // T x P, empty before the first step
    long long m_steps = 0;
};

} // namespace mtw::mtl
