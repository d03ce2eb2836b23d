// Loss-landscape throughput: grid points per second on an MLP 784-256-256 with two
// 10-class heads over a 10k-sample evaluation subset, with the first-layer factorisation
// (factored = 1) and with a full forward pass per point (factored = 0), inside a 2-thread
// tbb::task_arena (the 2-core target; target >= 100 points/s factored). The factored run
// covers the whole 41 x 41 grid; the per-point run a 9 x 9 grid of the same window (its cost
// per point does not depend on the grid). Setup (the three first-layer products) is timed apart.
#include "analysis/factored_network_evaluator.h"
#include "analysis/loss_landscape.h"
#include "problem/network_builder.h"

#include <benchmark/benchmark.h>
#include <tbb/task_arena.h>

#include <memory>

namespace {

using namespace mtw;

constexpr int benchThreads = 2;
constexpr int evaluationSamples = 10000;

struct Fixture {
    std::unique_ptr<problem::HardSharingNetwork> network;
    analysis::LandscapePlane plane;
};

Fixture& fixture()
{
    static Fixture f = [] {
        core::Rng rng(1);
        auto data = std::make_shared<data::MultiTaskDataset>();
        data->features.resize(784, evaluationSamples);
        for (Eigen::Index i = 0; i < data->features.size(); ++i)
            data->features.data()[i] = static_cast<core::Scalar>(rng.uniform());
        for (int t = 0; t < 2; ++t) {
            data::TaskTargets target;
            target.name = "task" + std::to_string(t);
            target.kind = data::TargetKind::Classification;
            target.classCount = 10;
            for (int s = 0; s < evaluationSamples; ++s)
                target.labels.push_back(static_cast<int>(rng.index(10)));
            data->tasks.push_back(target);
        }
        for (int s = 0; s < evaluationSamples; ++s)
            data->train.push_back(s);
        std::vector<core::Sequential> heads;
        for (int t = 0; t < 2; ++t)
            heads.push_back(problem::buildHead(256, {}, "relu", 10));
        Fixture built;
        built.network = std::make_unique<problem::HardSharingNetwork>(
            "bench", data, problem::buildMlp(784, { 256, 256 }, "relu"), std::move(heads), 256, evaluationSamples);
        const core::Vector theta = built.network->initialParameters(rng);
        built.plane = analysis::filterNormalizedPlane(*built.network, theta, 7);
        return built;
    }();
    return f;
}

void BM_LandscapeGrid(benchmark::State& state)
{
    const bool factored = state.range(0) != 0;
    const int resolution = static_cast<int>(state.range(1));
    Fixture& f = fixture();
    tbb::task_arena arena(benchThreads);
    std::unique_ptr<analysis::PlaneEvaluator> evaluator;
    arena.execute([&] { evaluator = analysis::makePlaneEvaluator(*f.network, f.plane, factored, evaluationSamples); });
    analysis::LandscapeOptions options;
    options.initialResolution = resolution;
    options.finalResolution = resolution;
    long long points = 0;
    for (auto _ : state) {
        analysis::LandscapeResult result;
        arena.execute([&] { result = analysis::computeLandscape(*evaluator, f.plane, options); });
        benchmark::DoNotOptimize(result.totalLoss.data());
        points += result.evaluatedPoints;
    }
    state.counters["points_per_second"] = benchmark::Counter(static_cast<double>(points), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_LandscapeGrid)
    ->ArgNames({ "factored", "grid" })
    ->Args({ 1, 41 })
    ->Args({ 0, 9 })
    ->Unit(benchmark::kSecond)
    ->Iterations(1)
    ->UseRealTime();

void BM_FactoredSetup(benchmark::State& state)
{
    Fixture& f = fixture();
    tbb::task_arena arena(benchThreads);
    for (auto _ : state)
        arena.execute([&] {
            analysis::FactoredNetworkEvaluator evaluator(*f.network, f.plane, evaluationSamples);
            benchmark::DoNotOptimize(&evaluator);
        });
}
BENCHMARK(BM_FactoredSetup)->Unit(benchmark::kMillisecond)->Iterations(2)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
