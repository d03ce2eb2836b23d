#pragma once
// GLS (Geometric Loss Strategy): minimise the geometric mean of the task losses,
//   L_GLS = (prod_t L_t)^(1/T),
// whose gradient is sum_t w_t g_t with
//   w_t = (prod_j L_j)^(1/T) / (T L_t).
// Chennupati, Sistu, Yogamani, Rawashdeh 2019, "MultiNet++: Multi-Stream Feature Aggregation and
// Geometric Loss Strategy for Multi-Task Learning" (CVPR Workshops), the GLS objective of Sec. 3
// (LibMTL `GLS`).
// The geometric mean is formed as exp(mean_t log L_t) so that many small losses do not underflow.
// Losses must be positive (the geometric mean is undefined otherwise): compute() throws
// std::invalid_argument naming the task.
// No parameters. Stateless. Weights depend on the losses only, so the step is linear under scaling
// of the gradients; permutation-equivariant.
#include "mtl/method.h"

namespace mtw::mtl {

class GeometricLossStrategy final : public Method {
public:
    void compute(const MethodInput& input, MethodOutput& output) override;
    bool weightsHeads() const override { return true; }
    bool needsGramian() const override { return false; } // weights from the losses alone
};

} // namespace mtw::mtl
