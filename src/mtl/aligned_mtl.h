#pragma once
// Aligned-MTL.
// Senushkin, Patakin, Kuznetsov, Konushin 2023, "Independent Component Alignment for Multi-Task
// Learning" (CVPR), Algorithm 1, as restated by TorchJD `AlignedMTL` (Gramian form, scale_mode).
//
// Eigendecompose G = V diag(lambda) V^T and keep the r eigenpairs with
// lambda > lambda_max * T * eps_float32 (the tolerance of the official code, which uses
// torch.finfo() = float32 eps), sorted decreasingly. The balance transformation is
//   B = sqrt(s) V_r diag(lambda_r)^{-1/2} V_r^T,   s = lambda_min (scale_mode "min"),
//       the lower median of lambda_r ("median") or their mean ("rmse"),
// and the weights are w = B p with the preference p = 1/T (TorchJD; LibMTL uses p = 1, i.e. T
// times larger). J^T B has orthogonal components of equal norm sqrt(s) on the span of the rows:
// the condition number of the update's system is 1. If r = 0 (G = 0), B = I.
//
// Parameters: scale_mode (default "min"; "median", "rmse").
// Properties (TorchJD table): weighted; not non-conflicting, not linear under scaling; stateless,
// deterministic. Cost per step: O(T^3) on G.
#include "mtl/method.h"

#include <string>

namespace mtw::mtl {

class AlignedMtl final : public Method {
public:
    enum class ScaleMode { Min, Median, Rmse };
    explicit AlignedMtl(ScaleMode scaleMode);
    static ScaleMode scaleModeFromName(const std::string& name);
    void compute(const MethodInput& input, MethodOutput& output) override;

private:
    ScaleMode m_scaleMode;
};

} // namespace mtw::mtl
