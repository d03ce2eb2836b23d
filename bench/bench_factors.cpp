// The trajectory factors' cost (engine/factor_probe.h) against one training step, measured in the
// same run, on the MultiFashion LeNet (36x36 composites of Debian's Fashion-MNIST, 2 tasks, batch
// 256; 4096 training composites are enough for the step and the 512-sample factor sample):
//   BM_TrainingStep          one EW step (the unit of the ratios)
//   BM_Factor/<what>         one measurement of one factor family, all tasks (and the total
//                            loss for sharpness and SAM), with the experiment's defaults:
//                            sharpness (<= 20 power iterations), sam (rho 0.05), fisher
//                            (sampled labels), coherence (with noise scale, gradient norm and
//                            within-task cosine), all (the whole default block)
// Counter `steps`: the measurement's time in training steps. The schedule's overhead on a run of
// S steps is (measurements x steps per measurement) / S: docs/factors.md works it out.
#include "engine/factor_probe.h"
#include "engine/problem_factory.h"
#include "engine/trainer.h"

#include <benchmark/benchmark.h>

#include <chrono>

using namespace mtw;

namespace {

engine::Experiment lenetExperiment()
{
    engine::Experiment e = engine::experimentFromJsonText(R"({"schema": "mtw-experiment/1",
        "problem": {"type": "multi_fashion", "params": {"train_samples": 4096, "test_samples": 256}},
        "model": {"architecture": "cnn"}, "method": {"name": "ew"},
        "training": {"steps": 1000000, "batch_size": 256, "threads": 0}, "evaluation": {"every": 0}})");
    e.factors.every = 1;
    return e;
}

double stepSeconds = 0; // of the last BM_TrainingStep run, for the ratios

void BM_TrainingStep(benchmark::State& state)
{
    engine::Trainer trainer(lenetExperiment());
    trainer.advance(3); // warm-up
    const auto start = std::chrono::steady_clock::now();
    long long steps = 0;
    for (auto _ : state) {
        trainer.advance(1);
        ++steps;
    }
    stepSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / static_cast<double>(steps);
}

void factorBench(benchmark::State& state, const std::string& what)
{
    engine::Experiment e = lenetExperiment();
    engine::FactorConfig& f = e.factors;
    const bool all = what == "all";
    f.sharpness = all || what == "sharpness";
    f.samRho = all || what == "sam" ? std::vector<double> { 0.05 } : std::vector<double> {};
    f.fisher = all || what == "fisher" ? "sampled" : "off";
    f.coherence = f.withinTaskCosine = all || what == "coherence";
    const std::unique_ptr<problem::MultiTaskProblem> problem = engine::createProblem(e);
    core::Rng rng(0);
    const core::Vector theta = problem->initialParameters(rng);
    engine::FactorProbe probe(e, *problem, [&e] { return engine::createProblem(e); });
    std::vector<engine::FactorRecord> records;
    const auto start = std::chrono::steady_clock::now();
    long long measurements = 0;
    for (auto _ : state) {
        records.clear();
        probe.measure(theta, measurements, records);
        ++measurements;
    }
    const double seconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / static_cast<double>(measurements);
    if (stepSeconds > 0)
        state.counters["steps"] = seconds / stepSeconds;
}

} // namespace

BENCHMARK(BM_TrainingStep)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK_CAPTURE(factorBench, sharpness, std::string("sharpness"))->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK_CAPTURE(factorBench, sam, std::string("sam"))->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK_CAPTURE(factorBench, fisher, std::string("fisher"))->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK_CAPTURE(factorBench, coherence, std::string("coherence"))->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK_CAPTURE(factorBench, all, std::string("all"))->Unit(benchmark::kMillisecond)->Iterations(3);

BENCHMARK_MAIN();
