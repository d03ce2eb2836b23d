#pragma once
// How one training step turns a mini-batch into parameter updates (the training modes). The
// default, JointStep, is one step on the method's aggregate of all task gradients.
// The others change the step itself:
//   GroupSequentialStep  alternating per-task steps (Pascal et al. 2021) and selective task-group
//                        updates with proximal inter-task affinity (Jeong & Yoon 2025);
//   TaskSamStep          SAM per task with separate aggregation of loss and flatness gradients
//                        (Phan et al. 2022).
// A mode owns its optimizer(s) and keeps its state (affinities, moments) for checkpoints; the
// trainer owns the problem, the method, the random streams and the bookkeeping around a step.
#include "analysis/step_diagnostics.h"
#include "core/rng.h"
#include "engine/blockwise_optimizer.h"
#include "mtl/method.h"
#include "problem/multi_task_problem.h"

#include <map>
#include <string>
#include <vector>

namespace mtw::engine {

// What the trainer shares with its mode; lives as long as the trainer.
struct TrainingContext {
    problem::MultiTaskProblem& problem;
    mtl::Method& method;
    core::Rng& batchRng;
    core::Rng& methodRng;
    OptimizerFactory makeOptimizer;
    problem::GradientSpace gradientSpace = problem::GradientSpace::SharedParameters;
    std::vector<std::string> taskNames;
};

struct StepPlan {
    long long step = 0;
    int epoch = 0;
    bool epochStart = false;
    double learningRate = 0;
    bool diagnostics = false; // this step is recorded: form G and the step diagnostics
};

struct StepReport {
    std::string failure; // non-empty: the run must end with this reason
    bool methodFailure = false; // the failure is the method's (a non-finite direction): the trainer names it
    Eigen::VectorXd losses; // mini-batch losses at the start of the step
    Eigen::VectorXd weights; // per-task weights of the step (NaN where a method returns a direction)
    analysis::StepDiagnostics diagnostics; // filled when plan.diagnostics
    std::map<std::string, double> extras;
};

class TrainingMode {
public:
    virtual ~TrainingMode() = default;
    // Takes one step on the next mini-batch, updating theta in place.
    virtual StepReport step(const StepPlan& plan, core::Vector& theta) = 0;
    // Optimizer moments and mode state (method state is saved by the trainer).
    virtual mtl::MethodState state() const = 0;
    virtual void setState(const mtl::MethodState& state) = 0;
    // The optimizer-consistent look-ahead (Wang, Pan & Yu 2024; analysis/task_affinity.h): moves
    // theta as this mode's optimizer would on a step of task `task` alone along `direction` (P),
    // from a copy of the optimizer's state, which stays unchanged. The shared parameters and the
    // task's head move; the other heads keep their values (grad None in PyTorch). Const and safe
    // to call concurrently for different tasks.
    virtual void lookahead(core::Vector& theta, const core::Vector& direction, double learningRate, int task) const = 0;
};

// Holds the problem's current mini-batch for the lifetime of the object (every computeGradients()
// in between sees the same samples) and releases it on every path out of a step.
class HeldBatch {
public:
    explicit HeldBatch(problem::MultiTaskProblem& problem)
        : m_problem(problem)
    {
        m_problem.holdBatch(true);
    }
    ~HeldBatch() { m_problem.holdBatch(false); }
    HeldBatch(const HeldBatch&) = delete;
    HeldBatch& operator=(const HeldBatch&) = delete;

private:
    problem::MultiTaskProblem& m_problem;
};

// "non-finite loss at step 3: task 'left' = nan (hint)"; empty when all values are finite.
std::string describeNonFinite(const char* what, const Eigen::VectorXd& values, const std::vector<std::string>& names,
    long long step, const char* hint = "lower the learning rate or check the data for NaN");

} // namespace mtw::engine
