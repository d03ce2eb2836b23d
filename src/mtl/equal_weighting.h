#pragma once
// EW / Mean: w_t = 1/T, d = (1/T) sum_t g_t (linear scalarization; Caruana 1997; "unitary
// scalarization", Kurin et al. 2022). Sum: w_t = 1. Fixed weights: w given by the user (TorchJD
// `Constant`). All three are linear under scaling and not non-conflicting.
//   parameters (fixed_weights): weights -- one non-negative number per task.
#include "mtl/method.h"

namespace mtw::mtl {

class ConstantWeighting final : public Method {
public:
    explicit ConstantWeighting(VectorXd weights);
    void compute(const MethodInput& input, MethodOutput& output) override;
    bool weightsHeads() const override { return true; }
    bool needsGramian() const override { return false; }

private:
    VectorXd m_weights;
};

} // namespace mtw::mtl
