#pragma once
// Owns one worker QThread with its TrainingSession (GUI-thread side of a run). launch() queues
// start() onto the worker; the destructor requests a stop and joins the thread, so a window that
// closes mid-run never leaves a trainer writing into freed memory.
#include "session/training_session.h"

#include <QObject>
#include <QThread>

namespace mtw::session {

class SessionThread : public QObject {
    Q_OBJECT
public:
    explicit SessionThread(QObject* parent = nullptr);
    ~SessionThread() override;

    void launch(const engine::Experiment& experiment, const QString& runRoot, const QString& resumeDirectory = {});
    TrainingSession* session() const { return m_session; }
    // Stops the run (if any) and waits for the thread; returns false if it did not end in time.
    bool shutdown(int milliseconds = -1); // -1: no limit

private:
    QThread m_thread;
    TrainingSession* m_session;
};

} // namespace mtw::session
