#pragma once
// Gradient-norm scaling: scale each task loss by the inverse of its gradient norm on the shared
// parameters, so that all task gradients get one common norm c,
//   n_t = |g_t| = sqrt(G_tt),   w_t = c / n_t,   d = c * sum_t g_t / |g_t|,
// with c the mean of the norms (`target` "mean", default), the largest ("max", as DB-MTL's
// max-norm rescaling), the smallest ("min") or 1 ("unit").
// Guo et al. 2025, "Revisit the Imbalance Optimization in Multi-task Learning: An Experimental
// Analysis", arXiv 2509.23915 (the gradient-norm loss-scaling strategy proposed there). Only the
// abstract could be found (searched again for issue 10): "scaling task losses according to their
// gradient norms". That fixes the direction, sum_t g_t / |g_t|; the common factor c is not known,
// hence `target`. Each step's direction is the same for every target, only its length differs,
// by a factor that changes from step to step (the norms do). Under SGD that is a per-step
// learning-rate factor; Adam is invariant to a constant factor only, so under Adam the targets
// also weight the steps differently in its moment averages.
// A task whose shared gradient is exactly zero gets w_t = 1 (its weight only matters for its own
// head then). Weights are constants for the backward pass and are recomputed every step.
// Parameters: target "mean" (default), "max", "min" or "unit" (above). Stateless.
// Permutation-equivariant. Linear under per-task scaling g_t -> c_t g_t with the default target
// (d = mean_j(c_j n_j) sum_t g_t / |g_t|); max and min are only positively homogeneous, and unit
// gives the same direction for every c.
#include "mtl/method.h"

namespace mtw::mtl {

class GradientNormScaling final : public Method {
public:
    enum class Target { Mean, Max, Min, Unit };
    explicit GradientNormScaling(Target target = Target::Mean)
        : m_target(target)
    {
    }
    void compute(const MethodInput& input, MethodOutput& output) override;
    bool weightsHeads() const override { return true; }

private:
    Target m_target;
};

} // namespace mtw::mtl
