#pragma once
// RLW (Random Loss Weighting): w = softmax(z), z ~ N(0, I_T), drawn fresh every step.
// Lin, Ye, Xu, Shi, Zhang 2022, "Reasonable Effectiveness of Random Weighting: A Litmus Test for
// Multi-Task Learning" (TMLR), Eq. 4 (normal distribution variant, LibMTL `RLW`; TorchJD `Random`).
// No parameters. Linear under scaling, stochastic.
#include "mtl/method.h"

namespace mtw::mtl {

class RandomLossWeighting final : public Method {
public:
    void compute(const MethodInput& input, MethodOutput& output) override;
    bool weightsHeads() const override { return true; }
    bool needsGramian() const override { return false; }
};

} // namespace mtw::mtl
