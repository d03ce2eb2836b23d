#pragma once
// The experiment file (JSON, schema "mtw-experiment/1"): everything needed to reproduce a run.
//
// {
//   "schema": "mtw-experiment/1",
//   "name": "toy-nash",
//   "problem":   { "type": "cagrad_toy", "params": { "start": [-8.5, 7.5] } },
//   "model":     { "architecture": "mlp", "trunk": [64, 64], ... },      (neural problems)
//   "method":    { "name": "nash_mtl", "params": { "max_norm": 1.0 } },
//   "mode":      { "name": "joint" | "alternating" | "selective_groups" | "task_sam", "params": {} },
//   "optimizer": { "type": "adam", "lr": 0.001, ... },
//   "schedule":  { "type": "constant", ... },
//   "training":  { "steps": 35000, "batch_size": 256, "seed": 0, "threads": 0,
//                  "gradient_space": "parameters" | "representation" },
//   "evaluation":  { "every": 100 },
//   "diagnostics": { "record_every": 1, "matrix_every": 100, "snapshot_ms": 40,
//                    "divergence_threshold": 1e8, "parameters_every": 0,
//                    "factors": { ... } }   (engine/factor_config.h)
// }
// Unknown keys, wrong types and out-of-range values are errors naming the key path
// ("method.params.c: must be in [0, 1000], got -1").
#include "core/parameter_schema.h"
#include "engine/experiment_error.h"
#include "engine/factor_config.h"
#include "problem/multi_task_problem.h"

#include <map>
#include <stdexcept>
#include <string>

namespace mtw::engine {

using ParameterMap = std::map<std::string, core::ParameterValue>;

struct OptimizerConfig {
    std::string type = "adam"; // sgd | adam | adamw
    double learningRate = 1e-3;
    double momentum = 0.0;
    bool nesterov = false;
    double weightDecay = 0.0;
    double beta1 = 0.9;
    double beta2 = 0.999;
    double epsilon = 1e-8;
};

struct ScheduleConfig {
    std::string type = "constant"; // constant | step | exponential | cosine
    long long stepSize = 100;
    double gamma = 0.5;
    long long warmupSteps = 0;
};

struct Experiment {
    static constexpr const char* schemaName = "mtw-experiment/1";
    std::string name = "experiment";
    std::string problem = "cagrad_toy";
    ParameterMap problemParams;
    ParameterMap modelParams;
    std::string method = "ew";
    ParameterMap methodParams;
    std::string mode = "joint"; // training mode (engine/training_mode_registry.h)
    ParameterMap modeParams;
    OptimizerConfig optimizer;
    ScheduleConfig schedule;
    long long steps = 1000;
    int batchSize = 256;
    std::uint64_t seed = 0;
    int threads = 0; // 0: all cores
    problem::GradientSpace gradientSpace = problem::GradientSpace::SharedParameters;
    long long evaluateEvery = 100;
    long long recordEvery = 1;
    long long matrixEvery = 100;
    int snapshotMilliseconds = 40;
    double divergenceThreshold = 1e8;
    FactorConfig factors; // trajectory factors (off unless factors.every > 0)
    // All parameters stored after 0, N, 2N, ... steps and at the end, for the landscape planes of
    // the trajectory (engine/landscape_job.h); 0: none. Costs 4 bytes per parameter per snapshot.
    long long parametersEvery = 0;
};

// Parses and validates (problem, model and method parameters against their schemas, the task
// count for method checks); throws ExperimentError naming the key path.
Experiment experimentFromJsonText(const std::string& text);
Experiment loadExperiment(const std::string& path); // errors name the file too
// The file's text; throws ExperimentError when it cannot be read.
std::string readExperimentFile(const std::string& path);
// The problem's input-file checks (problem::ProblemSpec::checkInputs): throws ExperimentError at
// the key path ("problem.params.targets: unknown column 'z' in data.csv (columns: a, b)").
void checkExperimentInputs(const Experiment& experiment);
std::string experimentToJsonText(const Experiment& experiment);
void saveExperiment(const Experiment& experiment, const std::string& path);
// The first key path where two experiments differ ("method.params.c is 0.5 in the checkpoint, 0.4
// now"; the places are `beforeName` and `afterName`), or empty when they are the same.
std::string firstDifference(const Experiment& before, const Experiment& after,
    const std::string& beforeName = "in the checkpoint", const std::string& afterName = "now");

// The built-in demo: the CAGrad toy from (-8.5, 7.5) with the given method, 35,000 Adam steps.
Experiment demoExperiment(const std::string& method = "nash_mtl");

} // namespace mtw::engine
