#pragma once
// Immutable values the trainer hands out: what happened since the last snapshot (step records,
// conflict matrices, evaluations) plus the run's status. Snapshots are shared as
// std::shared_ptr<const Snapshot> and never modified after they are sent, so the GUI thread and
// the run store read them without locks.
#include "problem/multi_task_problem.h"

#include <Eigen/Dense>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace mtw::engine {

enum class RunStatus { Running, Paused, Finished, Stopped, Failed };
std::string runStatusName(RunStatus status);
// The split's name in run stores ("train", "validation", "test") and back (unknown: validation).
std::string splitName(problem::Split split);
problem::Split splitFromName(const std::string& name);

struct StepRecord {
    long long step = 0; // optimizer steps done before this one (0-based)
    int epoch = 0;
    double learningRate = 0;
    Eigen::VectorXd losses;
    Eigen::VectorXd weights;
    Eigen::VectorXd gradientNorms;
    Eigen::VectorXd alignment; // cos(g_t, d)
    Eigen::VectorXd slowdown; // <g_t, d> / |g_t|^2
    double directionNorm = 0;
    double conflictFraction = 0;
    double magnitudeSimilarity = 1; // min over task pairs of 2|g_i||g_j| / (|g_i|^2 + |g_j|^2)
    bool nonConflicting = true;
    Eigen::VectorXd point; // the parameters before the step, for problems with at most 2 of them
    std::map<std::string, double> extras; // method-specific numbers (stable names)
};

// A further T x T matrix of a matrix step, by its kind in the matrices table (run_store.h):
// "cosine@<layer>" the task-gradient cosines over one shared layer's parameters ("cosine@L1 Linear
// 332k"), "cka" the linear CKA of the tasks' head representations (problem/layer_diagnostics.h).
struct NamedMatrix {
    std::string kind;
    Eigen::MatrixXd values;
};

struct MatrixRecord {
    long long step = 0;
    Eigen::MatrixXd cosine;
    std::vector<NamedMatrix> more; // per-layer cosines (input side first), then the CKA
};

inline constexpr const char* layerCosinePrefix = "cosine@";
inline constexpr const char* ckaKind = "cka";

struct EvaluationRecord {
    long long step = 0;
    problem::Split split = problem::Split::Validation;
    std::vector<problem::TaskEvaluation> tasks;
};

// One trajectory factor (engine/factor_probe.h) measured after `step` optimizer steps, of task
// `task` or of the total loss (task = -1): "sharpness", "sam@0.05", "fisher_trace", ...
struct FactorRecord {
    long long step = 0;
    int task = -1;
    std::string name;
    double value = 0;
};

// All parameters after `step` optimizer steps (Experiment::parametersEvery), in the trainer's own
// precision (float), so a stored trajectory is the run's, bit for bit.
struct ParameterRecord {
    long long step = 0;
    Eigen::VectorXf values;
};

struct Snapshot {
    long long step = 0; // steps completed
    long long totalSteps = 0;
    double stepsPerSecond = 0;
    double elapsedSeconds = 0;
    RunStatus status = RunStatus::Running;
    std::string message; // why the run ended, for Stopped/Failed
    std::vector<std::string> taskNames;
    std::vector<StepRecord> steps; // new since the previous snapshot
    std::vector<MatrixRecord> matrices; // new since the previous snapshot
    std::vector<EvaluationRecord> evaluations; // new since the previous snapshot
    std::vector<FactorRecord> factors; // new since the previous snapshot
    std::vector<ParameterRecord> parameterRecords; // new since the previous snapshot
    Eigen::VectorXd parameters; // current parameters: always for <= 2 of them, else when paused or ended
};

using SnapshotPtr = std::shared_ptr<const Snapshot>;

// Receives snapshots from the trainer's thread. Implementations must not block for long.
class Observer {
public:
    virtual ~Observer() = default;
    virtual void onSnapshot(const SnapshotPtr& snapshot) = 0;
};

} // namespace mtw::engine
