#pragma once
// ConFIG (Conflict-Free Inverse Gradients).
// Liu, Chu, Thuerey 2024, "ConFIG: Towards Conflict-free Training of Physics Informed Neural
// Networks" (arXiv 2408.11104, ICLR 2025), Eq. 2, as restated by TorchJD `ConFIG` (pref = ones).
//
// With U the row-normalised J (u_t = g_t / |g_t|; zero rows stay zero):
//   v = U^+ 1,   u = v / |v|,   d = (sum_t <g_t, u>) u.
// Expressed through G: U^+ = U^T (U U^T)^+ and U = D^+ J with D = diag(|g_t|), so with the
// cosine matrix C = D^+ G D^+ and a = D^+ C^+ 1 we have v = J^T a, |v|^2 = a^T G a,
// sum_t <g_t, v> = 1^T G a, hence d = J^T w with
//   w = a (1^T G a) / max(|v|, 1e-12)^2      (1e-12: the guard of torch normalize).
// C^+ keeps the eigenvalues above lambda_max * T * eps_float32 (J is single precision, so the
// cosines carry no more digits; TorchJD's pinv of U uses a singular-value cutoff instead).
//
// No parameters (the preference vector is TorchJD's default, all ones).
// Properties (TorchJD table): weighted, linear under scaling (u does not depend on the row
// norms, the length is linear in them); not non-conflicting; stateless, deterministic.
// Cost per step: O(T^3) on G.
#include "mtl/method.h"

namespace mtw::mtl {

class ConFig final : public Method {
public:
    void compute(const MethodInput& input, MethodOutput& output) override;
};

} // namespace mtw::mtl
