#include "session/training_session.h"

#include "engine/checkpoint.h"
#include "engine/run_store.h"
#include "engine/trainer.h"

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

void TrainingSession::pause() { m_control.setPaused(true); }

void TrainingSession::resume() { m_control.setPaused(false); }

void TrainingSession::step() { m_control.requestSingleStep(); }

void TrainingSession::stop() { m_control.requestStop(); }

void TrainingSession::onSnapshot(const engine::SnapshotPtr& snapshot) { Q_EMIT snapshotReady(snapshot); }

void TrainingSession::start(const engine::Experiment& experiment, const QString& runRoot, const QString& resumeDirectory)
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
    engine::Trainer trainer(experiment);
    const std::vector<std::string> names = trainer.taskNames();
    QStringList taskNames;
    for (const std::string& name : names)
        taskNames << QString::fromStdString(name);

    std::unique_ptr<engine::RunStore> store;
    QString directory;
    if (!resumeDirectory.isEmpty()) {
        trainer.restoreCheckpoint(engine::checkpointPathIn(resumeDirectory.toStdString()));
        directory = resumeDirectory;
    } else if (!runRoot.isEmpty()) {
        QDir().mkpath(runRoot);
        directory = QString::fromStdString(engine::RunStore::newRunDirectory(runRoot.toStdString(), experiment.name));
    }
    if (!directory.isEmpty()) {
        // An existing directory is appended to: its rows are keyed by step.
        store = std::make_unique<engine::RunStore>(directory.toStdString(), experiment, names);
        trainer.setRunStore(store.get());
        trainer.setCheckpointing(engine::checkpointPathIn(directory.toStdString()), 0);
    }
    trainer.setObserver(this);
    trainer.setControl(&m_control);
    Q_EMIT started(directory, taskNames);

    const engine::RunOutcome outcome = trainer.run();
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
    result.runDirectory = directory;
    Q_EMIT finished(result);
}

} // namespace mtw::session
