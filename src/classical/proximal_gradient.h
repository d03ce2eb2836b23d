#pragma once
// Synchronous proximal gradient for regularized linear MTL (linear_mtl_problem.h):
//   ISTA  (Beck & Teboulle 2009, "A Fast Iterative Shrinkage-Thresholding Algorithm for Linear
//          Inverse Problems", SIAM J. Imaging Sci.):
//          W_{k+1} = prox_{eta lambda Omega}(W_k - eta grad f(W_k)),  eta = 1/L;
//   FISTA (ibid.): the same step at the extrapolated point Y_k,
//          t_{k+1} = (1 + sqrt(1 + 4 t_k^2)) / 2,  Y_{k+1} = W_{k+1} + (t_k - 1)/t_{k+1} (W_{k+1} - W_k);
//          with `restart`, t is reset to 1 whenever (Y_k - W_{k+1}) . (W_{k+1} - W_k) > 0
//          (O'Donoghue & Candes 2015, "Adaptive Restart for Accelerated Gradient Schemes", gradient scheme),
//          which keeps FISTA's speed and recovers ISTA's linear local rate (used for F*).
// Both start from W = 0. L = max_t L_t comes from the data. Each iteration is one forward step per
// task node, done in parallel, and one prox on the server: its simulated time is the slowest
// node's (node_clock.h, clock seeded with `seed`).
//
// Parameters: iterations >= 1 (no default), timing (node_clock.h defaults), seed (clock).
#include "classical/linear_mtl_problem.h"
#include "classical/node_clock.h"
#include "classical/solver_run.h"

namespace mtw::classical {

enum class Acceleration { None, Fista, FistaRestart };

SolverRun runProximalGradient(const LinearMtlProblem& problem, Acceleration acceleration, int iterations,
    const NodeTiming& timing = {}, std::uint64_t seed = 1, StopFlag stop = nullptr);

// The reference minimiser: FISTA with restart until the prox-gradient residual is below
// `tolerance` or `maxIterations` are spent (the residual is checked every 10 iterations).
struct ReferenceOptimum {
    Eigen::MatrixXd w;
    double objective = 0;
    double residual = 0;
    int iterations = 0;
};
ReferenceOptimum solveToOptimum(
    const LinearMtlProblem& problem, double tolerance = 1e-10, int maxIterations = 50000, StopFlag stop = nullptr);

} // namespace mtw::classical
