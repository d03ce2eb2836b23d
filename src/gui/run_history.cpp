#include "gui/run_history.h"

#include "engine/stored_conflict.h"

#include <algorithm>

namespace mtw::gui {

namespace {
constexpr int taskSeriesKinds = 5;
constexpr int evalSeriesKinds = 3;
} // namespace

RunHistory::RunHistory(QString name, engine::Experiment experiment, int bucketCapacity)
    : m_name(std::move(name))
    , m_experiment(std::move(experiment))
    , m_capacity(bucketCapacity)
    , m_series(taskSeriesKinds)
    , m_eval(evalSeriesKinds)
    , m_conflict(bucketCapacity)
    , m_directionNorm(bucketCapacity)
    , m_learningRate(bucketCapacity)
    // A quarter of the buckets: still about one point per pixel of a chart, while a run can
    // carry T^2 affinity names next to its T per-task series.
    , m_extras(std::max(50, bucketCapacity / 4))
    , m_matrices(2000)
    , m_moreMatrices(2000) // the same capacity, so both thin at the same appends
    , m_points(static_cast<std::size_t>(bucketCapacity) * 2)
    , m_lossPoints(static_cast<std::size_t>(bucketCapacity) * 2)
{
    m_totalSteps = m_experiment.steps;
}

void RunHistory::ensureTasks(const std::vector<std::string>& names)
{
    if (names.empty() || static_cast<int>(names.size()) == taskCount())
        return;
    // The task list is fixed for a run; it arrives with the first snapshot.
    m_taskNames.clear();
    m_extras.setTaskNames(names);
    for (const std::string& n : names)
        m_taskNames << QString::fromStdString(n);
    const std::size_t t = names.size();
    for (auto& kind : m_series)
        kind.assign(t, DecimatedSeries(m_capacity));
    for (auto& kind : m_eval)
        kind.assign(t, DecimatedSeries(m_capacity));
    m_transfer.assign(t, {});
    m_metricNames.assign(t, QString());
    m_metricHigher.assign(t, false);
}

void RunHistory::append(const engine::SnapshotPtr& snapshot)
{
    if (!snapshot)
        return;
    const engine::Snapshot& s = *snapshot;
    ensureTasks(s.taskNames);
    ++m_revision;
    m_status = s.status;
    m_step = s.step;
    if (s.totalSteps > 0)
        m_totalSteps = s.totalSteps;
    m_stepsPerSecond = s.stepsPerSecond;
    m_elapsed = s.elapsedSeconds;
    const int tasks = taskCount();

    for (const engine::StepRecord& r : s.steps) {
        const double x = static_cast<double>(r.step);
        const Eigen::VectorXd* vectors[taskSeriesKinds]
            = { &r.losses, &r.weights, &r.gradientNorms, &r.alignment, &r.slowdown };
        for (int k = 0; k < taskSeriesKinds; ++k)
            for (int t = 0; t < tasks && t < vectors[k]->size(); ++t)
                m_series[static_cast<std::size_t>(k)][static_cast<std::size_t>(t)].append(x, (*vectors[k])(t));
        m_conflict.append(x, r.conflictFraction);
        m_directionNorm.append(x, r.directionNorm);
        m_learningRate.append(x, r.learningRate);
        ++m_recordedSteps;
        if (r.nonConflicting)
            ++m_nonConflictingSteps;
        if (r.point.size() > 0)
            m_points.append(r.step, r.point);
        if (r.losses.size() > 0)
            m_lossPoints.append(r.step, r.losses);
        m_extras.append(r);
        // A resumed run sends its checkpoint's steps again: forget the epochs from there on.
        while (!m_epochStarts.empty() && m_epochStarts.back().first > r.step)
            m_epochStarts.pop_back();
        if (m_epochStarts.empty() || m_epochStarts.back().second != r.epoch)
            m_epochStarts.emplace_back(r.step, r.epoch);
    }
    for (const engine::MatrixRecord& m : s.matrices) {
        m_matrices.append(m.step, m.cosine);
        m_moreMatrices.append(m.step, m.more);
    }
    m_factors.append(s.factors, m_taskNames);
    for (const engine::EvaluationRecord& e : s.evaluations) {
        pairTransfer(e);
        if (const auto split = static_cast<std::size_t>(e.split); split < m_latestBySplit.size())
            m_latestBySplit[split] = e;
        // One split per series: validation when the run reports it (earlier train-split records
        // are dropped when the first validation record arrives), else the train split
        // (analytic problems). Mixing them would draw a sawtooth.
        if (e.split == problem::Split::Test || (m_hasValidation && e.split != problem::Split::Validation))
            continue;
        if (e.split == problem::Split::Validation && !m_hasValidation) {
            m_hasValidation = true;
            for (auto& kind : m_eval)
                for (DecimatedSeries& series : kind)
                    series.clear();
        }
        ++m_evaluationCount;
        m_latestEvaluation = e;
        const double x = static_cast<double>(e.step);
        for (int t = 0; t < tasks && t < static_cast<int>(e.tasks.size()); ++t) {
            const problem::TaskEvaluation& te = e.tasks[static_cast<std::size_t>(t)];
            m_eval[0][static_cast<std::size_t>(t)].append(x, te.loss);
            m_eval[1][static_cast<std::size_t>(t)].append(x, te.metric);
            for (const problem::MetricValue& more : te.moreMetrics)
                if (more.name == "worst_group_accuracy")
                    m_eval[2][static_cast<std::size_t>(t)].append(x, more.value);
            m_metricNames[static_cast<std::size_t>(t)] = QString::fromStdString(te.metricName);
            m_metricHigher[static_cast<std::size_t>(t)] = te.higherIsBetter;
        }
    }
    if (s.parameters.size() > 0)
        m_parameters = s.parameters;
    for (const engine::ParameterRecord& p : s.parameterRecords) {
        // A resumed run sends its checkpoint's snapshot again: replace, never duplicate.
        while (!m_parameterRecords.empty() && m_parameterRecords.back().step >= p.step)
            m_parameterRecords.pop_back();
        m_parameterRecords.push_back(p);
    }
}

void RunHistory::pairTransfer(const engine::EvaluationRecord& e)
{
    // The trainer sends a step's validation record, then its train record (trainer.cpp evaluate()).
    if (e.split == problem::Split::Validation) {
        m_pendingValidation = e;
        return;
    }
    if (e.split != problem::Split::Train || m_pendingValidation.tasks.empty() || m_pendingValidation.step != e.step)
        return;
    const std::size_t tasks = std::min({ e.tasks.size(), m_pendingValidation.tasks.size(), m_transfer.size() });
    for (std::size_t t = 0; t < tasks; ++t) {
        const problem::TaskEvaluation& validation = m_pendingValidation.tasks[t];
        m_transfer[t].push_back({ e.step, e.tasks[t].loss, validation.loss, validation.metric });
    }
    m_pendingValidation.tasks.clear();
}

const std::vector<TransferPoint>& RunHistory::transferPoints(int task) const
{
    if (task < 0 || task >= static_cast<int>(m_transfer.size()))
        return m_noTransfer;
    return m_transfer[static_cast<std::size_t>(task)];
}

const DecimatedSeries& RunHistory::series(TaskSeries kind, int task) const
{
    const auto& k = m_series[static_cast<std::size_t>(kind)];
    if (task < 0 || task >= static_cast<int>(k.size()))
        return m_empty;
    return k[static_cast<std::size_t>(task)];
}

const DecimatedSeries& RunHistory::evaluation(EvalSeries kind, int task) const
{
    const auto& k = m_eval[static_cast<std::size_t>(kind)];
    if (task < 0 || task >= static_cast<int>(k.size()))
        return m_empty;
    return k[static_cast<std::size_t>(task)];
}

QString RunHistory::metricName(int task) const
{
    if (task < 0 || task >= static_cast<int>(m_metricNames.size()))
        return {};
    return m_metricNames[static_cast<std::size_t>(task)];
}

bool RunHistory::metricHigherIsBetter(int task) const
{
    if (task < 0 || task >= static_cast<int>(m_metricHigher.size()))
        return false;
    return m_metricHigher[static_cast<std::size_t>(task)];
}

const engine::EvaluationRecord* RunHistory::latestEvaluation(problem::Split split) const
{
    const auto index = static_cast<std::size_t>(split);
    return index < m_latestBySplit.size() && m_latestBySplit[index] ? &*m_latestBySplit[index] : nullptr;
}

const engine::EvaluationRecord* RunHistory::latestEvaluation() const
{
    return m_evaluationCount > 0 ? &m_latestEvaluation : nullptr;
}

int RunHistory::epochAt(long long step) const
{
    return engine::epochAtStep(m_epochStarts, step);
}

double RunHistory::nonConflictingFraction() const
{
    return m_recordedSteps > 0 ? static_cast<double>(m_nonConflictingSteps) / static_cast<double>(m_recordedSteps)
                               : 0.0;
}

std::vector<std::pair<long long, Eigen::VectorXd>> RunHistory::trajectory() const
{
    std::vector<std::pair<long long, Eigen::VectorXd>> points = m_points.samples();
    // The point after the last step is only in the snapshot's current parameters.
    if (m_parameters.size() > 0 && (points.empty() || points.back().second.size() == m_parameters.size()))
        if (points.empty() || !points.back().second.isApprox(m_parameters))
            points.emplace_back(m_step, m_parameters);
    return points;
}

Eigen::VectorXd RunHistory::finalLosses() const
{
    if (m_lossPoints.isEmpty())
        return {};
    return m_lossPoints.latest().second;
}

} // namespace mtw::gui
