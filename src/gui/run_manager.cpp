#include "gui/run_manager.h"

#include "session/session_thread.h"

namespace mtw::gui {

QString runStateName(RunState state)
{
    switch (state) {
    case RunState::Queued:
        return QStringLiteral("queued");
    case RunState::Running:
        return QStringLiteral("running");
    case RunState::Paused:
        return QStringLiteral("paused");
    case RunState::Finished:
        return QStringLiteral("finished");
    case RunState::Stopped:
        return QStringLiteral("stopped");
    case RunState::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

RunState runStateOf(engine::RunStatus status)
{
    switch (status) {
    case engine::RunStatus::Running:
        return RunState::Running;
    case engine::RunStatus::Paused:
        return RunState::Paused;
    case engine::RunStatus::Finished:
        return RunState::Finished;
    case engine::RunStatus::Stopped:
        return RunState::Stopped;
    case engine::RunStatus::Failed:
        return RunState::Failed;
    }
    return RunState::Failed;
}

bool isActive(RunState state)
{
    return state == RunState::Queued || state == RunState::Running || state == RunState::Paused;
}

RunManager::RunManager(QObject* parent)
    : QObject(parent)
{
    session::registerSessionTypes();
}

RunManager::~RunManager()
{
    // Join the workers before the histories they feed go away.
    for (session::SessionThread* thread : std::as_const(m_threads))
        delete thread;
    m_threads.clear();
}

void RunManager::setMaxParallel(int runs)
{
    m_maxParallel = std::max(1, runs);
    startQueued();
}

int RunManager::enqueue(const engine::Experiment& experiment, const QString& name, const QString& resumeDirectory)
{
    RunEntry entry;
    entry.resumeDirectory = resumeDirectory;
    entry.id = m_nextId++;
    entry.name = name.isEmpty() ? QString::fromStdString(experiment.name) : name;
    entry.experiment = experiment;
    entry.history = std::make_shared<RunHistory>(entry.name, experiment);
    m_runs.push_back(std::move(entry));
    const int id = m_runs.back().id;
    Q_EMIT runAdded(count() - 1);
    startQueued();
    return id;
}

int RunManager::addStored(
    const QString& directory, const QString& name, const engine::Experiment& experiment, const QStringList& tasks)
{
    RunEntry entry;
    entry.id = m_nextId++;
    entry.stored = true;
    // Named by where it is, not by its experiment: the runs of a sweep share their experiment's name.
    entry.name = name;
    entry.experiment = experiment;
    entry.history = std::make_shared<RunHistory>(entry.name, experiment);
    entry.runDirectory = directory;
    entry.history->setRunDirectory(directory);
    entry.taskNames = tasks;
    entry.state = RunState::Running; // until its first records say otherwise
    m_runs.push_back(std::move(entry));
    Q_EMIT runAdded(count() - 1);
    return m_runs.back().id;
}

void RunManager::appendStored(int id, const engine::SnapshotPtr& snapshot, const QVector<double>& finalLosses)
{
    RunEntry* entry = find(id);
    if (!entry || !snapshot)
        return;
    // A run that had already ended when it was opened did not just end: no runEnded for it.
    const bool firstRecords = entry->history->revision() == 0;
    entry->history->append(snapshot);
    entry->steps = snapshot->step;
    entry->seconds = snapshot->elapsedSeconds;
    entry->message = QString::fromStdString(snapshot->message);
    entry->finalLosses = finalLosses;
    // A stored run shows as running while a writer holds it, never as paused.
    const RunState state
        = snapshot->status == engine::RunStatus::Paused ? RunState::Running : runStateOf(snapshot->status);
    const bool changed = state != entry->state;
    entry->state = state;
    const int index = indexOf(id);
    Q_EMIT snapshotArrived(index);
    if (changed) {
        Q_EMIT runChanged(index);
        if (!isActive(state) && !firstRecords)
            Q_EMIT runEnded(index);
    }
}

void RunManager::failStored(int id, const QString& reason)
{
    if (RunEntry* entry = find(id)) {
        entry->state = RunState::Failed;
        entry->message = reason;
        const int index = indexOf(id);
        Q_EMIT runChanged(index);
        Q_EMIT runEnded(index);
    }
}

int RunManager::indexOf(int id) const
{
    for (int i = 0; i < count(); ++i)
        if (m_runs[static_cast<std::size_t>(i)].id == id)
            return i;
    return -1;
}

RunEntry* RunManager::find(int id)
{
    const int index = indexOf(id);
    return index < 0 ? nullptr : &m_runs[static_cast<std::size_t>(index)];
}

bool RunManager::hasActiveRuns() const
{
    for (const RunEntry& entry : m_runs)
        if (isActive(entry.state) && !entry.stored) // runs followed from elsewhere are not this window's work
            return true;
    return false;
}

void RunManager::startQueued()
{
    for (RunEntry& entry : m_runs) {
        if (m_threads.size() >= m_maxParallel)
            return;
        if (entry.state != RunState::Queued || m_threads.contains(entry.id))
            continue;
        const int id = entry.id;
        auto* thread = new session::SessionThread(this);
        session::TrainingSession* worker = thread->session();
        connect(worker, &session::TrainingSession::started, this,
            [this, id](const QString& directory, const QStringList& tasks) { onStarted(id, directory, tasks); });
        connect(worker, &session::TrainingSession::snapshotReady, this,
            [this, id](const engine::SnapshotPtr& snapshot) { onSnapshot(id, snapshot); });
        connect(worker, &session::TrainingSession::finished, this, [this, id](const session::RunResult& result) {
            onEnded(id, runStateOf(result.status), result.message, &result);
        });
        connect(worker, &session::TrainingSession::failed, this,
            [this, id](const QString& message) { onEnded(id, RunState::Failed, message, nullptr); });
        m_threads.insert(id, thread);
        entry.state = RunState::Running;
        thread->launch(entry.experiment, m_workspace, entry.resumeDirectory);
        Q_EMIT runChanged(indexOf(id));
    }
}

void RunManager::onStarted(int id, const QString& directory, const QStringList& tasks)
{
    if (RunEntry* entry = find(id)) {
        entry->runDirectory = directory;
        entry->history->setRunDirectory(directory);
        entry->taskNames = tasks;
        Q_EMIT runChanged(indexOf(id));
    }
}

void RunManager::onSnapshot(int id, const engine::SnapshotPtr& snapshot)
{
    RunEntry* entry = find(id);
    if (!entry || !snapshot)
        return;
    entry->history->append(snapshot);
    entry->steps = snapshot->step;
    entry->seconds = snapshot->elapsedSeconds;
    const RunState state = snapshot->status == engine::RunStatus::Paused ? RunState::Paused : RunState::Running;
    const bool changed = state != entry->state && isActive(entry->state);
    if (isActive(entry->state))
        entry->state = state;
    Q_EMIT snapshotArrived(indexOf(id));
    if (changed)
        Q_EMIT runChanged(indexOf(id));
}

void RunManager::onEnded(int id, RunState state, const QString& message, const session::RunResult* result)
{
    if (RunEntry* entry = find(id)) {
        entry->state = state;
        entry->message = message;
        if (result) {
            entry->steps = result->steps;
            entry->seconds = result->seconds;
            entry->finalLosses = result->finalLosses;
            if (!result->runDirectory.isEmpty())
                entry->runDirectory = result->runDirectory;
        }
    }
    if (session::SessionThread* thread = m_threads.take(id))
        thread->deleteLater();
    const int index = indexOf(id);
    Q_EMIT runChanged(index);
    Q_EMIT runEnded(index);
    startQueued();
    if (!hasActiveRuns())
        Q_EMIT allIdle();
}

void RunManager::pause(int id)
{
    if (session::SessionThread* thread = m_threads.value(id))
        thread->session()->pause();
}

void RunManager::resume(int id)
{
    if (session::SessionThread* thread = m_threads.value(id))
        thread->session()->resume();
}

void RunManager::step(int id)
{
    if (session::SessionThread* thread = m_threads.value(id))
        thread->session()->step();
}

void RunManager::stop(int id)
{
    if (session::SessionThread* thread = m_threads.value(id)) {
        thread->session()->stop();
        return;
    }
    RunEntry* entry = find(id);
    if (entry && entry->state == RunState::Queued)
        onEnded(id, RunState::Stopped, QStringLiteral("cancelled before it started"), nullptr);
}

void RunManager::stopAll()
{
    for (const RunEntry& entry : m_runs)
        if (entry.state == RunState::Queued)
            stop(entry.id);
    for (session::SessionThread* thread : std::as_const(m_threads))
        thread->session()->stop();
}

} // namespace mtw::gui
