// TrainingSession on its worker thread: snapshots, the run directory, pause/step/resume/stop
// through the atomics, and errors turned into failed() (no exception crosses the thread). QtCore
// only, so that ThreadSanitizer checks it in CI without the GUI (make tsan-core).
#include "common/toy_experiment.h"
#include "session/session_thread.h"

#include <QDir>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace mtw;

class TestTrainingSession : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    long long m_lastStep = -1;
    engine::RunStatus m_lastStatus = engine::RunStatus::Running;

    void track(session::TrainingSession* worker)
    {
        m_lastStep = -1;
        connect(worker, &session::TrainingSession::snapshotReady, this, [this](const engine::SnapshotPtr& s) {
            m_lastStep = s->step;
            m_lastStatus = s->status;
        });
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        session::registerSessionTypes();
    }

    void runsToTheEndAndWritesItsDirectory()
    {
        session::SessionThread thread;
        session::TrainingSession* worker = thread.session();
        QSignalSpy started(worker, &session::TrainingSession::started);
        QSignalSpy snapshots(worker, &session::TrainingSession::snapshotReady);
        QSignalSpy finished(worker, &session::TrainingSession::finished);
        QSignalSpy failed(worker, &session::TrainingSession::failed);
        track(worker);
        thread.launch(test::toyExperiment(3000), m_dir.filePath(QStringLiteral("runs")));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
        QCOMPARE(failed.count(), 0);
        QCOMPARE(started.count(), 1);
        QVERIFY(snapshots.count() >= 1);
        // The spies count in the worker thread (direct connections); the tracked values arrive
        // through queued calls, which may still be pending when finished() has been counted.
        QTRY_COMPARE_WITH_TIMEOUT(m_lastStep, 3000LL, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(m_lastStatus, engine::RunStatus::Finished, 10000);
        const auto result = finished.front().front().value<session::RunResult>();
        QCOMPARE(result.steps, 3000LL);
        QCOMPARE(static_cast<int>(result.finalLosses.size()), 2);
        QCOMPARE(static_cast<int>(result.taskNames.size()), 2);
        const QDir run(result.runDirectory);
        QVERIFY2(run.exists(QStringLiteral("run.sqlite")), qPrintable(result.runDirectory));
        QVERIFY(run.exists(QStringLiteral("summary.json")));
        QVERIFY(run.exists(QStringLiteral("experiment.json")));
    }

    void pauseStepResumeStop()
    {
        session::SessionThread thread;
        session::TrainingSession* worker = thread.session();
        QSignalSpy finished(worker, &session::TrainingSession::finished);
        track(worker);
        engine::Experiment e = test::toyExperiment(100000000);
        e.recordEvery = 1000;
        e.snapshotMilliseconds = 10;
        thread.launch(e, QString());
        QTRY_VERIFY_WITH_TIMEOUT(m_lastStep > 0, 10000);
        worker->pause();
        QTRY_COMPARE_WITH_TIMEOUT(m_lastStatus, engine::RunStatus::Paused, 5000);
        QTest::qWait(50);
        const long long pausedAt = m_lastStep;
        QTest::qWait(100);
        QCOMPARE(m_lastStep, pausedAt); // nothing moves while paused
        worker->step();
        worker->step();
        worker->step();
        QTRY_COMPARE_WITH_TIMEOUT(m_lastStep, pausedAt + 3, 5000);
        worker->resume();
        QTRY_VERIFY_WITH_TIMEOUT(m_lastStep > pausedAt + 100, 5000);
        worker->stop();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        const auto result = finished.front().front().value<session::RunResult>();
        QCOMPARE(result.status, engine::RunStatus::Stopped);
        QVERIFY(result.message.contains(QStringLiteral("stopped")));
    }

    void invalidMethodBecomesFailed()
    {
        session::SessionThread thread;
        QSignalSpy failed(thread.session(), &session::TrainingSession::failed);
        QSignalSpy finished(thread.session(), &session::TrainingSession::finished);
        engine::Experiment e = test::toyExperiment(100, "cagrad");
        e.methodParams["c"] = -5.0; // bypasses the file reader: the trainer's registry throws
        thread.launch(e, QString());
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
        QCOMPARE(finished.count(), 0);
        QVERIFY2(failed.front().front().toString().contains(QStringLiteral("c")),
            qPrintable(failed.front().front().toString()));
    }

    void unwritableWorkspaceBecomesFailed()
    {
        session::SessionThread thread;
        QSignalSpy failed(thread.session(), &session::TrainingSession::failed);
        thread.launch(test::toyExperiment(100), QStringLiteral("/proc/mtw-cannot-write-here"));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
        qInfo("failure message: %s", qPrintable(failed.front().front().toString()));
    }

    void shutdownStopsALongRun()
    {
        auto thread = std::make_unique<session::SessionThread>();
        track(thread->session());
        thread->launch(test::toyExperiment(100000000), QString());
        QTRY_VERIFY_WITH_TIMEOUT(m_lastStep > 0, 10000);
        QElapsedTimer timer;
        timer.start();
        thread.reset(); // stops and joins
        QVERIFY(timer.elapsed() < 5000);
    }
};

QTEST_GUILESS_MAIN(TestTrainingSession)
#include "tst_training_session.moc"
