// While a run trains at full speed, the GUI thread keeps answering. The workbench's target is a
// 10 ms QTimer late by less than 50 ms at the 99th percentile; bench/gui_latency measures it per
// view and reports. This test fails only on a clear regression, with fixed bounds that do not
// depend on how slow the redraws are: p50 under 10 ms and p99 under 150 ms (typical here: p50
// ~0.2 ms, p99 10-30 ms; a GUI thread that waits on the trainer or re-reads its history blocks
// for hundreds of ms).
#include "gui/event_loop_lateness.h"
#include "gui/main_window.h"
#include "gui/run_manager.h"
#include "gui_test_support.h"

#include <QTabWidget>
#include <QTest>

using namespace mtw;

class TestResponsiveness : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { test::useTemporarySettings(m_dir.filePath(QStringLiteral("settings"))); }

    void timerLatencyWhileTraining()
    {
        gui::MainWindow window;
        window.setWorkspace(m_dir.filePath(QStringLiteral("runs")));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        engine::Experiment e = test::toyExperiment(100000000);
        e.recordEvery = 10; // the demo's cadence (engine::demoExperiment)
        e.matrixEvery = 10;
        const int id = window.startExperiment(e);
        gui::RunManager* runs = window.runManager();
        QTRY_VERIFY_WITH_TIMEOUT(runs->at(runs->indexOf(id)).steps > 1000, 10000);

        const std::vector<double> lateness = gui::timerLateness(3.0);
        const long long steps = runs->at(runs->indexOf(id)).steps;
        runs->stop(id);
        QTRY_VERIFY_WITH_TIMEOUT(!runs->hasActiveRuns(), 10000);

        QVERIFY2(lateness.size() > 20, qPrintable(QStringLiteral("%1 ticks").arg(lateness.size())));
        const double p99 = gui::latenessPercentile(lateness, 0.99);
        const double p50 = gui::latenessPercentile(lateness, 0.5);
        qInfo("GUI timer lateness while training: p50 %.2f ms, p99 %.2f ms, max %.2f ms over %zu ticks; %lld steps "
              "trained meanwhile; slowest view redraw %.1f ms",
            p50, p99, gui::latenessPercentile(lateness, 1.0), lateness.size(), steps,
            window.slowestRefreshMilliseconds());
        if (p99 >= 50.0)
            qWarning("p99 %.1f ms is above the 50 ms target (slowest view redraw %.1f ms)", p99,
                window.slowestRefreshMilliseconds());
        QVERIFY2(p50 < 10.0, qPrintable(QStringLiteral("p50 %1 ms").arg(p50)));
        QVERIFY2(p99 < 150.0, qPrintable(QStringLiteral("p99 %1 ms").arg(p99)));
    }

    void manyRunsOnWeightsAndNormsDoNotFreezeTheLoop()
    {
        // Four runs overlaid on Weights & norms draw dashed and dotted noisy lines; stroked at
        // 1.8 px by Qt's general stroker they blocked the loop for up to a second per frame
        // (offscreen, bench/gui_latency --runs 4: a 10 ms timer fired 6 times in 4 s).
        gui::MainWindow window;
        window.setWorkspace(m_dir.filePath(QStringLiteral("runs-four")));
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QList<int> ids;
        for (int r = 0; r < 4; ++r) {
            engine::Experiment e = test::toyExperiment(100000000);
            e.seed = static_cast<std::uint64_t>(r + 1);
            e.recordEvery = 10;
            ids << window.startExperiment(e);
        }
        window.setOverlayRuns(ids);
        QTabWidget* tabs = window.viewTabs();
        for (int i = 0; i < tabs->count(); ++i)
            if (tabs->tabText(i).startsWith(QStringLiteral("Weights")))
                tabs->setCurrentIndex(i);
        gui::RunManager* runs = window.runManager();
        QTRY_VERIFY_WITH_TIMEOUT(runs->at(runs->indexOf(ids.first())).steps > 1000, 20000); // the rest may queue
        const std::vector<double> lateness = gui::timerLateness(2.0);
        for (int id : ids)
            runs->stop(id);
        QTRY_VERIFY_WITH_TIMEOUT(!runs->hasActiveRuns(), 10000);
        const double p50 = gui::latenessPercentile(lateness, 0.5);
        qInfo("Weights & norms, 4 runs: %zu ticks in 2 s, p50 %.2f ms, p99 %.2f ms", lateness.size(), p50,
            gui::latenessPercentile(lateness, 0.99));
        // Before the fix here (xvfb): 28 ticks, p99 744 ms; after: 130-160 ticks, p99 50-60 ms.
        QVERIFY2(lateness.size() > 60, qPrintable(QStringLiteral("%1 ticks").arg(lateness.size())));
        QVERIFY2(p50 < 10.0, qPrintable(QStringLiteral("p50 %1 ms").arg(p50)));
        QVERIFY2(gui::latenessPercentile(lateness, 0.99) < 300.0,
            qPrintable(QStringLiteral("p99 %1 ms").arg(gui::latenessPercentile(lateness, 0.99))));
    }
};

QTEST_MAIN(TestResponsiveness)
#include "tst_responsiveness.moc"
