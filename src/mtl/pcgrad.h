#pragma once
// PCGrad ("gradient surgery"): Yu, Kumar, Gupta, Levine, Hausman & Finn 2020, "Gradient Surgery for
// Multi-Task Learning" (NeurIPS), Alg. 1. For each task i, over the other tasks j in some order:
// if g_i^PC . g_j < 0, set g_i^PC <- g_i^PC - (g_i^PC . g_j / |g_j|^2) g_j. The update is the sum
// of the g_i^PC (TorchJD PCGrad, LibMTL PCGrad and nash-mtl's default reduction "sum"; "mean"
// divides by T as nash-mtl's option).
// Computed on G only: each g_i^PC = J^T c_i for a coefficient vector c_i (starting at e_i), and
// g_i^PC . g_j = (G c_i)_j, so the weights are w = sum_i c_i (TorchJD's _PCGradWeighting).
// The order matters from T = 3 on (for T = 2 there is one other task), so it is a parameter:
// - random (default): a fresh permutation per task from input.rng -- the paper's "in random
//   order", TorchJD's and LibMTL's per-task shuffle. Stochastic: its output can be compared with
//   another implementation only in distribution.
// - fixed: every task visits the others in index order 0, 1, ..., T-1. Deterministic, so it can be
//   compared value for value with any reference run in index order. (The official TensorFlow code
//   calls tf.random.shuffle(loss) without keeping the result, so it too projects in index order;
//   it also visits j = i, a no-op unless earlier projections made g_i^PC . g_i < 0.)
// Linear under scaling (TorchJD table); not permutation-equivariant with either order.
//   parameters: reduction (sum | mean; sum), order (random | fixed; random).
#include "mtl/method.h"

namespace mtw::mtl {

class PcGrad final : public Method {
public:
    enum class Order { Random, Fixed };
    static Order parseOrder(const std::string& name);

    PcGrad(bool mean, Order order);
    void compute(const MethodInput& input, MethodOutput& output) override;

private:
    bool m_mean;
    Order m_order;
    Eigen::VectorXd m_coefficients;
    std::vector<std::size_t> m_visit;
};

} // namespace mtw::mtl
