// One training step of a hard-sharing MLP 1296-256-256 (batch 256, 10-class heads), for T in
// {2, 10, 40} tasks and every registered method, and of the MultiFashion LeNet (36 x 36 images,
// two 10-class tasks, batch 256; BM_LeNetStep, EW and MGDA), plus a float GEMM to measure this
// machine's peak rate in the same run. Counters report each step as a ratio to the FLOP floor
// (floor FLOPs / the rate of the fastest of 20 1024^2 GEMMs on the steps' threads); compare methods to
// EW at the same T from the same run.
//
// FLOP floors (M = the trunk's multiply-adds per sample, M_1 = the first layer's, P = trunk
// parameters, B = batch, T = tasks; for an MLP M = P up to the biases), plus every step's heads
// (forward, weight and input gradients: 6 B P_heads, 10% of EW's floor at T = 40), for
// the path the step took (read from the network's trunk-backward counter):
//   loss-only methods (EW, fixed, RLW, UW, DWA, ...; one backward of the weighted loss):
//     forward 2BM + input gradients 2B(M - M_1) + weight gradients 2BM
//   Gramian methods (G from the per-layer input kernels, d = J^T w from stored deltas):
//     forward 2BM + input gradients 2B(M - M_1) per task
//     + per Linear layer its Gramian route (Linear::gramianFlops) and d's weight gradients 2BM_l;
//       per Conv2d layer its T weight gradients 2BM_l, their products 2 T^2 P_l and d = J^T w
//   methods that need J: forward 2BM + T (2BM weight gradients) + T input gradients + 2 T^2 P for G
#include "core/conv2d.h"
#include "core/kernel_info.h"
#include "core/linear.h"
#include "core/parallel_gemm.h"
#include "core/rng.h"
#include "data/synthetic_task_family.h"
#include "engine/trainer.h"
#include "mtl/method_registry.h"
#include "problem/hard_sharing_network.h"
#include "problem/lenet_builder.h"
#include "problem/network_builder.h"

#include <benchmark/benchmark.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <string>

using namespace mtw;

namespace {

constexpr int inputs = 1296, width = 256, batch = 256, classes = 10;

// Threads of the training steps (--threads=N, taken out of argv before Google Benchmark sees it):
// 0, all cores, by default; make bench-compare runs both sides with the same count.
int stepThreads = 0;

std::shared_ptr<const data::MultiTaskDataset> dataset(int tasks)
{
    static std::map<int, std::shared_ptr<const data::MultiTaskDataset>> cache;
    auto& entry = cache[tasks];
    if (!entry) {
        data::SyntheticTaskFamilyOptions options;
        options.tasks = tasks;
        options.samples = 2048;
        options.features = inputs;
        options.hidden = 32;
        options.classification = true;
        options.classes = classes;
        entry = std::make_shared<const data::MultiTaskDataset>(data::makeSyntheticTaskFamily(options));
    }
    return entry;
}

std::unique_ptr<problem::MultiTaskProblem> network(int tasks)
{
    auto data = dataset(tasks);
    std::vector<core::Sequential> heads;
    for (int t = 0; t < tasks; ++t)
        heads.push_back(problem::buildHead(width, {}, "relu", classes));
    return std::make_unique<problem::HardSharingNetwork>(
        "bench", data, problem::buildMlp(inputs, { width, width }, "relu"), std::move(heads), batch);
}

// The MultiFashion LeNet's input: 36 x 36 images.
constexpr int imageSide = 36;

std::shared_ptr<const data::MultiTaskDataset> imageDataset(int tasks)
{
    static std::map<int, std::shared_ptr<const data::MultiTaskDataset>> cache;
    auto& entry = cache[tasks];
    if (!entry) {
        auto images = std::make_shared<data::MultiTaskDataset>();
        images->name = "bench images";
        images->channels = 1;
        images->height = images->width = imageSide;
        const core::Index samples = 2048;
        // Pixels in [0, 1] like Fashion-MNIST's; labels uniform over the classes.
        images->features = (core::Matrix::Random(imageSide * imageSide, samples).array() + 1) / 2;
        core::Rng rng(7);
        for (int t = 0; t < tasks; ++t) {
            data::TaskTargets task;
            task.name = "task " + std::to_string(t);
            task.kind = data::TargetKind::Classification;
            task.classCount = classes;
            for (core::Index i = 0; i < samples; ++i)
                task.labels.push_back(static_cast<int>(rng.index(classes)));
            images->tasks.push_back(std::move(task));
        }
        for (core::Index i = 0; i < samples; ++i)
            images->train.push_back(i);
        entry = std::move(images);
    }
    return entry;
}

std::unique_ptr<problem::MultiTaskProblem> lenet(int tasks)
{
    auto data = imageDataset(tasks);
    std::vector<core::Sequential> heads;
    for (int t = 0; t < tasks; ++t)
        heads.push_back(problem::buildHead(problem::lenetRepresentation, {}, "relu", classes));
    return std::make_unique<problem::HardSharingNetwork>(
        "bench lenet", data, problem::buildLeNetTrunk(*data), std::move(heads), batch);
}

// The 1024^2 products below run on the steps' thread count, as the floors they set are for them.
tbb::task_arena& stepArena()
{
    static tbb::task_arena arena(stepThreads > 0 ? stepThreads : tbb::task_arena::automatic);
    return arena;
}

double peakGemmRate()
{
    static double rate = 0;
    if (rate == 0) {
        const core::Index n = 1024;
        core::Matrix A = core::Matrix::Random(n, n), B = core::Matrix::Random(n, n), C(n, n);
        const auto product
            = [&] { stepArena().execute([&] { core::gemm(C, A, core::Transpose::No, B, core::Transpose::No); }); };
        product(); // warm-up
        // The fastest of 20 products: a floor is what the machine can do, and the mean of a few
        // products taken at start-up (clock ramping, a neighbour's load) put the rate anywhere
        // between 190 and 270 GFLOP/s from one sitting to the next, and every x_floor with it.
        double fastest = 0;
        for (int i = 0; i < 20; ++i) {
            const auto start = std::chrono::steady_clock::now();
            product();
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            fastest = i == 0 ? seconds : std::min(fastest, seconds);
        }
        rate = 2.0 * n * n * n / fastest;
    }
    return rate;
}

void BM_PeakGemm(benchmark::State& state)
{
    const core::Index n = 1024;
    core::Matrix A = core::Matrix::Random(n, n), B = core::Matrix::Random(n, n), C(n, n);
    for (auto _ : state) {
        stepArena().execute([&] { core::gemm(C, A, core::Transpose::No, B, core::Transpose::No); });
        benchmark::DoNotOptimize(C.data());
    }
    state.counters["GFLOP/s"] = benchmark::Counter(
        2.0 * n * n * n, benchmark::Counter::kIsIterationInvariantRate, benchmark::Counter::kIs1000);
}

// A layer's multiply-adds per sample: a Linear layer's parameter count (biases included, as the
// MLP floors always counted), a Conv2d's filter taps times its outputs, nothing for the others.
double layerMacs(const core::Layer& layer)
{
    if (const auto* conv = dynamic_cast<const core::Conv2d*>(&layer))
        return static_cast<double>(conv->patchSize() * conv->outputSize());
    return dynamic_cast<const core::Linear*>(&layer) ? static_cast<double>(layer.parameterCount()) : 0.0;
}

// The FLOPs of the Gramian of T tasks' gradients over the trunk, layer by layer as computed, and
// of d's weight gradients: a layer whose Gramian forms its Jacobian rows (Conv2d) gets d = J^T w
// from them (2 T P_l), the others (Linear) a weight-gradient pass of the weighted delta (2 B M_l).
double gramianPathFlops(const core::Sequential& trunk, double B, int tasks)
{
    const double T = tasks;
    double flops = 0;
    for (std::size_t l = 0; l < trunk.layerCount(); ++l) {
        const core::Layer& layer = trunk.layer(l);
        const double parameters = static_cast<double>(layer.parameterCount());
        if (const auto* linear = dynamic_cast<const core::Linear*>(&layer))
            flops += linear->gramianFlops(static_cast<core::Index>(B), tasks) + 2 * B * layerMacs(layer);
        else if (layer.gramianFormsJacobianRows())
            flops += T * 2 * B * layerMacs(layer) + 2 * T * T * parameters + 2 * T * parameters;
    }
    return flops;
}

void timeSteps(
    benchmark::State& state, const std::string& method, std::unique_ptr<problem::MultiTaskProblem> (*makeNetwork)(int))
{
    const int tasks = static_cast<int>(state.range(0));
    engine::Experiment e;
    e.method = method;
    const mtl::MethodSpec* spec = mtl::MethodRegistry::instance().find(method);
    if (spec->exampleParameters)
        e.methodParams = spec->exampleParameters(tasks);
    e.steps = 1LL << 40;
    e.evaluateEvery = 0;
    e.matrixEvery = 0;
    e.recordEvery = 1LL << 40;
    e.threads = stepThreads;
    e.batchSize = batch;
    engine::Trainer trainer(e, makeNetwork(tasks));
    const double P = static_cast<double>(trainer.problem().sharedParameterCount());
    const double headParameters = static_cast<double>(trainer.problem().parameterCount()) - P;
    const auto& net = dynamic_cast<const problem::HardSharingNetwork&>(trainer.problem());
    double M = 0;
    for (std::size_t l = 0; l < net.trunk().layerCount(); ++l)
        M += layerMacs(net.trunk().layer(l));
    const double firstLayer = layerMacs(net.trunk().layer(0));
    const bool needsJ = mtl::MethodRegistry::instance().create(method, e.methodParams, tasks)->needsJacobian();
    const double T = tasks, B = batch;
    const double rate = peakGemmRate();
    trainer.advance(2); // warm-up: allocations of the first steps
    const long long deltasBefore = net.trunkBackwardDeltas();
    long long steps = 0;
    for (auto _ : state) {
        const std::string failure = trainer.advance(1);
        if (!failure.empty()) {
            state.SkipWithError(failure.c_str());
            break;
        }
        ++steps;
    }
    // Task deltas sent down the trunk per step: T on the per-task path, 1 on the single backward.
    const double deltas = steps > 0 ? static_cast<double>(net.trunkBackwardDeltas() - deltasBefore) / steps : T;
    // The per-task path (deltas > 1) of a method without J computes G from the layers.
    const bool gramianPath = !needsJ && deltas > 1;
    const double heads = 6 * B * headParameters;
    const double floorFlops = heads
        + (needsJ ? 2 * B * M + T * 2 * B * M + T * 2 * B * (M - firstLayer) + 2 * T * T * P
                  : 2 * B * M + deltas * 2 * B * (M - firstLayer)
                    + (gramianPath ? gramianPathFlops(net.trunk(), B, tasks) : 2 * B * M));
    state.counters["trunk_backwards"] = deltas;
    state.counters["floor_ms"] = floorFlops / rate * 1e3;
    // floor seconds x iterations / elapsed, inverted: measured time per step / floor time.
    state.counters["x_floor"] = benchmark::Counter(
        floorFlops / rate, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void registerSteps()
{
    for (const mtl::MethodSpec* spec : mtl::MethodRegistry::instance().all())
        benchmark::RegisterBenchmark(("BM_TrainingStep/" + spec->id).c_str(),
            [id = spec->id](benchmark::State& state) { timeSteps(state, id, network); })
            ->Arg(2)
            ->Arg(10)
            ->Arg(40)
            ->Unit(benchmark::kMillisecond)
            ->UseRealTime();
    for (const std::string id : { "ew", "mgda" })
        benchmark::RegisterBenchmark(
            ("BM_LeNetStep/" + id).c_str(), [id](benchmark::State& state) { timeSteps(state, id, lenet); })
            ->Arg(2)
            ->Unit(benchmark::kMillisecond)
            ->UseRealTime();
}

} // namespace

BENCHMARK(BM_PeakGemm)->Unit(benchmark::kMillisecond)->UseRealTime();

int main(int argc, char** argv)
{
    int kept = 1;
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        if (argument.rfind("--threads=", 0) == 0)
            stepThreads = std::stoi(argument.substr(10));
        else
            argv[kept++] = argv[i];
    }
    argc = kept;
    benchmark::Initialize(&argc, argv);
    benchmark::AddCustomContext("step_threads", stepThreads > 0 ? std::to_string(stepThreads) : "all cores");
    benchmark::AddCustomContext("kernels", core::kernelDescription());
    registerSteps();
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
