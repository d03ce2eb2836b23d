// One training step of a hard-sharing MLP 1296-256-256 (batch 256, 10-class heads), for T in
// {2, 10, 40} tasks and every registered method, plus a float GEMM to measure this machine's
// peak rate in the same run. Counters report each step as a ratio to the FLOP floor
// (floor FLOPs / measured GEMM rate); compare methods to EW at the same T from the same run.
//
// FLOP floors (P = trunk parameters, P_1 = first layer's, B = batch, T = tasks; heads are
// negligible), for the path the step took (read from the network's trunk-backward counter):
//   loss-only methods (EW, fixed, RLW, UW, DWA, ...; one backward of the weighted loss):
//     forward 2BP + input gradients 2B(P - P_1) + weight gradients 2BP
//   Gramian methods (G from the per-layer input kernels, d = J^T w from stored deltas):
//     forward 2BP + input gradients 2B(P - P_1) per task + weight gradients of d 2BP
//   methods that need J: forward 2BP + T (2BP weight gradients) + T input gradients + 2 T^2 P for G
#include "core/kernel_info.h"
#include "core/parallel_gemm.h"
#include "data/synthetic_task_family.h"
#include "engine/trainer.h"
#include "mtl/method_registry.h"
#include "problem/hard_sharing_network.h"
#include "problem/network_builder.h"

#include <benchmark/benchmark.h>

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

double peakGemmRate()
{
    static double rate = 0;
    if (rate == 0) {
        const core::Index n = 1024;
        core::Matrix A = core::Matrix::Random(n, n), B = core::Matrix::Random(n, n), C(n, n);
        core::gemm(C, A, core::Transpose::No, B, core::Transpose::No); // warm-up
        const int repeats = 5;
        const auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < repeats; ++i)
            core::gemm(C, A, core::Transpose::No, B, core::Transpose::No);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        rate = repeats * 2.0 * n * n * n / seconds;
    }
    return rate;
}

void BM_PeakGemm(benchmark::State& state)
{
    const core::Index n = 1024;
    core::Matrix A = core::Matrix::Random(n, n), B = core::Matrix::Random(n, n), C(n, n);
    for (auto _ : state) {
        core::gemm(C, A, core::Transpose::No, B, core::Transpose::No);
        benchmark::DoNotOptimize(C.data());
    }
    state.counters["GFLOP/s"] = benchmark::Counter(
        2.0 * n * n * n, benchmark::Counter::kIsIterationInvariantRate, benchmark::Counter::kIs1000);
}

void BM_TrainingStep(benchmark::State& state, const std::string& method)
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
    engine::Trainer trainer(e, network(tasks));
    const double P = static_cast<double>(trainer.problem().sharedParameterCount());
    const double firstLayer = inputs * width + width;
    const bool needsJ = mtl::MethodRegistry::instance().create(method, e.methodParams, tasks)->needsJacobian();
    const double T = tasks, B = batch;
    const double rate = peakGemmRate();
    const auto& net = dynamic_cast<const problem::HardSharingNetwork&>(trainer.problem());
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
    const double floorFlops = needsJ ? 2 * B * P + T * 2 * B * P + T * 2 * B * (P - firstLayer) + 2 * T * T * P
                                     : 2 * B * P + deltas * 2 * B * (P - firstLayer) + 2 * B * P;
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
            [id = spec->id](benchmark::State& state) { BM_TrainingStep(state, id); })
            ->Arg(2)
            ->Arg(10)
            ->Arg(40)
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
