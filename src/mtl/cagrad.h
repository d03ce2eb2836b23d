#pragma once
// CAGrad: Liu, Liu, Jin, Stone & Liu 2021, "Conflict-Averse Gradient Descent for Multi-task
// Learning" (NeurIPS), Alg. 1. The update maximizes the worst task's improvement in a ball around
// the mean gradient g0 = J^T 1 / T:  max_d min_i g_i^T d  s.t.  |d - g0| <= c |g0|. Through the
// dual (Sec. 3.1)
//     w = argmin_{w in simplex} g_w^T g0 + c |g0| |g_w|,   g_w = J^T w,
//     d = g0 + (c |g0| / |g_w|) g_w,   then divided by (1 + c^2) (rescale 1), (1 + c) (rescale 2)
//     or nothing (rescale 0) -- the options of LibMTL/official code (LibMTL default 1).
// Weights: w_d = (1/T + (c |g0| / |g_w|) w) / rescale. The dual is solved in-house by
// solvers::CagradSolver (closed form for T = 2). When |g_w| < norm_eps |J|_F the point is
// (nearly) Pareto-stationary and the weights are 0, as in TorchJD's CAGradWeighting.
// Small gradients: TorchJD also returns 0 weights when trace(G) = |J|_F^2 < norm_eps (its
// normalize() zeroes such a Gramian, so |g_w| = 0 < norm_eps) -- an absolute threshold, which
// makes the output depend on the loss scale. The official code (Cranial-XIX/CAGrad) has no such
// threshold (it only adds 1e-8 under the square roots), so the default here is none:
// trace_eps = 0; trace_eps = 1e-4 (= TorchJD's norm_eps) gives TorchJD's behaviour.
// Not non-conflicting in general; it is for c >= 1 (TorchJD tests), not claimed here.
//   parameters: c (0.4, nash-mtl/CAGrad NYUv2; LibMTL 0.5, toy 0.5), rescale (1), norm_eps (1e-4),
//               trace_eps (0).
#include "mtl/method.h"
#include "mtl/solvers/cagrad_solver.h"

namespace mtw::mtl {

class CaGrad final : public Method {
public:
    CaGrad(double c, int rescale, double normEps, double traceEps);
    void compute(const MethodInput& input, MethodOutput& output) override;

private:
    double m_c;
    int m_rescale;
    double m_normEps;
    double m_traceEps;
    solvers::CagradSolver m_solver;
    Eigen::VectorXd m_dual;
};

} // namespace mtw::mtl
