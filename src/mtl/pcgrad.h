#pragma once
// PCGrad ("gradient surgery"): Yu, Kumar, Gupta, Levine, Hausman & Finn 2020, "Gradient Surgery for
// Multi-Task Learning" (NeurIPS), Alg. 1. For each task i, in a fresh random order of the other
// tasks j: if g_i^PC . g_j < 0, set g_i^PC <- g_i^PC - (g_i^PC . g_j / |g_j|^2) g_j. The update is
// the sum of the g_i^PC (TorchJD PCGrad, LibMTL PCGrad and nash-mtl's default reduction "sum";
// "mean" divides by T as nash-mtl's option).
// Computed on G only: each g_i^PC = J^T c_i for a coefficient vector c_i (starting at e_i), and
// g_i^PC . g_j = (G c_i)_j, so the weights are w = sum_i c_i (TorchJD's _PCGradWeighting).
// Random order: one permutation per task from input.rng (the paper's algorithm; the official code
// shuffles once per task as well). Linear under scaling (TorchJD table), stochastic.
//   parameters: reduction (sum | mean; sum).
#include "mtl/method.h"

namespace mtw::mtl {

class PcGrad final : public Method {
public:
    explicit PcGrad(bool mean);
    void compute(const MethodInput& input, MethodOutput& output) override;

private:
    bool m_mean;
    Eigen::VectorXd m_coefficients;
};

} // namespace mtw::mtl
