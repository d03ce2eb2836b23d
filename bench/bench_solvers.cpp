// Timings of the in-house small solvers of the gradient-aggregation methods, for T = 2, 8, 64
// tasks, on Gramians of random T x (2T + 5) Jacobians (entries N(0, 1); shifted towards a common
// direction for Nash-MTL so that the bargaining problem has a solution).
#include "core/rng.h"
#include "mtl/solvers/cagrad_solver.h"
#include "mtl/solvers/dual_cone_projection.h"
#include "mtl/solvers/min_norm_solver.h"
#include "mtl/solvers/nash_solver.h"
#include "mtl/upgrad.h"

#include <Eigen/Dense>
#include <benchmark/benchmark.h>
#include <tbb/task_arena.h>

namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

MatrixXd randomJacobian(Eigen::Index tasks, std::uint64_t seed)
{
    mtw::core::Rng rng(seed);
    MatrixXd J(tasks, 2 * tasks + 5);
    for (Eigen::Index i = 0; i < J.size(); ++i)
        J.data()[i] = rng.normal();
    return J;
}

MatrixXd randomGramian(Eigen::Index tasks)
{
    const MatrixXd J = randomJacobian(tasks, 42);
    return J * J.transpose();
}

void minNormFrankWolfe(benchmark::State& state)
{
    const MatrixXd G = randomGramian(state.range(0));
    mtw::mtl::solvers::MinNormSolver solver;
    VectorXd w;
    for (auto _ : state) {
        solver.frankWolfe(G, 1e-3, 100, w);
        benchmark::DoNotOptimize(w.data());
    }
}

void minNormExact(benchmark::State& state)
{
    const MatrixXd G = randomGramian(state.range(0));
    mtw::mtl::solvers::MinNormSolver solver;
    VectorXd w;
    for (auto _ : state) {
        solver.exact(G, w);
        benchmark::DoNotOptimize(w.data());
    }
}

// One projection (DualProj: the mean onto the dual cone).
void dualConeProjection(benchmark::State& state)
{
    const Eigen::Index tasks = state.range(0);
    MatrixXd G;
    mtw::mtl::normalizedRegularizedGramian(randomGramian(tasks), 1e-4, 1e-4, G);
    const VectorXd u = VectorXd::Constant(tasks, 1.0 / static_cast<double>(tasks));
    mtw::mtl::solvers::DualConeProjection projection;
    VectorXd v;
    for (auto _ : state) {
        projection.project(G, u, v);
        benchmark::DoNotOptimize(v.data());
    }
}

// UPGrad's weights: T projections (in parallel from T = 16 on).
void upgradWeights(benchmark::State& state)
{
    const Eigen::Index tasks = state.range(0);
    const MatrixXd G = randomGramian(tasks);
    const VectorXd losses = VectorXd::Ones(tasks);
    mtw::core::Rng rng(1);
    mtw::mtl::UpGrad method(1e-4, 1e-4);
    mtw::mtl::MethodOutput output;
    for (auto _ : state) {
        const mtw::mtl::MethodInput input { G, losses, nullptr, 0, 0, false, rng };
        method.compute(input, output);
        benchmark::DoNotOptimize(output.weights.data());
    }
}

// The same on one thread: the serial baseline of the parallel projections, measured in the same run.
void upgradWeightsOneThread(benchmark::State& state)
{
    tbb::task_arena single(1);
    single.execute([&] { upgradWeights(state); });
}

void cagradDual(benchmark::State& state)
{
    const MatrixXd G = randomGramian(state.range(0));
    mtw::mtl::solvers::CagradSolver solver;
    VectorXd w;
    for (auto _ : state) {
        solver.solve(G, 0.4, w);
        benchmark::DoNotOptimize(w.data());
    }
}

void nashCccp(benchmark::State& state)
{
    const Eigen::Index tasks = state.range(0);
    const MatrixXd J = randomJacobian(tasks, 42);
    const MatrixXd shifted
        = J.rowwise() + J.colwise().mean().normalized() * std::sqrt(2.0 * static_cast<double>(tasks) + 5);
    const MatrixXd G = shifted * shifted.transpose();
    mtw::mtl::solvers::NashSolver solver;
    VectorXd alpha;
    int iterations = 0;
    for (auto _ : state) {
        alpha.setOnes(tasks); // a cold start, as the first training step
        iterations = solver.cccp(G, 20, alpha).iterations;
        benchmark::DoNotOptimize(alpha.data());
    }
    state.counters["cccp_iterations"] = iterations;
}

} // namespace

BENCHMARK(minNormFrankWolfe)->Arg(2)->Arg(8)->Arg(64)->Unit(benchmark::kMicrosecond);
BENCHMARK(minNormExact)->Arg(2)->Arg(8)->Arg(64)->Unit(benchmark::kMicrosecond);
BENCHMARK(dualConeProjection)->Arg(2)->Arg(8)->Arg(64)->Unit(benchmark::kMicrosecond);
BENCHMARK(upgradWeights)->Arg(2)->Arg(8)->Arg(64)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(upgradWeightsOneThread)->Arg(64)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(cagradDual)->Arg(2)->Arg(8)->Arg(64)->Unit(benchmark::kMicrosecond);
BENCHMARK(nashCccp)->Arg(2)->Arg(8)->Arg(64)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
