#include "engine/trainer.h"

#include "analysis/step_diagnostics.h"
#include "engine/problem_factory.h"
#include "engine/run_store.h"
#include "mtl/method_registry.h"

#include <tbb/task_arena.h>

#include <cmath>
#include <sstream>
#include <thread>

namespace mtw::engine {

struct TrainerArena {
    explicit TrainerArena(int threads)
        : arena(threads > 0 ? threads : tbb::task_arena::automatic)
    {
    }
    tbb::task_arena arena;
};

namespace {

std::unique_ptr<core::Optimizer> createOptimizer(const OptimizerConfig& o)
{
    if (o.type == "sgd")
        return std::make_unique<core::Sgd>(core::SgdOptions { o.momentum, 0.0, o.weightDecay, o.nesterov });
    return std::make_unique<core::Adam>(core::AdamOptions { o.beta1, o.beta2, o.epsilon, o.weightDecay, o.type == "adamw" });
}

core::LearningRateSchedule createSchedule(const Experiment& e)
{
    core::LearningRateSchedule schedule;
    schedule.kind = core::scheduleFromName(e.schedule.type);
    schedule.stepSize = e.schedule.stepSize;
    schedule.gamma = e.schedule.gamma;
    schedule.warmupSteps = e.schedule.warmupSteps;
    schedule.totalSteps = e.steps;
    return schedule;
}

std::string describeNonFinite(const char* what, const Eigen::VectorXd& values, const std::vector<std::string>& names,
    long long step, const char* hint = "lower the learning rate or check the data for NaN")
{
    std::ostringstream out;
    out << "non-finite " << what << " at step " << step << ":";
    for (Eigen::Index t = 0; t < values.size(); ++t)
        if (!std::isfinite(values(t)))
            out << " task '" << names[static_cast<std::size_t>(t)] << "' = " << values(t);
    out << " (" << hint << ")";
    return out.str();
}

} // namespace

Trainer::Trainer(const Experiment& experiment)
    : Trainer(experiment, createProblem(experiment))
{
}

Trainer::Trainer(const Experiment& experiment, std::unique_ptr<problem::MultiTaskProblem> problem)
    : m_experiment(experiment)
    , m_problem(std::move(problem))
    , m_optimizer(createOptimizer(experiment.optimizer))
    , m_arena(std::make_unique<TrainerArena>(experiment.threads))
    , m_schedule(createSchedule(experiment))
    , m_batchRng(core::Rng(experiment.seed).derive(1))
    , m_methodRng(core::Rng(experiment.seed).derive(2))
{
    m_method = mtl::MethodRegistry::instance().create(experiment.method, experiment.methodParams, m_problem->taskCount());
    core::Rng initRng = core::Rng(experiment.seed).derive(0);
    m_theta = m_problem->initialParameters(initRng);
}

Trainer::~Trainer() = default;

std::vector<std::string> Trainer::taskNames() const
{
    std::vector<std::string> names;
    for (const problem::TaskInfo& task : m_problem->tasks())
        names.push_back(task.name);
    return names;
}

std::string Trainer::step()
{
    const std::vector<std::string> names = taskNames();
    const double learningRate = m_experiment.optimizer.learningRate * m_schedule.factor(m_step);
    // Diagnostics need G only on the steps that are recorded; methods whose weights ignore G
    // (EW, fixed, RLW, ...) skip forming it on the other steps.
    const bool record = m_step % m_experiment.recordEvery == 0 || m_step + 1 == m_experiment.steps;
    const bool matrixStep
        = m_experiment.matrixEvery > 0 && (m_step % m_experiment.matrixEvery == 0 || m_step + 1 == m_experiment.steps);
    problem::GradientRequest request;
    request.space = m_experiment.gradientSpace;
    request.needJacobian = m_method->needsJacobian();
    request.needGramian = m_method->needsGramian() || record || matrixStep;
    m_problem->computeGradients(m_theta, request, m_batchRng, m_gradients);
    if (!m_gradients.losses.allFinite())
        return describeNonFinite("loss", m_gradients.losses, names, m_step);
    if (!m_gradients.gramian.allFinite())
        return describeNonFinite("gradient norm", m_gradients.gramian.diagonal(), names, m_step);

    const long long perEpoch = std::max(1LL, m_problem->stepsPerEpoch());
    const int epoch = static_cast<int>(m_step / perEpoch);
    mtl::MethodInput input { m_gradients.gramian, m_gradients.losses,
        request.needJacobian ? &m_gradients.jacobian : nullptr, m_step, epoch, m_step % perEpoch == 0, m_methodRng };
    mtl::MethodOutput output;
    m_method->compute(input, output);

    analysis::StepDiagnostics diagnostics;
    if (output.hasDirection) {
        const Eigen::VectorXd headWeights = output.weights.size() == m_gradients.losses.size()
            ? output.weights
            : Eigen::VectorXd::Ones(m_gradients.losses.size());
        if (request.needGramian) {
            const Eigen::VectorXd progress = (m_gradients.jacobian * output.direction).cast<double>();
            diagnostics = analysis::diagnoseDirection(m_gradients.gramian, progress, output.direction.cast<double>().norm());
        }
        m_problem->combineDirection(output.direction, headWeights, m_method->weightsHeads(), m_direction);
        if (output.weights.size() != m_gradients.losses.size())
            output.weights = Eigen::VectorXd::Constant(m_gradients.losses.size(), std::nan(""));
    } else {
        if (!output.weights.allFinite())
            return describeNonFinite("method weight", output.weights, names, m_step,
                "methods built on loss ratios or logarithms need positive losses; check the losses in the run");
        if (request.needGramian)
            diagnostics = analysis::diagnoseWeights(m_gradients.gramian, output.weights);
        m_problem->combine(output.weights, m_method->weightsHeads(), m_direction);
    }
    if (!m_direction.allFinite())
        return "non-finite update direction at step " + std::to_string(m_step) + " (method '" + m_experiment.method + "')";

    if (record) {
        StepRecord r;
        r.step = m_step;
        r.epoch = epoch;
        r.learningRate = learningRate;
        r.losses = m_gradients.losses;
        r.weights = output.weights;
        r.gradientNorms = diagnostics.gradientNorms;
        r.alignment = diagnostics.alignment;
        r.slowdown = diagnostics.slowdown;
        r.directionNorm = diagnostics.directionNorm;
        r.conflictFraction = diagnostics.conflictFraction;
        r.nonConflicting = diagnostics.nonConflicting;
        if (m_theta.size() <= 2)
            r.point = m_theta.cast<double>();
        r.extras = std::move(output.extras);
        m_pending->steps.push_back(std::move(r));
    }
    if (matrixStep)
        m_pending->matrices.push_back({ m_step, diagnostics.cosine });

    m_optimizer->step(m_theta, m_direction, learningRate);
    ++m_step;
    if (!m_theta.allFinite())
        return "parameters became non-finite at step " + std::to_string(m_step) + " (diverged; lower the learning rate)";
    const double worst = m_gradients.losses.cwiseAbs().maxCoeff();
    if (worst > m_experiment.divergenceThreshold)
        return "diverged at step " + std::to_string(m_step) + ": a task loss reached " + std::to_string(worst)
            + " (divergence_threshold " + std::to_string(m_experiment.divergenceThreshold) + ")";
    return {};
}

bool Trainer::evaluationDue() const
{
    const long long every = m_experiment.evaluateEvery;
    if (every <= 0 || m_step >= m_experiment.steps)
        return false;
    // Every `every` steps, and densely early (steps 1, 2, 4, 8, ... below `every`): transfer
    // shows early (Mueller et al. 2024), so the equal-loss curves need early checkpoints.
    const bool powerOfTwo = m_step > 0 && (m_step & (m_step - 1)) == 0;
    return m_step % every == 0 || (powerOfTwo && m_step < every);
}

void Trainer::evaluate()
{
    if (m_problem->hasValidation()) {
        m_pending->evaluations.push_back({ m_step, problem::Split::Validation, m_problem->evaluate(m_theta, problem::Split::Validation) });
        // The training loss on the fixed evaluation subset, for validation-vs-training-loss curves.
        const Eigen::VectorXd losses = m_problem->lossesAt(m_theta);
        EvaluationRecord train { m_step, problem::Split::Train, {} };
        for (Eigen::Index t = 0; t < losses.size(); ++t)
            train.tasks.push_back({ losses(t), losses(t), "loss", false });
        m_pending->evaluations.push_back(std::move(train));
        return;
    }
    m_pending->evaluations.push_back({ m_step, problem::Split::Train, m_problem->evaluate(m_theta, problem::Split::Train) });
}

void Trainer::flush(RunStatus status, const std::string& message)
{
    const auto now = std::chrono::steady_clock::now();
    const double elapsed = std::chrono::duration<double>(now - m_start).count();
    const double sinceFlush = std::chrono::duration<double>(now - m_lastFlush).count();
    m_pending->step = m_step;
    m_pending->totalSteps = m_experiment.steps;
    m_pending->elapsedSeconds = elapsed;
    m_pending->stepsPerSecond = sinceFlush > 0 ? static_cast<double>(m_step - m_stepsAtLastFlush) / sinceFlush : 0.0;
    m_pending->status = status;
    m_pending->message = message;
    m_pending->taskNames = taskNames();
    // Small problems stream their parameters (trajectories); large ones send them when the run
    // pauses or ends, so views can centre a landscape slice on the current point.
    if (m_theta.size() <= 2 || status != RunStatus::Running)
        m_pending->parameters = m_theta.cast<double>();
    SnapshotPtr snapshot = std::move(m_pending);
    if (m_store) {
        try {
            m_store->append(*snapshot);
        } catch (const std::exception& error) {
            // Keep training results flowing to the observer; the run fails at the next check
            // with the store's reason (what was committed before stays in the database).
            m_storeError = error.what();
            m_store = nullptr;
        }
    }
    if (m_observer)
        m_observer->onSnapshot(snapshot);
    m_pending = std::make_shared<Snapshot>();
    m_lastFlush = now;
    m_stepsAtLastFlush = m_step;
}

RunOutcome Trainer::finish(RunStatus status, const std::string& message)
{
    if (status == RunStatus::Finished || status == RunStatus::Stopped)
        evaluate();
    RunOutcome outcome;
    outcome.status = status;
    outcome.message = message;
    outcome.steps = m_step;
    outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    outcome.finalParameters = m_theta;
    if (status != RunStatus::Failed)
        outcome.finalLosses = m_problem->lossesAt(m_theta);
    if (status == RunStatus::Finished && m_problem->hasValidation()) {
        outcome.finalTest = m_problem->evaluate(m_theta, problem::Split::Test);
        m_pending->evaluations.push_back({ m_step, problem::Split::Test, outcome.finalTest });
    }
    flush(status, message);
    if (!m_storeError.empty() && outcome.status != RunStatus::Failed) {
        outcome.status = RunStatus::Failed;
        outcome.message = "run store: " + m_storeError;
    }
    if (m_store) {
        try {
            m_store->writeSummary(outcome, taskNames());
        } catch (const std::exception& error) {
            outcome.status = RunStatus::Failed;
            outcome.message = std::string("run store: ") + error.what();
        }
    }
    return outcome;
}

std::string Trainer::advance(long long count)
{
    std::string failure;
    m_arena->arena.execute([&] {
        if (!m_pending)
            m_pending = std::make_shared<Snapshot>();
        for (long long i = 0; i < count && failure.empty(); ++i) {
            failure = step();
            m_pending->steps.clear();
            m_pending->matrices.clear();
        }
    });
    return failure;
}

RunOutcome Trainer::run()
{
    RunOutcome outcome;
    m_arena->arena.execute([&] {
        m_start = m_lastFlush = std::chrono::steady_clock::now();
        m_stepsAtLastFlush = m_step;
        m_pending = std::make_shared<Snapshot>();
        const auto interval = std::chrono::milliseconds(m_experiment.snapshotMilliseconds);
        try {
            if (m_step == 0 && m_experiment.evaluateEvery > 0)
                evaluate();
            while (m_step < m_experiment.steps) {
                if (m_control && m_control->stopRequested()) {
                    outcome = finish(RunStatus::Stopped, "stopped by request at step " + std::to_string(m_step));
                    return;
                }
                if (m_control && m_control->paused() && !m_control->takeSingleStep()) {
                    if (std::chrono::steady_clock::now() - m_lastFlush > interval)
                        flush(RunStatus::Paused, {});
                    std::this_thread::sleep_for(std::chrono::milliseconds(5));
                    continue;
                }
                const std::string failure = step();
                if (!failure.empty()) {
                    outcome = finish(RunStatus::Failed, failure);
                    return;
                }
                if (evaluationDue())
                    evaluate();
                if (std::chrono::steady_clock::now() - m_lastFlush >= interval)
                    flush(m_control && m_control->paused() ? RunStatus::Paused : RunStatus::Running, {});
                if (!m_storeError.empty()) {
                    outcome = finish(RunStatus::Failed, "run store: " + m_storeError);
                    return;
                }
            }
            outcome = finish(RunStatus::Finished, "finished " + std::to_string(m_step) + " steps");
        } catch (const std::exception& error) {
            outcome = finish(RunStatus::Failed, std::string("error at step ") + std::to_string(m_step) + ": " + error.what());
        }
    });
    return outcome;
}

} // namespace mtw::engine
