// A 10^6-step toy run with the window and its views keeps the process under 500 MB resident:
// RunHistory decimates, snapshots are dropped once folded in, the store writes to disk.
#include "gui/main_window.h"
#include "gui/run_manager.h"
#include "gui_test_support.h"

#include <QTest>
#include <QTimer>

using namespace mtw;

class TestMemory : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { test::useTemporarySettings(m_dir.filePath(QStringLiteral("settings"))); }

    void millionStepRunStaysBounded()
    {
        const double before = test::residentMegabytes();
        gui::MainWindow window;
        window.setWorkspace(m_dir.filePath(QStringLiteral("runs")));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        engine::Experiment e = test::toyExperiment(1000000, "ew"); // the cheapest method: this tests memory, not speed
        e.recordEvery = qEnvironmentVariableIntValue("MTW_MEMORY_RECORD_EVERY") > 0
            ? qEnvironmentVariableIntValue("MTW_MEMORY_RECORD_EVERY")
            : 1; // every step recorded: the worst case for memory
        e.evaluateEvery = 1000;
        e.matrixEvery = 100;
        double peak = 0;
        QTimer sampler;
        connect(&sampler, &QTimer::timeout, this, [&] { peak = std::max(peak, test::residentMegabytes()); });
        sampler.start(200);
        QElapsedTimer clock;
        clock.start();
        const int id = window.startExperiment(e);
        gui::RunManager* runs = window.runManager();
        QTRY_VERIFY_WITH_TIMEOUT(runs->at(runs->indexOf(id)).state == gui::RunState::Finished, 160000);
        QTest::qWait(300);
        sampler.stop();
        peak = std::max(peak, test::residentMegabytes());
        const gui::RunEntry& run = runs->at(runs->indexOf(id));
        QCOMPARE(run.steps, 1000000LL);
        qInfo(
            "10^6-step toy run (record_every %lld): %.1f s, resident %.1f MB before, %.1f MB peak, %.1f MB at the end",
            e.recordEvery, static_cast<double>(clock.elapsed()) / 1000.0, before, peak, test::residentMegabytes());
        QVERIFY2(peak < 500.0, qPrintable(QStringLiteral("peak %1 MB").arg(peak)));
    }
};

QTEST_MAIN(TestMemory)
#include "tst_memory.moc"
