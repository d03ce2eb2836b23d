#include "engine/trainer.h"

#include "core/all_finite.h"

#include "analysis/centered_kernel_alignment.h"
#include "analysis/step_diagnostics.h"
#include "engine/dense_early_schedule.h"
#include "engine/factor_probe.h"
#include "engine/problem_factory.h"
#include "engine/run_store.h"
#include "engine/seed_streams.h"
#include "engine/training_mode_registry.h"
#include "mtl/method_registry.h"
#include "problem/layer_diagnostics.h"

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
    return std::make_unique<core::Adam>(
        core::AdamOptions { o.beta1, o.beta2, o.epsilon, o.weightDecay, o.type == "adamw" });
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

// The layer diagnostics as the matrices a matrix step stores: each layer's Gramian as cosines,
// then the CKA of the heads' representations.
std::vector<NamedMatrix> layerMatrixRecords(const problem::LayerDiagnostics& diagnostics)
{
    std::vector<NamedMatrix> matrices;
    for (const problem::LayerMatrix& layer : diagnostics.gramians)
        matrices.push_back({ layerCosinePrefix + layer.label, analysis::cosineMatrix(layer.values) });
    if (!diagnostics.representations.empty())
        matrices.push_back({ ckaKind, analysis::ckaMatrix(diagnostics.representations) });
    return matrices;
}

} // namespace

Trainer::Trainer(const Experiment& experiment)
    : Trainer(experiment, createProblem(experiment))
{
}

Trainer::Trainer(const Experiment& experiment, std::unique_ptr<problem::MultiTaskProblem> problem)
    : m_experiment(experiment)
    , m_problem(std::move(problem))
    , m_arena(std::make_unique<TrainerArena>(experiment.threads))
    , m_schedule(createSchedule(experiment))
    , m_batchRng(seedStream(experiment.seed, SeedStream::Batches))
    , m_methodRng(seedStream(experiment.seed, SeedStream::Method))
{
    m_method
        = mtl::MethodRegistry::instance().create(experiment.method, experiment.methodParams, m_problem->taskCount());
    core::Rng initRng = seedStream(experiment.seed, SeedStream::InitialParameters);
    m_theta = m_problem->initialParameters(initRng);
    const OptimizerConfig optimizer = experiment.optimizer;
    m_context = std::make_unique<TrainingContext>(TrainingContext { *m_problem, *m_method, m_batchRng, m_methodRng,
        [optimizer] { return createOptimizer(optimizer); }, experiment.gradientSpace, taskNames() });
    const TrainingModeSpec* mode = findTrainingMode(experiment.mode);
    if (!mode)
        throw ExperimentError("mode.name", "unknown training mode '" + experiment.mode + "'");
    const int tasks = m_problem->taskCount();
    m_mode = createTrainingMode(
        experiment.mode, core::withDefaults(mode->parameters, experiment.modeParams), *m_context, [&experiment, tasks] {
            return mtl::MethodRegistry::instance().create(experiment.method, experiment.methodParams, tasks);
        });
    if (experiment.factors.enabled())
        m_factors = std::make_unique<FactorProbe>(
            experiment, *m_problem, [&experiment] { return createProblem(experiment); });
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
    const double learningRate = currentLearningRate();
    // Diagnostics need G only on the steps that are recorded.
    const bool record = m_step % m_experiment.recordEvery == 0 || m_step + 1 == m_experiment.steps;
    const bool matrixStep
        = m_experiment.matrixEvery > 0 && (m_step % m_experiment.matrixEvery == 0 || m_step + 1 == m_experiment.steps);
    const long long perEpoch = std::max(1LL, m_problem->stepsPerEpoch());
    const int epoch = static_cast<int>(m_step / perEpoch);
    const Eigen::VectorXd point = m_theta.size() <= 2 ? Eigen::VectorXd(m_theta.cast<double>()) : Eigen::VectorXd();
    const StepPlan plan { m_step, epoch, m_step % perEpoch == 0, learningRate, record || matrixStep };
    auto* layerSource = matrixStep ? dynamic_cast<problem::LayerDiagnosticsSource*>(m_problem.get()) : nullptr;
    if (layerSource)
        layerSource->requestLayerDiagnostics();
    StepReport report = m_mode->step(plan, m_theta);
    std::vector<NamedMatrix> layerMatrices;
    if (layerSource)
        layerMatrices = layerMatrixRecords(layerSource->takeLayerDiagnostics());
    if (!report.failure.empty())
        return report.failure + (report.methodFailure ? " (method '" + m_experiment.method + "')" : "");

    if (record) {
        const analysis::StepDiagnostics& d = report.diagnostics;
        StepRecord r;
        r.step = m_step;
        r.epoch = epoch;
        r.learningRate = learningRate;
        r.losses = report.losses;
        r.weights = report.weights;
        r.gradientNorms = d.gradientNorms;
        r.alignment = d.alignment;
        r.slowdown = d.slowdown;
        r.directionNorm = d.directionNorm;
        r.conflictFraction = d.conflictFraction;
        r.magnitudeSimilarity = d.minimumMagnitudeSimilarity;
        r.nonConflicting = d.nonConflicting;
        r.point = point;
        r.extras = std::move(report.extras);
        m_pending->steps.push_back(std::move(r));
    }
    if (matrixStep)
        m_pending->matrices.push_back({ m_step, report.diagnostics.cosine, std::move(layerMatrices) });

    ++m_step;
    if (!core::allFiniteParallel(m_theta))
        return "parameters became non-finite at step " + std::to_string(m_step)
            + " (diverged; lower the learning rate)";
    const double worst = report.losses.cwiseAbs().maxCoeff();
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
    return denselyEarlyDue(m_step, every);
}

void Trainer::evaluate()
{
    if (m_problem->hasValidation()) {
        m_pending->evaluations.push_back(
            { m_step, problem::Split::Validation, m_problem->evaluate(m_theta, problem::Split::Validation) });
        // The training loss on the fixed evaluation subset, for validation-vs-training-loss curves.
        const Eigen::VectorXd losses = m_problem->lossesAt(m_theta);
        EvaluationRecord train { m_step, problem::Split::Train, {} };
        for (Eigen::Index t = 0; t < losses.size(); ++t)
            train.tasks.push_back({ losses(t), losses(t), "loss", false, {} });
        m_pending->evaluations.push_back(std::move(train));
        return;
    }
    m_pending->evaluations.push_back(
        { m_step, problem::Split::Train, m_problem->evaluate(m_theta, problem::Split::Train) });
}

double Trainer::currentLearningRate() const
{
    return m_experiment.optimizer.learningRate * m_schedule.factor(m_step);
}

void Trainer::measureFactors()
{
    if (!m_factors || m_lastFactorStep == m_step)
        return;
    // The look-ahead affinities step at the learning rate the next training step would use.
    const LookaheadContext lookahead { currentLearningRate(), m_mode.get() };
    m_factors->measure(m_theta, m_step, m_pending->factors, lookahead);
    m_lastFactorStep = m_step;
}

void Trainer::recordParameters(bool atEnd)
{
    const long long every = m_experiment.parametersEvery;
    if (every <= 0 || m_lastParameterStep == m_step || (!atEnd && m_step % every != 0))
        return;
    m_pending->parameterRecords.push_back({ m_step, m_theta });
    m_lastParameterStep = m_step;
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
    if (status == RunStatus::Finished || status == RunStatus::Stopped) {
        evaluate();
        measureFactors();
        recordParameters(true);
    }
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
    if (status != RunStatus::Failed && !m_checkpointPath.empty()) {
        // Records first, as during the run: a process killed between the two must not leave a
        // checkpoint ahead of the store (its last records would never be written again).
        flush(status, message);
        try {
            saveCheckpoint(m_checkpointPath);
        } catch (const std::exception& error) {
            outcome.status = RunStatus::Failed;
            outcome.message = error.what();
        }
    }
    flush(outcome.status, outcome.message);
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
            m_pending->factors.clear();
            m_pending->parameterRecords.clear();
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
            if (m_experiment.factors.due(m_step, m_experiment.steps))
                measureFactors();
            recordParameters(false);
            m_lastCheckpoint = std::chrono::steady_clock::now();
            if (m_step == 0 && !m_checkpointPath.empty())
                writeCheckpoint();
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
                if (m_experiment.factors.due(m_step, m_experiment.steps))
                    measureFactors();
                recordParameters(false);
                if (checkpointDue())
                    writeCheckpoint();
                if (std::chrono::steady_clock::now() - m_lastFlush >= interval)
                    flush(m_control && m_control->paused() ? RunStatus::Paused : RunStatus::Running, {});
                if (!m_storeError.empty()) {
                    outcome = finish(RunStatus::Failed, "run store: " + m_storeError);
                    return;
                }
            }
            outcome = finish(RunStatus::Finished, "finished " + std::to_string(m_step) + " steps");
        } catch (const std::exception& error) {
            outcome = finish(
                RunStatus::Failed, std::string("error at step ") + std::to_string(m_step) + ": " + error.what());
        }
    });
    return outcome;
}

} // namespace mtw::engine
