#include "classical/proximal_gradient.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace mtw::classical {

namespace {

// One synchronous iteration's simulated time: every node computes, the server waits for the last.
double iterationTime(NodeClock& clock, int tasks)
{
    double slowest = 0;
    for (int t = 0; t < tasks; ++t)
        slowest = std::max(slowest, clock.computeTime(t));
    return slowest;
}

// The accelerated / plain iteration, shared by runProximalGradient and solveToOptimum. Calls
// `after(k, w)` after iteration k (1-based); stops when it returns false.
template <typename After>
Eigen::MatrixXd iterate(
    const LinearMtlProblem& problem, Acceleration acceleration, int iterations, StopFlag stop, After after)
{
    const double step = 1.0 / problem.lipschitz();
    const Eigen::MatrixXd zero = Eigen::MatrixXd::Zero(problem.features(), problem.taskCount());
    Eigen::MatrixXd w = zero, y = zero, next, gradient, forward;
    double t = 1;
    for (int k = 1; k <= iterations; ++k) {
        throwIfStopped(stop);
        const Eigen::MatrixXd& at = acceleration == Acceleration::None ? w : y;
        problem.gradient(at, gradient);
        forward = at - step * gradient;
        problem.prox(forward, step, next);
        if (acceleration != Acceleration::None) {
            if (acceleration == Acceleration::FistaRestart && ((y - next).cwiseProduct(next - w)).sum() > 0)
                t = 1; // the momentum points uphill: restart
            const double tNext = 0.5 * (1.0 + std::sqrt(1.0 + 4.0 * t * t));
            y = next + ((t - 1.0) / tNext) * (next - w);
            t = tNext;
        }
        w.swap(next);
        if (!after(k, w))
            break;
    }
    return w;
}

} // namespace

SolverRun runProximalGradient(const LinearMtlProblem& problem, Acceleration acceleration, int iterations,
    const NodeTiming& timing, std::uint64_t seed, StopFlag stop)
{
    if (iterations < 1)
        throw std::invalid_argument("iterations: must be >= 1");
    NodeClock clock(problem.taskCount(), timing, seed);
    SolverRun run;
    run.solver = acceleration == Acceleration::None ? "ista" : "fista";
    run.step = 1.0 / problem.lipschitz();
    const Eigen::MatrixXd zero = Eigen::MatrixXd::Zero(problem.features(), problem.taskCount());
    run.trace.push_back({ 0, 0, problem.objective(zero) });
    run.w = iterate(problem, acceleration, iterations, stop, [&](int k, const Eigen::MatrixXd& w) {
        run.time += iterationTime(clock, problem.taskCount());
        run.trace.push_back({ static_cast<double>(k), run.time, problem.objective(w) });
        return true;
    });
    run.columnUpdates = static_cast<long long>(iterations) * problem.taskCount();
    return run;
}

ReferenceOptimum solveToOptimum(const LinearMtlProblem& problem, double tolerance, int maxIterations, StopFlag stop)
{
    const double step = 1.0 / problem.lipschitz();
    ReferenceOptimum best;
    best.residual = std::numeric_limits<double>::infinity();
    best.w = iterate(problem, Acceleration::FistaRestart, maxIterations, stop, [&](int k, const Eigen::MatrixXd& w) {
        best.iterations = k;
        if (k % 10 != 0)
            return true;
        best.residual = problem.residual(w, step);
        return best.residual > tolerance;
    });
    best.residual = problem.residual(best.w, step);
    best.objective = problem.objective(best.w);
    return best;
}

} // namespace mtw::classical
