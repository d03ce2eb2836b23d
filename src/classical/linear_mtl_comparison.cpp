#include "classical/linear_mtl_comparison.h"

#include "classical/l21_norm.h"
#include "classical/trace_norm.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <tbb/task_arena.h>

namespace mtw::classical {

const char* solverName(LinearSolver solver)
{
    switch (solver) {
    case LinearSolver::Ista:
        return "ista";
    case LinearSolver::Fista:
        return "fista";
    case LinearSolver::Async:
        return "async";
    }
    return "?";
}

std::optional<LinearSolver> parseSolver(const std::string& name)
{
    for (LinearSolver solver : { LinearSolver::Ista, LinearSolver::Fista, LinearSolver::Async })
        if (name == solverName(solver))
            return solver;
    return std::nullopt;
}

double defaultLambda(Regularizer regularizer)
{
    return regularizer == Regularizer::TraceNorm ? 0.5 : 0.2;
}

void validate(const LinearMtlOptions& options)
{
    SyntheticLinearMtlOptions data = options.data;
    data.structure = options.regularizer == Regularizer::TraceNorm ? TrueStructure::LowRank : TrueStructure::RowSparse;
    validate(data);
    if (options.lambda && (!(*options.lambda > 0) || !std::isfinite(*options.lambda)))
        throw std::invalid_argument("lambda: must be a finite number > 0");
    if (options.solvers.empty())
        throw std::invalid_argument("solver: at least one solver is needed");
    if (options.iterations < 1 || options.iterations > 1000000)
        throw std::invalid_argument(
            "iterations: must be in [1, 1000000] (got " + std::to_string(options.iterations) + ")");
    if (options.threads < 0 || options.threads > 1024)
        throw std::invalid_argument("threads: must be in [0, 1024] (0: all cores)");
    validate(options.timing);
    validate(options.async);
}

double LinearMtlComparison::floorObjective() const
{
    double floor = optimum.objective;
    for (const SolverSummary& solver : solvers)
        for (const TracePoint& point : solver.run.trace)
            floor = std::min(floor, point.objective);
    return floor;
}

namespace {

LinearMtlComparison compareInArena(const LinearMtlOptions& options, StopFlag stop)
{
    LinearMtlComparison result;
    result.options = options;
    result.options.data.structure
        = options.regularizer == Regularizer::TraceNorm ? TrueStructure::LowRank : TrueStructure::RowSparse;
    const double lambda = options.lambda.value_or(defaultLambda(options.regularizer));
    result.options.lambda = lambda;
    SyntheticLinearMtl data = makeSyntheticLinearMtl(result.options.data);
    result.truth = std::move(data.truth);
    const LinearMtlProblem problem(std::move(data.tasks), options.regularizer, lambda);
    result.lipschitz = problem.lipschitz();
    const double truthNorm = result.truth.norm();
    const auto recovery
        = [&](const Eigen::MatrixXd& w) { return truthNorm > 0 ? (w - result.truth).norm() / truthNorm : w.norm(); };
    result.optimum = solveToOptimum(problem, 1e-10, 50000, stop);
    result.optimumRank = numericalRank(result.optimum.w);
    result.optimumRows = nonzeroRows(result.optimum.w);
    result.optimumRecoveryError = recovery(result.optimum.w);
    // The same clock seed for every solver: the nodes' speeds are the same machines' speeds.
    const std::uint64_t clockSeed = result.options.data.seed + 1000;
    std::vector<SolverRun> runs(options.solvers.size());
    double syncTime = 0; // the asynchronous solver's time budget
    for (std::size_t k = 0; k < options.solvers.size(); ++k)
        if (options.solvers[k] != LinearSolver::Async) {
            runs[k] = runProximalGradient(problem,
                options.solvers[k] == LinearSolver::Ista ? Acceleration::None : Acceleration::Fista, options.iterations,
                options.timing, clockSeed, stop);
            syncTime = std::max(syncTime, runs[k].time);
        }
    for (std::size_t k = 0; k < options.solvers.size(); ++k)
        if (options.solvers[k] == LinearSolver::Async) {
            // Enough epochs to fill the synchronous time even if every epoch took the fastest node's time.
            const double epochs = syncTime > 0 ? std::ceil(syncTime) + 2 : options.iterations;
            runs[k] = runAsyncMtl(problem, static_cast<int>(std::min(epochs, 1e7)), options.timing, options.async,
                clockSeed, syncTime > 0 ? syncTime : std::numeric_limits<double>::infinity(), stop);
        }
    for (SolverRun& run : runs) {
        SolverSummary summary;
        summary.run = std::move(run);
        summary.objective = problem.objective(summary.run.w);
        summary.residual = problem.residual(summary.run.w, summary.run.step);
        summary.recoveryError = recovery(summary.run.w);
        summary.rank = numericalRank(summary.run.w);
        summary.rows = nonzeroRows(summary.run.w);
        result.solvers.push_back(std::move(summary));
    }
    return result;
}

} // namespace

LinearMtlComparison compareLinearMtlSolvers(const LinearMtlOptions& options, StopFlag stop)
{
    validate(options);
    tbb::task_arena arena(options.threads > 0 ? options.threads : tbb::task_arena::automatic);
    return arena.execute([&] { return compareInArena(options, stop); });
}

std::string curvesCsv(const LinearMtlComparison& comparison)
{
    std::ostringstream out;
    out << std::setprecision(17);
    out << "solver,iteration,time,objective,gap\n";
    const double floor = comparison.floorObjective();
    for (const SolverSummary& solver : comparison.solvers)
        for (const TracePoint& point : solver.run.trace)
            out << solver.run.solver << "," << point.iteration << "," << point.time << "," << point.objective << ","
                << point.objective - floor << "\n";
    return out.str();
}

} // namespace mtw::classical
