#pragma once
// MGDA: the min-norm element of the convex hull of the task gradients.
// Sener & Koltun 2018, "Multi-Task Learning as Multi-Objective Optimization" (NeurIPS), Alg. 2
// (Frank-Wolfe) and Alg. 1 (exact two-vector line search) -- after Desideri 2012, MGDA.
//     w = argmin_{w in simplex} |sum_t w_t g_t / n_t|^2,   d = sum_t (w_t / n_t) g_t
// where n_t is the gradient normalizer of LibMTL's `mgda_gn` (Sener & Koltun Sec. 3.2):
//     none: 1 · l2: |g_t| · loss: L_t · loss+: L_t |g_t|     (a non-positive n_t falls back to 1).
// The returned weights are w_t / n_t (they multiply the unnormalized gradients).
// T = 2 uses the exact closed form (Alg. 1). For T >= 3 the solver is a parameter:
// - frank_wolfe (default): Alg. 2, the paper's solver and TorchJD's MGDAWeighting (epsilon 1e-3,
//   100 iterations). Its iterate is only near the min-norm point: with one row 1e3-1e4 times the
//   others, even epsilon 0 and 1e5 iterations leave tasks with g_i^T d < 0 (cosine down to -0.5 on
//   the shared badly scaled cases).
// - exact: solvers::MinNormSolver::exact, the min-norm point to rounding at any scaling (active
//   set, O(T^3) at worst, typically far less: T = 64 about 0.1 ms, T = 256 about 3 ms).
// Non-conflicting: g_i^T d >= |d|^2 n_i >= 0 at the min-norm point -- exactly with solver exact
// (or T <= 2), up to the Frank-Wolfe gap otherwise.
//   parameters: normalization (none), solver (frank_wolfe), epsilon (1e-3, stop when the
//               Frank-Wolfe step < epsilon), max_iters (100); epsilon and max_iters are ignored
//               by the exact solver.
#include "mtl/method.h"
#include "mtl/solvers/min_norm_solver.h"

namespace mtw::mtl {

class Mgda final : public Method {
public:
    enum class Normalization { None, L2, Loss, LossPlus };
    enum class Solver { FrankWolfe, Exact };
    static Normalization parseNormalization(const std::string& name);
    static Solver parseSolver(const std::string& name);

    Mgda(Normalization normalization, Solver solver, double epsilon, int maxIters);
    void compute(const MethodInput& input, MethodOutput& output) override;

private:
    Normalization m_normalization;
    Solver m_solverKind;
    double m_epsilon;
    int m_maxIters;
    solvers::MinNormSolver m_solver;
    Eigen::MatrixXd m_scaled;
    Eigen::VectorXd m_normalizers;
    Eigen::VectorXd m_hullWeights;
};

} // namespace mtw::mtl
