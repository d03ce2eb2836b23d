// Loss-landscape throughput: grid points per second on an MLP 784-256-256 with two
// 10-class heads over a 10k-sample evaluation subset, with the first-layer factorisation
// (factored = 1) and with a full forward pass per point (factored = 0), inside a 2-thread
// tbb::task_arena (the 2-core target; target >= 100 points/s factored). The factored run
// covers the whole 41 x 41 grid; the per-point run a 9 x 9 grid of the same window (its cost
// per point does not depend on the grid). Setup (the three first-layer products) is timed apart.
// BM_LeNetLandscape: the MultiFashion LeNet (36 x 36 images, two 10-class heads) on 10k samples,
// first (convolution) layer factored, on a 9 x 9 grid (batches of 8 points, as a 33 x 33 grid's);
// its counter seconds_33x33 is the time a 33 x 33 grid takes at that rate (issue 15's target:
// under 60 s).
#include "analysis/factored_network_evaluator.h"
#include "analysis/loss_landscape.h"
#include "problem/lenet_builder.h"
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

// Inputs uniform in [0, 1], two 10-class tasks with uniform labels, every sample a training one.
std::shared_ptr<data::MultiTaskDataset> randomData(core::Rng& rng, core::Index features)
{
    auto data = std::make_shared<data::MultiTaskDataset>();
    data->features.resize(features, evaluationSamples);
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
    return data;
}

// A two-task network on random data with its filter-normalised random plane.
Fixture makeFixture(core::Rng& rng, std::shared_ptr<data::MultiTaskDataset> data, core::Sequential trunk,
    core::Index representation, const std::string& name)
{
    std::vector<core::Sequential> heads;
    for (int t = 0; t < 2; ++t)
        heads.push_back(problem::buildHead(representation, {}, "relu", 10));
    Fixture built;
    built.network = std::make_unique<problem::HardSharingNetwork>(
        name, std::move(data), std::move(trunk), std::move(heads), 256, evaluationSamples);
    const core::Vector theta = built.network->initialParameters(rng);
    built.plane = analysis::filterNormalizedPlane(*built.network, theta, 7);
    return built;
}

Fixture& fixture()
{
    static Fixture f = [] {
        core::Rng rng(1);
        return makeFixture(rng, randomData(rng, 784), problem::buildMlp(784, { 256, 256 }, "relu"), 256, "bench");
    }();
    return f;
}

Fixture& lenetFixture()
{
    static Fixture f = [] {
        core::Rng rng(2);
        auto data = randomData(rng, 36 * 36);
        data->channels = 1;
        data->height = data->width = 36;
        core::Sequential trunk = problem::buildLeNetTrunk(*data);
        return makeFixture(rng, std::move(data), std::move(trunk), problem::lenetRepresentation, "bench lenet");
    }();
    return f;
}

// The grid points a benchmark's landscapes evaluated at the given resolution (the rate comes from
// the benchmark's real time); the evaluator's set-up is not timed.
double landscapePoints(benchmark::State& state, Fixture& f, bool factored, int resolution)
{
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
    return static_cast<double>(points);
}

void BM_LandscapeGrid(benchmark::State& state)
{
    const double points = landscapePoints(state, fixture(), state.range(0) != 0, static_cast<int>(state.range(1)));
    state.counters["points_per_second"] = benchmark::Counter(points, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_LandscapeGrid)
    ->ArgNames({ "factored", "grid" })
    ->Args({ 1, 41 })
    ->Args({ 0, 9 })
    ->Unit(benchmark::kSecond)
    ->Iterations(1)
    ->UseRealTime();

void BM_LeNetLandscape(benchmark::State& state)
{
    const double points = landscapePoints(state, lenetFixture(), true, 9);
    state.counters["points_per_second"] = benchmark::Counter(points, benchmark::Counter::kIsRate);
    // kIsRate | kInvert: seconds per (points / 1089), the time of the 33 x 33 grid.
    state.counters["seconds_33x33"]
        = benchmark::Counter(points / (33.0 * 33.0), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_LeNetLandscape)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

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
