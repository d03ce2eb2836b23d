// Sweeps from the workbench (issue 13): the Run sweep dialog plans the file and lists every
// combination (or shows the located error); starting runs `mtw-cli sweep run` and the window opens
// the sweep folder as soon as its first run appears, follows every run to its end, shows the
// runner's progress in the status bar and the failures in a message.
#include "engine/run_job.h"
#include "engine/sweep_plan.h"
#include "gui/main_window.h"
#include "gui/run_manager.h"
#include "gui/stored_runs.h"
#include "gui/sweep_dialog.h"
#include "gui/sweep_process.h"
#include "gui/views/study_view.h"
#include "gui_test_support.h"

#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace mtw;

namespace {

QByteArray sweepFile(const QByteArray& lrs)
{
    return R"({"name": "gui-grid", "problem": {"type": "cagrad_toy"}, "method": {"name": "ew"},
      "optimizer": {"type": "sgd", "lr": 0.01}, "training": {"steps": 400, "threads": 1},
      "evaluation": {"every": 100}, "diagnostics": {"record_every": 10, "divergence_threshold": 1000},
      "sweep": {"axes": [{"key": "method.name", "values": ["ew", "mgda"]}, {"key": "optimizer.lr", "values": )"
        + lrs + "}]}}";
}

QString write(const QTemporaryDir& dir, const QString& name, const QByteArray& content)
{
    QFile file(dir.filePath(name));
    file.open(QIODevice::WriteOnly);
    file.write(content);
    return file.fileName();
}

int endedRuns(const gui::MainWindow& window)
{
    int ended = 0;
    for (int i = 0; i < window.runManager()->count(); ++i)
        ended += gui::isActive(window.runManager()->at(i).state) ? 0 : 1;
    return ended;
}

} // namespace

class TestSweepGui : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        test::useTemporarySettings(m_settings.filePath(QStringLiteral("settings")));
        qputenv("MTW_CLI", MTW_CLI_PATH);
    }

    void dialogListsCombinationsOrTheError()
    {
        QTemporaryDir dir;
        gui::SweepDialog dialog;
        dialog.setFile(write(dir, "grid.json", sweepFile("[0.001, 0.01]")));
        QCOMPARE(dialog.combinationCount(), 4);
        auto* table = dialog.findChild<QTableWidget*>();
        QCOMPARE(table->rowCount(), 4);
        QCOMPARE(table->item(3, 1)->text(), QString("mgda-lr0.01"));
        QCOMPARE(table->horizontalHeaderItem(3)->text(), QString("optimizer.lr"));
        QCOMPARE(dialog.directory(), dir.filePath("grid-sweep")); // a default next to the file
        auto* start = dialog.findChild<QPushButton*>();
        QVERIFY(start);

        dialog.setFile(write(dir, "bad.json", sweepFile("[0.001, -1]")));
        QCOMPARE(dialog.combinationCount(), 0);
        bool shown = false;
        for (QLabel* label : dialog.findChildren<QLabel*>())
            shown = shown
                || label->text().contains(
                    "sweep combination 1 'ew-lr-1' (method.name=ew, optimizer.lr=-1): optimizer.lr");
        QVERIFY(shown);
    }

    void sweepIsFollowedLiveAndFailuresAreShown()
    {
        QTemporaryDir dir;
        gui::MainWindow window;
        window.show();
        QString error;
        const QString out = dir.filePath("out");
        gui::SweepProcess* sweep
            = window.startSweep(write(dir, "grid.json", sweepFile("[0.001, 100000]")), out, 2, &error);
        QVERIFY2(sweep, qPrintable(error));
        QVERIFY(window.action("actionStopSweep")->isEnabled());
        QSignalSpy finished(sweep, &gui::SweepProcess::finished);
        QVERIFY(finished.wait(120000));
        QCOMPARE(finished.first().first().toInt(), 1); // two runs diverge
        QCOMPARE(sweep->failures().size(), 2);
        QVERIFY(sweep->failures().first().startsWith("failed: 1 ew-lr100000: diverged"));
        QVERIFY2(
            window.statusBar()->currentMessage().contains("Sweep ended: sweep: 2/4 completed, 0 running, 2 failed"),
            qPrintable(window.statusBar()->currentMessage()));
        QVERIFY(!window.action("actionStopSweep")->isEnabled());
        // Every run of the folder is shown when the sweep ends (not at the next 5 s rescan), and
        // followed to its end.
        QCOMPARE(window.runManager()->count(), 4);
        QTRY_COMPARE_WITH_TIMEOUT(endedRuns(window), 4, 30000);
        QStringList names;
        for (int i = 0; i < window.runManager()->count(); ++i)
            names << window.runManager()->at(i).name;
        names.sort();
        QCOMPARE(names, (QStringList { "ew-lr100000", "ew-lr1e-3", "mgda-lr100000", "mgda-lr1e-3" }));
        // Runs found after the folder was opened reach the views (here: the study reads all four).
        QTabWidget* tabs = window.viewTabs();
        auto* study = window.findChild<gui::StudyView*>();
        QVERIFY(study);
        tabs->setCurrentWidget(study);
        QTRY_COMPARE_WITH_TIMEOUT(study->studiedDirectories().size(), qsizetype(4), 20000);
        // The failures are in a message that does not block.
        QMessageBox* box = window.findChild<QMessageBox*>();
        QVERIFY(box && box->isVisible());
        QVERIFY(box->detailedText().contains("mgda-lr100000: diverged"));
        box->close();
        // Only one sweep at a time; a second start while one runs is refused.
        gui::SweepProcess* again = window.startSweep(dir.filePath("grid.json"), out, 1, &error);
        QVERIFY(again);
        QVERIFY(!window.startSweep(dir.filePath("grid.json"), out, 1, &error));
        QVERIFY(error.contains("already running"));
        QSignalSpy done(again, &gui::SweepProcess::finished);
        QVERIFY(done.wait(120000));
    }

    // A run that appears in an opened folder after it was opened (the next ones of a sweep) reaches
    // every view, not only the runs table: the study reads it at its next refresh.
    void runsFoundLaterReachTheViews()
    {
        QTemporaryDir dir;
        const engine::SweepPlan plan
            = engine::loadSweepPlan(write(dir, "grid.json", sweepFile("[0.001, 0.01]")).toStdString());
        const QString root = dir.filePath("runs");
        engine::RunJob(plan.combinations[0].experiment, (root + "/first").toStdString(), {}).run(nullptr, nullptr);
        gui::MainWindow window;
        window.show();
        QStringList errors;
        QCOMPARE(window.openStoredRuns({ root }, &errors).size(), 1);
        auto* study = window.findChild<gui::StudyView*>();
        window.viewTabs()->setCurrentWidget(study);
        QTRY_COMPARE(study->studiedDirectories().size(), qsizetype(1));
        engine::RunJob(plan.combinations[1].experiment, (root + "/second").toStdString(), {}).run(nullptr, nullptr);
        window.storedRuns()->rescanFolders();
        QCOMPARE(window.runManager()->count(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(study->studiedDirectories().size(), qsizetype(2), 10000);
    }

private:
    QTemporaryDir m_settings;
};

QTEST_MAIN(TestSweepGui)
#include "tst_sweep_gui.moc"
