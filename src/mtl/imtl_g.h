#pragma once
// IMTL-G: Liu, Li, Kuang, Xue, Chen, Yang, Liao & Zhang 2021, "Towards Impartial Multi-task
// Learning" (ICLR), Sec. 3.2 (gradient balance: the update has equal projections onto every unit
// gradient u_t = g_t / |g_t|, d^T u_t = const). On the Gramian this is G w proportional to
// diag(G)^{1/2}; in the generalized form of Quinton & Rey 2024 (Jacobian Descent, App. B; TorchJD
// IMTLG), which tolerates linearly dependent gradients,
//     v = pinv(G) diag(G)^{1/2},   w = v / sum(v)   (w = 0 when sum(v) vanishes).
// pinv drops eigenvalues below 1e-10 lambda_max (a rank decision robust to rounding in G; torch
// uses max(m, n) eps of the dtype). "Vanishes" is relative: |sum v| <= 1e-12 sum |v_i| (TorchJD
// compares with an absolute 1e-12, which depends on the gradients' scale).
// Not non-conflicting, not linear under scaling (TorchJD table). No parameters.
#include "mtl/method.h"

namespace mtw::mtl {

// The IMTL-G weights of a Gramian; reused by the hybrid IMTL (loss-scale learning + IMTL-G).
Eigen::VectorXd imtlGradientWeights(const Eigen::MatrixXd& G);

class ImtlG final : public Method {
public:
    void compute(const MethodInput& input, MethodOutput& output) override;
};

} // namespace mtw::mtl
