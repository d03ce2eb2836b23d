#include "session/session_thread.h"

#include <QDeadlineTimer>

namespace mtw::session {

SessionThread::SessionThread(QObject* parent)
    : QObject(parent)
    , m_session(new TrainingSession)
{
    m_thread.setObjectName(QStringLiteral("mtw-training"));
    m_session->moveToThread(&m_thread);
    m_thread.start();
}

SessionThread::~SessionThread()
{
    shutdown();
    delete m_session; // the thread has ended: nothing else touches the session now
}

void SessionThread::launch(const engine::Experiment& experiment, const QString& runRoot, const QString& resumeDirectory)
{
    TrainingSession* session = m_session;
    QMetaObject::invokeMethod(
        m_session,
        [session, experiment, runRoot, resumeDirectory] { session->start(experiment, runRoot, resumeDirectory); },
        Qt::QueuedConnection);
}

bool SessionThread::shutdown(int milliseconds)
{
    if (!m_thread.isRunning())
        return true;
    m_session->stop();
    m_thread.quit();
    return m_thread.wait(QDeadlineTimer(milliseconds)); // negative: forever
}

} // namespace mtw::session
