#pragma once
// GradVac (Gradient Vaccine), whole-model variant (LibMTL group_type 0).
// Wang, Tsvetkov, Firat, Cao 2021, "Gradient Vaccine: Investigating and Improving Multi-task
// Optimization in Massively Multilingual Models" (ICLR), Algorithm 1 with Eq. 2 (vaccine update)
// and Eq. 3 (EMA of the target cosine).
//
// For each task i, g'_i starts at g_i; the other tasks j are visited in a random order (a fresh
// permutation per i from input.rng) and with
//   phi_ij = <g'_i, g_j> / (|g'_i| |g_j| + eps)               (the already-adjusted g'_i)
//   if phi_ij < phihat_ij:
//     g'_i += |g'_i| (phihat_ij sqrt(1 - phi_ij^2) - phi_ij sqrt(1 - phihat_ij^2))
//             / (|g_j| sqrt(1 - phihat_ij^2) + eps) * g_j       (Eq. 2)
//   phihat_ij <- (1 - beta) phihat_ij + beta phi_ij              (Eq. 3)
// and d = sum_i g'_i. Every g'_i is kept as a coefficient vector c_i (g'_i = sum_k c_ik g_k), so
// <g'_i, g_j> = (c_i G)_j and |g'_i|^2 = c_i G c_i^T: the method is a function of G and the
// weights are w = sum_i c_i (as the merged TorchJD GradVac does). eps = 1e-8 as LibMTL.
// phihat starts at 0 (so the first step is PCGrad with a random order).
//
// The EMA is updated at every visited pair, as in the paper and TorchJD; LibMTL updates it only
// when a correction is applied (inside the `if`), which keeps phihat <= 0 for ever.
// The per-layer variants (group_type 1, 2) need per-layer Gramians and are not offered here.
//
// Parameters: beta (default 0.5, LibMTL) -- EMA rate of the target cosines, in [0, 1].
// Properties: weighted; not non-conflicting, not linear under scaling; stochastic (task order),
// stateful (phihat, T x T). Cost per step: O(T^3) on G.
#include "mtl/method.h"

namespace mtw::mtl {

class GradVac final : public Method {
public:
    GradVac(double beta, int taskCount);
    void compute(const MethodInput& input, MethodOutput& output) override;
    MethodState state() const override;
    void setState(const MethodState& state) override;

    const MatrixXd& targets() const { return m_targets; }

private:
    double m_beta;
    MatrixXd m_targets; // phihat_ij, T x T (diagonal unused)
};

} // namespace mtw::mtl
