#pragma once
// Trimmed mean (coordinate-wise, Byzantine-robust).
// Yin, Chen, Ramchandran, Bartlett 2018, "Byzantine-Robust Distributed Learning: Towards Optimal
// Statistical Rates" (ICML), Definition 2 (coordinate-wise beta-trimmed mean), as restated by
// TorchJD `TrimmedMean`.
//
// For every coordinate p, sort g_1p..g_Tp, drop the k = trim_number largest and k smallest and
// average the remaining T - 2k values:
//   d_p = (1 / (T - 2k)) sum of the middle T - 2k values of column p of J.
// Validation as TorchJD: T >= 2k + 1. k = 0 is the plain mean.
//
// Parameters: trim_number (required, >= 0).
// Properties (TorchJD table): not weighted (needs J, sets output.direction); not non-conflicting,
// not linear under scaling; deterministic; stateless. Cost per step: O(P T^2) lane-wise min/max
// (an odd-even transposition network, eight coordinates per vector).
#include "mtl/method.h"

namespace mtw::mtl {

class TrimmedMean final : public Method {
public:
    explicit TrimmedMean(int trimNumber);
    void compute(const MethodInput& input, MethodOutput& output) override;
    bool needsJacobian() const override { return true; }

private:
    int m_trimNumber;
};

} // namespace mtw::mtl
