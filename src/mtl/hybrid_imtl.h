#pragma once
// IMTL (hybrid): IMTL-L's learnable loss scales combined with IMTL-G's gradient balance. With
// c_t = exp(s_t) the scaled task gradients are c_t g_t (Gramian C G C, C = diag(c)); IMTL-G
// weighs *those*, so on the raw gradients
//   alpha = imtlGradientWeights(C G C),   w_t = c_t alpha_t,
// and s takes one Adam step along d/ds_t [c_t L_t - s_t] = c_t L_t - 1 (IMTL-L).
// Liu et al. 2021, "Towards Impartial Multi-task Learning" (ICLR), the hybrid IMTL of Sec. 3
// (LibMTL `IMTL`, scales initialised at 0).
// Difference from LibMTL: LibMTL trains each task head with its own scaled loss gradient
// c_t dL_t/dtheta_t and applies alpha only to the shared parameters; here, as for every method of
// this family, the heads get w_t = c_t alpha_t.
// Parameters:
//   lr    0.025  Adam learning rate of s (LibMTL steps s with the network's optimizer).
//   init  0.0    initial scale s.
// State: s and its Adam moments.
#include "mtl/method.h"
#include "mtl/parameter_adam.h"

namespace mtw::mtl {

class HybridImtl final : public Method {
public:
    HybridImtl(int tasks, double learningRate, double initialScale);
    void compute(const MethodInput& input, MethodOutput& output) override;
    bool weightsHeads() const override { return true; }
    MethodState state() const override;
    void setState(const MethodState& state) override;

private:
    VectorXd m_scales;
    ParameterAdam m_adam;
};

} // namespace mtw::mtl
