#pragma once
// The runs of this window: starts each on its own worker thread (session::SessionThread), at
// most maxParallel at once, the rest queued in order; forwards every snapshot into the run's
// RunHistory on the GUI thread and tells the window which run changed. Pause, step and stop go
// straight to the session's atomics.
#include "gui/run_entry.h"
#include "session/session_types.h"

#include <QHash>
#include <QObject>
#include <QString>
#include <vector>

namespace mtw::session {
class SessionThread;
}

namespace mtw::gui {

class RunManager : public QObject {
    Q_OBJECT
public:
    explicit RunManager(QObject* parent = nullptr);
    ~RunManager() override;

    void setWorkspace(const QString& directory) { m_workspace = directory; }
    const QString& workspace() const { return m_workspace; }
    void setMaxParallel(int runs);
    int maxParallel() const { return m_maxParallel; }

    // Queues a run (started at once when a slot is free); returns its id. With resumeDirectory the
    // run continues that run directory from its checkpoint (engine/checkpoint.h).
    int enqueue(const engine::Experiment& experiment, const QString& name = {}, const QString& resumeDirectory = {});
    // A run read from its directory (StoredRuns): listed and shown like a live run, never
    // controlled from here. appendStored() delivers its records and status; failStored() ends it
    // with the reason when its store cannot be read.
    int addStored(
        const QString& directory, const QString& name, const engine::Experiment& experiment, const QStringList& tasks);
    void appendStored(int id, const engine::SnapshotPtr& snapshot, const QVector<double>& finalLosses);
    void failStored(int id, const QString& reason);
    int count() const { return static_cast<int>(m_runs.size()); }
    const RunEntry& at(int index) const { return m_runs[static_cast<std::size_t>(index)]; }
    int indexOf(int id) const;
    bool hasActiveRuns() const;

    void pause(int id);
    void resume(int id);
    void step(int id);
    void stop(int id);
    void stopAll(); // also drops queued runs

Q_SIGNALS:
    void runAdded(int index);
    void runChanged(int index); // state or results changed
    void snapshotArrived(int index);
    void runEnded(int index);
    void allIdle();

private:
    void startQueued();
    void onStarted(int id, const QString& directory, const QStringList& tasks);
    void onSnapshot(int id, const engine::SnapshotPtr& snapshot);
    void onEnded(int id, RunState state, const QString& message, const session::RunResult* result);
    RunEntry* find(int id);

    QString m_workspace;
    int m_maxParallel = 1;
    int m_nextId = 1;
    std::vector<RunEntry> m_runs;
    QHash<int, session::SessionThread*> m_threads;
};

} // namespace mtw::gui
