#pragma once
// EMA loss weighting: scale each task loss by the inverse of an exponential moving average of its
// own observed magnitude,
//   a_t <- beta a_t + (1 - beta) L_t   (a_t = L_t at the first step),
//   w_t = 1 / a_t                          (normalization "none": each weighted loss is ~1)
//   w_t = T (1/a_t) / sum_j (1/a_j)        (normalization "sum": weights sum to T, as DWA's)
// Lakkapragada, Sleiman, Surabhi, Wall 2022, "Mitigating Negative Transfer in Multi-Task Learning
// with Exponential Moving Average Loss Weighting Strategies", arXiv 2211.12999 (AAAI-23 student
// abstract).
// The average includes the current step's loss (the weights react to the magnitudes observed so
// far, this step included) and the weights are constants for the backward pass. The reference
// library's text of the paper was not available when this was written: the abstract fixes
// "scale by the EMA of the observed loss", the normalization and the beta default are our
// choices, exposed as parameters.
// Parameters:
//   beta           0.9     EMA decay, in [0, 1): 0 gives w_t = 1/L_t each step.
//   normalization  "none"  "none" or "sum" (above).
// State: the averages a and whether they are initialised. Weights depend on the losses only.
#include "mtl/method.h"

namespace mtw::mtl {

class EmaLossWeighting final : public Method {
public:
    EmaLossWeighting(int tasks, double beta, bool normalizeToTaskCount);
    void compute(const MethodInput& input, MethodOutput& output) override;
    bool weightsHeads() const override { return true; }
    bool needsGramian() const override { return false; } // weights from the losses alone
    MethodState state() const override;
    void setState(const MethodState& state) override;

private:
    double m_beta;
    bool m_normalize;
    VectorXd m_average;
    bool m_started = false;
};

} // namespace mtw::mtl
