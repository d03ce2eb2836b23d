#pragma once
// The multi-task problem interface: shared parameters, per-task parameters (heads), and per step
// the task losses, the task Gramian G = J J^T over the shared parameters (or the shared
// representation) and -- on request -- the task Jacobian J itself.
//
// Parameter layout: theta = [shared (sharedParameterCount) | task-specific (the rest)].
// A step is two calls: computeGradients() (sample a batch, forward once, all tasks' backward)
// then combine() with the method's weights, which writes the full update direction without a
// second backward pass (or, for a request without per-task backward, with its only one). The
// problem object is per run (it keeps the step's intermediate state); data sets behind it are
// shared read-only.
#include "core/rng.h"
#include "core/tensor.h"

#include <Eigen/Dense>
#include <string>
#include <vector>

namespace mtw::problem {

using core::Index;
using core::Matrix;
using core::Vector;

enum class TaskKind { Analytic, Regression, Classification, Binary };

struct TaskInfo {
    std::string name;
    TaskKind kind = TaskKind::Analytic;
    int classCount = 0;
};

// Where the task gradients are taken: the shared parameters (exact, default) or the shared
// representation Z (MGDA-UB, Sener & Koltun 2018 section 3.3; cheaper, an upper bound).
enum class GradientSpace { SharedParameters, Representation };

struct GradientRequest {
    GradientSpace space = GradientSpace::SharedParameters;
    bool needJacobian = false;
    // When false (and no Jacobian is asked for) a problem may skip forming G and leave it zero:
    // the method ignores it and no diagnostics are recorded this step.
    bool needGramian = true;
    // When false (and neither G nor J is asked for) the caller needs only weighted sums of the
    // task gradients: a problem may skip the per-task backward through the shared part, and
    // combine() then back-propagates sum_t w_t dL_t/dZ once -- one backward pass instead of T.
    bool perTaskBackward = true;
};

struct StepGradients {
    Eigen::VectorXd losses; // T, mini-batch losses
    Eigen::MatrixXd gramian; // T x T in the requested space
    Matrix jacobian; // T x (space dimension), only when requested
    // Partial supervision: per task, the batch's samples labelled for it (the losses, G and J are
    // over those); empty when every training sample is labelled for every task.
    Eigen::VectorXd labelled;
};

enum class Split { Train, Validation, Test };

// A contiguous block of the flat parameter vector.
struct ParameterRange {
    Index offset = 0;
    Index count = 0;
};

// Whether a larger value of the named evaluation metric is better ("accuracy", "f1", "macro_f1",
// "auc", "worst_group_accuracy"; losses and errors such as "mse" and "mae" are not): how readers
// of stored runs recover the direction.
inline bool higherIsBetterMetric(const std::string& metricName)
{
    return metricName == "accuracy" || metricName == "f1" || metricName == "macro_f1" || metricName == "auc"
        || metricName == "worst_group_accuracy";
}

struct MetricValue {
    std::string name;
    double value = 0;
    bool higherIsBetter = true;
};

struct TaskEvaluation {
    double loss = 0;
    double metric = 0; // accuracy (classification), MSE (regression), the loss for analytic tasks
    std::string metricName;
    bool higherIsBetter = false;
    // The task's further metrics on the split (problem/task_metrics.h): macro-F1 and one-vs-rest
    // AUC for classification, F1 and AUC for binary tasks, MAE for regression; none for analytic.
    std::vector<MetricValue> moreMetrics;
};

class MultiTaskProblem {
public:
    virtual ~MultiTaskProblem() = default;
    virtual std::string name() const = 0;
    virtual const std::vector<TaskInfo>& tasks() const = 0;
    int taskCount() const { return static_cast<int>(tasks().size()); }
    virtual Index parameterCount() const = 0;
    virtual Index sharedParameterCount() const = 0;
    virtual Vector initialParameters(core::Rng& rng) const = 0;
    // Mini-batches per epoch (1 for analytic problems).
    virtual long long stepsPerEpoch() const { return 1; }

    virtual void computeGradients(
        const Vector& theta, const GradientRequest& request, core::Rng& rng, StepGradients& out)
        = 0;
    // Full update direction from the last computeGradients(): the shared block is J^T weights;
    // head t gets its own task's gradient, scaled by weights(t) when weightHeads. The theta given to
    // that computeGradients() must still exist, unchanged: problems may keep a reference to it.
    virtual void combine(const Eigen::VectorXd& weights, bool weightHeads, Vector& direction) = 0;
    // Same, with an explicit direction in the gradient space (methods that are not weighted).
    virtual void combineDirection(
        const Vector& spaceDirection, const Eigen::VectorXd& headWeights, bool weightHeads, Vector& direction)
        = 0;

    // While held, computeGradients() evaluates the last mini-batch again (at the theta given):
    // training modes that take several sub-steps or a perturbed gradient on one batch.
    virtual void holdBatch(bool /*held*/) { }
    // The batch sampler's position (permutation and cursor) for checkpoints; empty for problems
    // without data.
    virtual std::vector<long long> samplerState() const { return {}; }
    virtual void setSamplerState(const std::vector<long long>& /*state*/) { }
    // The task-specific parameter blocks of `task` (its head); empty when all parameters are shared.
    virtual std::vector<ParameterRange> taskParameterRanges(int /*task*/) const { return {}; }

    // Exact per-task losses at theta on a fixed evaluation set (the landscape and Pareto views).
    virtual Eigen::VectorXd lossesAt(const Vector& theta) const = 0;
    virtual std::vector<TaskEvaluation> evaluate(const Vector& theta, Split split) const = 0;
    virtual bool hasValidation() const { return false; }

    // Analytic problems in the plane expose their parameters as a 2-D point (landscape contours).
    virtual bool isPlanar() const { return false; }
    // The analytic Pareto front in loss space, if known (sampled points).
    virtual std::vector<Eigen::VectorXd> paretoFront(int /*points*/) const { return {}; }
};

} // namespace mtw::problem
