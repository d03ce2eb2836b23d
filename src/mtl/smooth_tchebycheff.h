#pragma once
// STCH (Smooth Tchebycheff scalarization) for multi-task learning, as in the official code:
//   warm-up, epochs e < E:   minimise sum_t log(L_t + 1e-20)          -> w_t = 1 / (L_t + 1e-20)
//   epoch e = E:             the same, and the losses are averaged into the nadir vector z
//   epochs e > E:            minimise T mu log sum_t exp(l_t / mu),  l_t = log(L_t / z_t + 1e-20)
//                            -> w_t = T softmax(l / mu)_t / (L_t + 1e-20 z_t).
// Lin et al. 2024, "Smooth Tchebycheff Scalarization for Multi-Objective Optimization" (ICML):
// the smooth Tchebycheff function mu log sum_i exp(lambda_i (f_i - z_i) / mu) of Sec. 3, applied
// as in the official MTL code (Xi-L/STCH `STCH_MTL`, LibMTL `STCH`): equal preferences,
// log-normalised losses, nadir = mean loss of epoch E.
// If no step of epoch E was seen (epochs skipped), the first step after it uses its own losses as
// the nadir (the reference code would divide by zero).
// Parameters:
//   mu             1.0  smoothing parameter (> 0; mu -> 0 recovers the Tchebycheff max).
//   warmup_epochs  4    E: epochs of log-loss training before STCH (LibMTL STCH_warmup_epoch).
// State: the nadir vector (once fixed) and the running sum/count of epoch E's losses.
// Weights depend on the losses only.
#include "mtl/method.h"

namespace mtw::mtl {

class SmoothTchebycheff final : public Method {
public:
    SmoothTchebycheff(int tasks, double mu, int warmupEpochs);
    void compute(const MethodInput& input, MethodOutput& output) override;
    bool weightsHeads() const override { return true; }
    bool needsGramian() const override { return false; } // weights from the losses alone
    MethodState state() const override;
    void setState(const MethodState& state) override;

private:
    double m_mu;
    int m_warmupEpochs;
    VectorXd m_nadirSum;
    long long m_nadirCount = 0;
    VectorXd m_nadir;
    bool m_nadirFixed = false;
};

} // namespace mtw::mtl
