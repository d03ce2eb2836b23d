#pragma once
// One training run on a worker thread, so the GUI thread never waits on training. The session object
// lives on a QThread; start() is a queued slot that runs the engine's Trainer to the end.
// Pause, resume, single step and stop are plain thread-safe calls that set engine::RunControl
// atomics, which the trainer checks between steps -- the GUI never waits on the worker.
//
// Signals, named as facts, carry values only:
//   started(runDirectory, taskNames)  the trainer was built and the run directory created
//   snapshotReady(snapshot)           records since the previous snapshot (at most every
//                                     experiment.snapshotMilliseconds, and always the last)
//   finished(result)                  the run ended (finished or stopped)
//   failed(message)                   the run could not start or failed; no exception ever
//                                     leaves the worker thread
// Exactly one of finished/failed is emitted per start().
#include "engine/run_control.h"
#include "engine/snapshot.h"
#include "session/session_types.h"

#include <QObject>
#include <atomic>

namespace mtw::session {

class TrainingSession : public QObject, private engine::Observer {
    Q_OBJECT
public:
    explicit TrainingSession(QObject* parent = nullptr);
    ~TrainingSession() override;

    // Thread-safe; effective between two steps.
    void pause();
    void resume();
    void step(); // one step while paused
    void stop();
    bool isRunning() const { return m_running.load(); }

public Q_SLOTS:
    // Runs the experiment to its end; writes its run directory under runRoot through
    // engine::RunStore (no store when runRoot is empty), with its checkpoint when it ends or stops.
    // With resumeDirectory, continues that run directory from its checkpoint instead.
    void start(const mtw::engine::Experiment& experiment, const QString& runRoot, const QString& resumeDirectory = {});

Q_SIGNALS:
    void started(const QString& runDirectory, const QStringList& taskNames);
    void snapshotReady(const mtw::engine::SnapshotPtr& snapshot);
    void finished(const mtw::session::RunResult& result);
    void failed(const QString& message);

private:
    void onSnapshot(const engine::SnapshotPtr& snapshot) override;
    void run(const engine::Experiment& experiment, const QString& runRoot, const QString& resumeDirectory);

    engine::RunControl m_control;
    std::atomic<bool> m_running { false };
};

} // namespace mtw::session
