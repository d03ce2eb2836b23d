#pragma once
// GradNorm: learnable task weights w (init 1) trained so that the weighted gradient norms
// G_t = |w_t| |g_t| follow a common target scaled by each task's relative inverse training rate:
//   Lhat_t = L_t / L_t(0),   r_t = Lhat_t / mean_j Lhat_j,   Gbar = mean_j G_j,
//   L_grad = sum_t | G_t - Gbar r_t^alpha |        (target Gbar r_t^alpha held constant),
//   dL_grad/dw_t = sign(G_t - Gbar r_t^alpha) sign(w_t) |g_t|,
// then one optimizer step on w and the renormalisation w <- T w / sum_j w_j.
// Chen, Badrinarayanan, Lee, Rabinovich 2018, "GradNorm: Gradient Normalization for Adaptive Loss
// Balancing in Deep Multitask Networks" (ICML), Eq. 1-2 and Alg. 1.
// Each step returns the current w (used for this step's update), then updates w as above; L(0)
// is the loss vector of the first step the method sees (Alg. 1).
// Differences from the paper, on purpose:
//   - |g_t| is the norm over all shared parameters, sqrt(G_tt), not over the last shared layer
//     the paper recommends (W); this needs no extra backward pass but costs the norm of the whole
//     trunk's gradient, and the balance it reaches is that of the whole trunk.
//   - the optimizer of w is its own Adam with learning rate `lr` (the paper uses the network's
//     optimizer; LibMTL steps w with the model's optimizer). LibMTL also parameterises
//     w = T softmax(logits) and uses equal weights with L(0) = the epoch-0 mean during epoch 0;
//     here the paper's renormalised weights and first-step L(0) are used.
// Parameters:
//   alpha  1.5    restoring-force strength (paper, LibMTL).
//   lr     0.025  Adam learning rate of w.
// State: w, L(0), the Adam moments.
#include "mtl/method.h"
#include "mtl/parameter_adam.h"

namespace mtw::mtl {

class GradNorm final : public Method {
public:
    GradNorm(int tasks, double alpha, double learningRate);
    void compute(const MethodInput& input, MethodOutput& output) override;
    bool weightsHeads() const override { return true; }
    MethodState state() const override;
    void setState(const MethodState& state) override;

private:
    double m_alpha;
    VectorXd m_weights;
    VectorXd m_initialLosses;
    bool m_started = false;
    ParameterAdam m_adam;
};

} // namespace mtw::mtl
