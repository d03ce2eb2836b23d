#pragma once
// GradDrop (Gradient Sign Dropout).
// Chen, Ngiam, Huang, Luong, Kretzschmar, Chai, Anguelov 2020, "Just Pick a Sign: Optimizing Deep
// Multitask Models with Gradient Sign Dropout" (NeurIPS), Eq. 1 and Algorithm 1 lines 10-15, as
// restated by TorchJD `GradDrop` (f = identity) and LibMTL `GradDrop` (scalar leak).
//
// For every coordinate p of the shared parameters, with g_t the rows of J (T x P):
//   P_p   = 1/2 (1 + sum_t g_tp / sum_t |g_tp|)     (gradient positive-sign purity, in [0, 1])
//   U_p   ~ Uniform[0, 1)                           (one draw per coordinate, from input.rng)
//   M_tp  = [P_p > U_p][g_tp > 0] + [P_p < U_p][g_tp < 0]
//   d_p   = sum_t (leak + (1 - leak) M_tp) g_tp
// so each coordinate keeps only the positive or only the negative task contributions, the
// positive ones with probability P_p. A coordinate where every g_tp is 0 gives d_p = 0 (TorchJD
// would divide 0 by 0 there; LibMTL adds 1e-7 to the denominator; both give 0 too).
//
// Parameters: leak (default 0.0, LibMTL) -- the fraction of every task gradient that always
// passes, in [0, 1]; 1 gives the plain sum.
// Properties (TorchJD table): not non-conflicting, not linear under scaling, not weighted (the
// result is not J^T w, so it needs J and sets output.direction); stochastic; stateless.
// Cost per step: O(T P) plus P uniform draws.
#include "mtl/method.h"

namespace mtw::mtl {

class GradDrop final : public Method {
public:
    explicit GradDrop(double leak);
    void compute(const MethodInput& input, MethodOutput& output) override;
    bool needsJacobian() const override { return true; }

private:
    double m_leak;
};

} // namespace mtw::mtl
