#pragma once
// One comparison of the linear MTL solvers on a synthetic problem with a known W*, shared by
// `mtw-cli linear-mtl` and the GUI's "Classical linear MTL" dialog: the data
// (synthetic_linear_mtl.h; a low-rank W* for the trace norm, a row-sparse one for l2,1), the
// reference optimum F* (FISTA with restart to a residual of 1e-10, proximal_gradient.h), then each
// synchronous solver for `iterations` iterations and the asynchronous one for the simulated time
// the synchronous solvers took (or `iterations` epochs of T server updates when it runs alone),
// all on the same node clock, and per solver the final objective, prox-gradient residual, recovery error
// ||W - W*||_F / ||W*||_F, rank (trace) or non-zero rows (l2,1) and simulated time.
// Zhang & Yang 2021 (TKDE), feature learning and low-rank approaches; Baytas et al. 2016 (ICDM),
// experiments.
//
// Comparing at equal simulated time is the point of AMTL: without a straggler a synchronous
// iteration costs about as much as an epoch of asynchronous updates, with one it costs the
// straggler's time while the asynchronous server keeps taking the fast nodes' updates.
//
// Parameters (defaults): data (synthetic_linear_mtl.h), regularizer (trace), lambda (> 0; unset:
// defaultLambda, 0.5 for the trace norm and 0.2 for l2,1, which recover the default W*'s rank 3
// and 5 rows at noise 0.1),
// solvers (ista, fista, async), iterations (300), timing (node_clock.h), async (amtl_solver.h),
// threads (0: all cores).
#include "classical/amtl_solver.h"
#include "classical/proximal_gradient.h"
#include "classical/synthetic_linear_mtl.h"

#include <optional>
#include <string>
#include <vector>

namespace mtw::classical {

enum class LinearSolver { Ista, Fista, Async };
const char* solverName(LinearSolver solver); // "ista", "fista", "async"
std::optional<LinearSolver> parseSolver(const std::string& name);

struct LinearMtlOptions {
    SyntheticLinearMtlOptions data; // data.structure follows the regularizer
    Regularizer regularizer = Regularizer::TraceNorm;
    std::optional<double> lambda; // unset: defaultLambda(regularizer)
    std::vector<LinearSolver> solvers { LinearSolver::Ista, LinearSolver::Fista, LinearSolver::Async };
    int iterations = 300;
    NodeTiming timing;
    AsyncOptions async;
    // Threads of the per-task work (a oneTBB arena); 0: all cores. The results do not depend on it.
    int threads = 0;
};

double defaultLambda(Regularizer regularizer);

// Throws std::invalid_argument naming the option when one is out of range.
void validate(const LinearMtlOptions& options);

struct SolverSummary {
    SolverRun run;
    double objective = 0;
    double residual = 0;
    double recoveryError = 0;
    int rank = 0;
    int rows = 0;
};

struct LinearMtlComparison {
    LinearMtlOptions options; // as run: lambda and data.structure resolved
    Eigen::MatrixXd truth; // W*
    double lipschitz = 0;
    ReferenceOptimum optimum; // F* and its minimiser
    int optimumRank = 0;
    int optimumRows = 0;
    double optimumRecoveryError = 0;
    std::vector<SolverSummary> solvers;
    // F* for the gap curves: the reference, or a solver's lower value where rounding puts one below it.
    double floorObjective() const;
};

// Throws SolverStopped (solver_run.h) when `stop` is set before it is done.
LinearMtlComparison compareLinearMtlSolvers(const LinearMtlOptions& options, StopFlag stop = nullptr);

// The curves: solver,iteration,time,objective,gap (gap = objective - floorObjective()).
std::string curvesCsv(const LinearMtlComparison& comparison);

} // namespace mtw::classical
