#pragma once
// MGDA: the min-norm element of the convex hull of the task gradients.
// Sener & Koltun 2018, "Multi-Task Learning as Multi-Objective Optimization" (NeurIPS), Alg. 2
// (Frank-Wolfe) and Alg. 1 (exact two-vector line search) -- after Desideri 2012, MGDA.
//     w = argmin_{w in simplex} |sum_t w_t g_t / n_t|^2,   d = sum_t (w_t / n_t) g_t
// where n_t is the gradient normalizer of LibMTL's `mgda_gn` (Sener & Koltun Sec. 3.2):
//     none: 1 · l2: |g_t| · loss: L_t · loss+: L_t |g_t|     (a non-positive n_t falls back to 1).
// The returned weights are w_t / n_t (they multiply the unnormalized gradients).
// T = 2 uses the exact closed form; T >= 3 runs Frank-Wolfe as TorchJD's MGDAWeighting.
// Non-conflicting: g_i^T d >= |d|^2 n_i >= 0 at the min-norm point (up to the Frank-Wolfe tolerance).
//   parameters: normalization (none), epsilon (1e-3, stop when the Frank-Wolfe step < epsilon),
//               max_iters (100).
#include "mtl/method.h"
#include "mtl/solvers/min_norm_solver.h"

namespace mtw::mtl {

class Mgda final : public Method {
public:
    enum class Normalization { None, L2, Loss, LossPlus };
    static Normalization parseNormalization(const std::string& name);

    Mgda(Normalization normalization, double epsilon, int maxIters);
    void compute(const MethodInput& input, MethodOutput& output) override;

private:
    Normalization m_normalization;
    double m_epsilon;
    int m_maxIters;
    solvers::MinNormSolver m_solver;
    Eigen::MatrixXd m_scaled;
    Eigen::VectorXd m_normalizers;
    Eigen::VectorXd m_hullWeights;
};

} // namespace mtw::mtl
