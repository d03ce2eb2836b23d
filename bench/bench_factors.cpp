// The trajectory factors' cost (engine/factor_probe.h) against one training step, measured in the
// same run, on the MultiFashion LeNet (36x36 composites of Debian's Fashion-MNIST, 2 tasks, batch
// 256; 4096 training composites are enough for the step and the 512-sample factor sample):
//   BM_TrainingStep          one EW step (the unit of the ratios)
//   factorBench/<what>       one measurement of one factor family, all tasks (and the total
//                            loss for sharpness and SAM), with the experiment's defaults, the
//                            mean of 4 measurements 50 steps apart (the first one cold):
//                            sharpness (Lanczos, <= 20 products, warm-started), sam (rho 0.05), fisher
//                            (sampled labels), coherence (with noise scale, gradient norm and
//                            within-task cosine), affinity (TAG and the optimizer-consistent
//                            look-ahead), all (the whole default block)
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
    stepSeconds
        = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / static_cast<double>(steps);
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
    f.tagAffinity = all || what == "affinity" ? "both" : "off";
    // Along a trajectory, as in a run: 50 EW steps (not timed) between measurements, so the
    // sharpness' warm start sees parameters that moved (the first measurement starts cold).
    engine::Experiment plain = e;
    plain.factors.every = 0;
    engine::Trainer trainer(plain);
    // The probe reads a network only, so its own instance (same structure and data) serves.
    const std::unique_ptr<problem::MultiTaskProblem> measured = engine::createProblem(e);
    engine::FactorProbe probe(e, *measured, [&e] { return engine::createProblem(e); });
    std::vector<engine::FactorRecord> records;
    double seconds = 0;
    long long measurements = 0;
    for (auto _ : state) {
        state.PauseTiming();
        if (measurements > 0)
            trainer.advance(50);
        records.clear();
        state.ResumeTiming();
        const auto start = std::chrono::steady_clock::now();
        probe.measure(trainer.parameters(), trainer.stepsDone(), records, { 0.0, &trainer.trainingMode() });
        seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        ++measurements;
    }
    seconds /= static_cast<double>(measurements);
    if (stepSeconds > 0)
        state.counters["steps"] = seconds / stepSeconds;
}

} // namespace

BENCHMARK(BM_TrainingStep)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK_CAPTURE(factorBench, sharpness, std::string("sharpness"))->Unit(benchmark::kMillisecond)->Iterations(4);
BENCHMARK_CAPTURE(factorBench, sam, std::string("sam"))->Unit(benchmark::kMillisecond)->Iterations(4);
BENCHMARK_CAPTURE(factorBench, fisher, std::string("fisher"))->Unit(benchmark::kMillisecond)->Iterations(4);
BENCHMARK_CAPTURE(factorBench, coherence, std::string("coherence"))->Unit(benchmark::kMillisecond)->Iterations(4);
BENCHMARK_CAPTURE(factorBench, affinity, std::string("affinity"))->Unit(benchmark::kMillisecond)->Iterations(4);
BENCHMARK_CAPTURE(factorBench, all, std::string("all"))->Unit(benchmark::kMillisecond)->Iterations(4);

BENCHMARK_MAIN();
