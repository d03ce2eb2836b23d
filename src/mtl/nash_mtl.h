#pragma once
// Nash-MTL: Navon, Shamsian, Achituve, Maron, Kawaguchi, Chechik & Fetaya 2022, "Multi-Task Learning
// as a Bargaining Game" (ICML), Alg. 1: the Nash bargaining solution alpha > 0 of
//     G alpha = 1 / alpha   (Theorem 5.4; G = J J^T),   d = J^T alpha,
// computed, as in the official code, by the CCCP sequence of convex problems on G / |G|_F (see
// solvers/nash_solver.h), warm-started from the previous step's alpha (ones at the first step).
// Then |d| is clipped to max_norm (the official code clips the shared parameters' gradient norm).
// At the solution (G alpha)_i = 1 / alpha_i > 0: non-conflicting (TorchJD table).
// Stateful: alpha is kept between steps, and recomputed only every update_weights_every steps.
// When a solve fails the official code keeps its previous alpha; so do we, and the extra
// solver_failed is 1 for that step's weights (until the next successful solve).
// Deviation, documented: when no solution exists (a non-negative combination of the gradients
// vanishes: Pareto-stationary, extra feasible = 0) the official cvxpy call fails too and the stale
// alpha is used; here the weights are 0 for that step, the only update that conflicts with no task
// (the stale alpha is kept as the next starting point).
//   parameters: max_norm (1.0; 0 disables clipping), update_weights_every (1), optim_niter (20).
//   extras: cccp_iterations, feasible (0/1), solver_failed (0/1).
//   state: alpha (T), step, feasible, solver_failed.
#include "mtl/method.h"
#include "mtl/solvers/nash_solver.h"

namespace mtw::mtl {

class NashMtl final : public Method {
public:
    NashMtl(int tasks, double maxNorm, int updateWeightsEvery, int optimNiter);
    void compute(const MethodInput& input, MethodOutput& output) override;
    MethodState state() const override;
    void setState(const MethodState& state) override;

private:
    double m_maxNorm;
    int m_updateEvery;
    int m_optimNiter;
    long long m_step = 0;
    bool m_feasible = true;
    bool m_solverFailed = false;
    Eigen::VectorXd m_alpha;
    solvers::NashSolver m_solver;
};

} // namespace mtw::mtl
