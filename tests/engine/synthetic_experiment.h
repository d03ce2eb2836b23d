#pragma once
// The small network experiment the engine tests train: the synthetic task family (600 samples,
// 16 features, rho 0.5) with a 32-16 MLP trunk, batch 64 (epochs of 9 steps), Adam 3e-3, the
// method's example parameters where it has required ones.
#include "engine/experiment.h"
#include "mtl/method_registry.h"

namespace mtw::test {

inline engine::Experiment syntheticExperiment(
    const std::string& method, int tasks = 3, int threads = 1, std::uint64_t seed = 11)
{
    engine::Experiment e;
    e.name = "synthetic";
    e.problem = "synthetic_family";
    e.problemParams
        = { { "tasks", static_cast<long long>(tasks) }, { "samples", 600LL }, { "features", 16LL }, { "rho", 0.5 } };
    e.modelParams = { { "trunk", std::vector<long long> { 32, 16 } } };
    e.method = method;
    const mtl::MethodSpec* spec = mtl::MethodRegistry::instance().find(method);
    if (spec && spec->exampleParameters)
        e.methodParams = spec->exampleParameters(tasks);
    e.optimizer.learningRate = 3e-3;
    e.steps = 300;
    e.batchSize = 64;
    e.threads = threads;
    e.seed = seed;
    e.evaluateEvery = 100;
    return e;
}

} // namespace mtw::test
