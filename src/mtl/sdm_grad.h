#pragma once
// SDMGrad (Stochastic Direction-oriented Multi-objective Gradient descent).
// Xiao, Ban, Ji 2023, "Direction-oriented Multi-objective Learning: Simple and Provable Stochastic
// Algorithms" (NeurIPS), Algorithm 1 (SDMGrad), in the form of the official code and LibMTL
// `SDMGrad`.
//
// With the preference w~ = 1/T (the average gradient is the target direction):
//   A      = G / (mean_t sqrt(max(G_tt, 0))^2 + 1e-8)                (scale normalisation, Sec. 6.1)
//   repeat niter times (SGD with momentum 0.5 and step lr, restarted every call):
//     grad = A (w + lambda w~);  m = grad (first) or 0.5 m + grad;  w <- Proj_simplex(w - lr m)
//   weights = (w + lambda w~) / (1 + lambda),   d = J^T weights.
// w persists from step to step (it starts at 1/T), as in LibMTL.
//
// Deviation: SDMGrad draws three independent mini-batches per step (xi, xi' for A = J_xi J_xi'^T
// and zeta for the update); with one mini-batch per step we use the same J, so A is the Gramian.
//
// Parameters (LibMTL defaults): lambda 0.3 (pull towards the average gradient), niter 20 (inner
// iterations), lr 5.0 (inner SGD step, hard-coded in LibMTL; the official class uses 10).
// Properties: weighted; not non-conflicting, not linear under scaling; deterministic; stateful
// (w, T numbers). Cost per step: O(niter T^2 + niter T log T) on G.
#include "mtl/method.h"

namespace mtw::mtl {

class SdmGrad final : public Method {
public:
    SdmGrad(double lambda, int iterations, double learningRate, int taskCount);
    void compute(const MethodInput& input, MethodOutput& output) override;
    MethodState state() const override;
    void setState(const MethodState& state) override;

private:
    double m_lambda;
    int m_iterations;
    double m_learningRate;
    VectorXd m_w;
};

} // namespace mtw::mtl
