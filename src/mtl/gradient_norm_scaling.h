#pragma once
// Gradient-norm scaling: scale each task loss so that all task gradients on the shared parameters
// get the mean gradient norm,
//   n_t = |g_t| = sqrt(G_tt),   w_t = (1/T) sum_j n_j / n_t,
// so d = mean_j n_j * sum_t g_t / |g_t|.
// Guo et al. 2025, "Revisit the Imbalance Optimization in Multi-task Learning: An Experimental
// Analysis", arXiv 2509.23915 (the gradient-norm loss-scaling strategy proposed there). Only the
// abstract was in the reference corpus when this was written; the formula above is this project's
// reading of that strategy, not a transcription of the authors' code.
// A task whose shared gradient is exactly zero gets w_t = 1 (its weight only matters for its own
// head then). Weights are constants for the backward pass and are recomputed every step.
// No parameters. Stateless. Linear under scaling: for g_t -> c_t g_t the direction is
// mean_j(c_j n_j) sum_t g_t/|g_t|, linear in c. Permutation-equivariant.
#include "mtl/method.h"

namespace mtw::mtl {

class GradientNormScaling final : public Method {
public:
    void compute(const MethodInput& input, MethodOutput& output) override;
    bool weightsHeads() const override { return true; }
};

} // namespace mtw::mtl
