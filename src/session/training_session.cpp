#include "session/training_session.h"

#include "engine/run_job.h"
#include "engine/run_store.h"

#include <QDir>
#include <exception>
#include <memory>

namespace mtw::session {

TrainingSession::TrainingSession(QObject* parent)
    : QObject(parent)
{
    registerSessionTypes();
}

TrainingSession::~TrainingSession() = default;

void TrainingSession::pause()
{
    m_control.setPaused(true);
}

void TrainingSession::resume()
{
    m_control.setPaused(false);
}

void TrainingSession::step()
{
    m_control.requestSingleStep();
}

void TrainingSession::stop()
{
    m_control.requestStop();
}

void TrainingSession::onSnapshot(const engine::SnapshotPtr& snapshot)
{
    Q_EMIT snapshotReady(snapshot);
}

void TrainingSession::start(
    const engine::Experiment& experiment, const QString& runRoot, const QString& resumeDirectory)
{
    m_running.store(true);
    try {
        run(experiment, runRoot, resumeDirectory);
    } catch (const std::exception& error) {
        Q_EMIT failed(QString::fromStdString(error.what()));
    } catch (...) {
        Q_EMIT failed(QStringLiteral("unknown error in the training thread"));
    }
    m_running.store(false);
}

void TrainingSession::run(const engine::Experiment& experiment, const QString& runRoot, const QString& resumeDirectory)
{
    // The engine's run job, as mtw-cli runs it: one writer per directory, checkpoints at the start,
    // every minute and at the end, records after the checkpoint dropped on resume.
    engine::RunJobOptions options;
    std::string directory;
    if (!resumeDirectory.isEmpty()) {
        options.use = engine::RunDirectoryUse::ContinueRun;
        directory = resumeDirectory.toStdString();
    } else if (!runRoot.isEmpty()) {
        QDir().mkpath(runRoot);
        directory = engine::RunStore::newRunDirectory(runRoot.toStdString(), experiment.name);
    }
    engine::RunJob job(experiment, directory, options);
    const std::vector<std::string> names = job.trainer().taskNames();
    QStringList taskNames;
    for (const std::string& name : names)
        taskNames << QString::fromStdString(name);
    Q_EMIT started(QString::fromStdString(directory), taskNames);

    const engine::RunOutcome outcome = job.run(this, &m_control);
    if (outcome.status == engine::RunStatus::Failed) {
        Q_EMIT failed(QString::fromStdString(outcome.message));
        return;
    }
    RunResult result;
    result.status = outcome.status;
    result.message = QString::fromStdString(outcome.message);
    result.steps = outcome.steps;
    result.seconds = outcome.seconds;
    result.taskNames = taskNames;
    for (Eigen::Index t = 0; t < outcome.finalLosses.size(); ++t)
        result.finalLosses << outcome.finalLosses(t);
    result.runDirectory = QString::fromStdString(directory);
    Q_EMIT finished(result);
}

} // namespace mtw::session
