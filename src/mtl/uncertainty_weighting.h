#pragma once
// UW (homoscedastic uncertainty weighting): each task has a learnable log-variance s_t and the
// objective is
//   L_UW = sum_t [ L_t / (2 exp(s_t)) + s_t / 2 ],
// so the task weights are w_t = 1 / (2 exp(s_t)) and dL_UW/ds_t = (1 - L_t exp(-s_t)) / 2.
// Kendall, Gal, Cipolla 2018, "Multi-Task Learning Using Uncertainty to Weigh Losses for Scene
// Geometry and Semantics" (CVPR), Eq. 7 with s = log sigma^2 as in LibMTL `UW`.
// Each step returns the weights of the current s, then takes one Adam step on s with the
// gradient above (the reference codes let an optimizer step s after the backward pass).
// Parameters:
//   lr       0.025  Adam learning rate of s (nash-mtl `--method-params-lr`; LibMTL instead steps
//                   s with the model's optimizer and learning rate, 1e-4 by default).
//   init    -0.5    initial log-variance (LibMTL; nash-mtl uses 0).
// State: s and its Adam moments. Weights depend on the losses only.
#include "mtl/method.h"
#include "mtl/parameter_adam.h"

namespace mtw::mtl {

class UncertaintyWeighting final : public Method {
public:
    UncertaintyWeighting(int tasks, double learningRate, double initialLogVariance);
    void compute(const MethodInput& input, MethodOutput& output) override;
    bool weightsHeads() const override { return true; }
    bool needsGramian() const override { return false; } // weights from the losses alone
    MethodState state() const override;
    void setState(const MethodState& state) override;

private:
    VectorXd m_logVariance;
    ParameterAdam m_adam;
};

} // namespace mtw::mtl
