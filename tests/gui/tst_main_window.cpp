// The workbench window end to end: fill the form, run the toy, control a run from the toolbar,
// compare methods with overlays, export every view, files and recent files, layout persistence.
#include "export_checks.h"
#include "gui/app_settings.h"
#include "gui/charts/heatmap_plot.h"
#include "gui/experiment_form.h"
#include "gui/main_window.h"
#include "gui/parameter_form.h"
#include "gui/run_manager.h"
#include "gui/run_status_widget.h"
#include "gui/runs_table_model.h"
#include "gui/views/landscape_view.h"
#include "gui_test_support.h"
#include "problem/cagrad_toy.h"

#include "engine/checkpoint.h"
#include "engine/trainer.h"
#include <QAction>
#include <QComboBox>
#include <QItemSelectionModel>
#include <QLabel>

#include <QLineEdit>
#include <QMenu>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace mtw;

class TestMainWindow : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    std::unique_ptr<gui::MainWindow> makeWindow()
    {
        auto window = std::make_unique<gui::MainWindow>();
        window->setWorkspace(m_dir.filePath(QStringLiteral("runs")));
        window->show();
        if (!QTest::qWaitForWindowExposed(window.get()))
            qWarning("window not exposed");
        return window;
    }

    static const gui::RunEntry& entry(gui::MainWindow& window, int id)
    {
        return window.runManager()->at(window.runManager()->indexOf(id));
    }

private Q_SLOTS:
    void initTestCase() { test::useTemporarySettings(m_dir.filePath(QStringLiteral("settings"))); }

    void fillFormRunToyAndExport()
    {
        auto window = makeWindow();
        gui::ExperimentForm* form = window->experimentForm();
        form->selectProblem(QStringLiteral("cagrad_toy"));
        form->selectMethod(QStringLiteral("nash_mtl"));
        QLineEdit* name = form->nameEdit();
        name->selectAll();
        QTest::keyClicks(name, QStringLiteral("gui-toy"));
        form->problemForm()->setText(QStringLiteral("start"), QStringLiteral("-8.5, 7.5"));
        form->sectionForm(QStringLiteral("training"))->setText(QStringLiteral("steps"), QStringLiteral("3000"));
        form->sectionForm(QStringLiteral("training"))->setText(QStringLiteral("threads"), QStringLiteral("1"));
        form->sectionForm(QStringLiteral("diagnostics"))->setText(QStringLiteral("matrix_every"), QStringLiteral("50"));
        QVERIFY2(form->isValid(), qPrintable(form->validationMessage()));
        QAction* start = window->action("actionStart");
        QVERIFY(start->isEnabled());
        start->trigger();
        const int id = window->currentRunId();
        QVERIFY(id > 0);
        QTRY_COMPARE_WITH_TIMEOUT(entry(*window, id).state, gui::RunState::Finished, 60000);

        const gui::RunEntry& run = entry(*window, id);
        QCOMPARE(run.name, QStringLiteral("gui-toy"));
        QCOMPARE(run.steps, 3000LL);
        QCOMPARE(run.history->step(), 3000LL);
        QCOMPARE(run.history->taskCount(), 2);
        QCOMPARE(static_cast<int>(run.finalLosses.size()), 2);
        QVERIFY(QDir(run.runDirectory).exists(QStringLiteral("run.sqlite")));
        QAbstractItemModel* table = window->runsTable()->model();
        QCOMPARE(table->rowCount(), 1);
        QCOMPARE(table->index(0, gui::RunsTableModel::Status).data().toString(), QStringLiteral("finished"));
        QCOMPARE(table->index(0, gui::RunsTableModel::Method).data().toString(), QStringLiteral("Nash-MTL"));
        QVERIFY(table->index(0, gui::RunsTableModel::FinalLosses).data().toString().contains(QLatin1Char('=')));
        QTRY_COMPARE(window->runStatus()->progress(), 1000);
        QVERIFY(window->runStatus()->text().contains(QStringLiteral("finished")));

        // Every view, every format, through the same code as "Export all figures".
        const QString out = m_dir.filePath(QStringLiteral("export-one"));
        const gui::BatchExportResult result = window->exportAll(out);
        QVERIFY2(result.ok(), qPrintable(result.errors.join(QLatin1Char('\n'))));
        // ST vs MT has no baselines here, the run measured no factors and one run is no study:
        // all skipped with their reason, never written as empty axes.
        QCOMPARE(result.skipped.size(), 3);
        QVERIFY2(result.skipped.front().startsWith(QStringLiteral("ST vs MT")), qPrintable(result.skipped.front()));
        QVERIFY2(result.skipped[1].startsWith(QStringLiteral("Factors"))
                && result.skipped[1].contains("diagnostics.factors"),
            qPrintable(result.skipped[1]));
        QVERIFY2(result.skipped.back().startsWith(QStringLiteral("Study: ")), qPrintable(result.skipped.back()));
        QCOMPARE(result.files.size(), 4 * (window->views().size() - 3));
        for (const QString& file : result.files)
            QVERIFY2(test::exportedFileHasData(file), qPrintable(file));

        // Per-view export by suffix (the View > Export menu).
        for (const QString& suffix :
            { QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf"), QStringLiteral("csv") }) {
            if (window->views().isEmpty())
                break;
            const QString path = m_dir.filePath(QStringLiteral("current.") + suffix);
            QString error;
            gui::ExportOptions options;
            options.size = QSize(800, 500);
            options.dpi = 96;
            QVERIFY2(window->exportCurrentView(path, options, &error), qPrintable(error));
            QVERIFY2(test::exportedFileHasData(path), qPrintable(path));
        }
    }

    // The default demo (Nash-MTL from (-8.5, 7.5), 35,000 Adam steps): the trajectory ends
    // Pareto-stationary, as in the Nash-MTL paper's Figure 1, and the landscape is non-uniform.
    void defaultDemoEndsParetoStationary()
    {
        auto window = makeWindow();
        gui::ExperimentForm* form = window->experimentForm();
        form->selectProblem(QStringLiteral("cagrad_toy"));
        form->selectMethod(QStringLiteral("nash_mtl"));
        form->problemForm()->setText(QStringLiteral("start"), QStringLiteral("-8.5, 7.5"));
        form->sectionForm(QStringLiteral("training"))->setText(QStringLiteral("steps"), QStringLiteral("35000"));
        QVERIFY2(form->isValid(), qPrintable(form->validationMessage()));
        window->action("actionStart")->trigger();
        const int id = window->currentRunId();
        QTRY_COMPARE_WITH_TIMEOUT(entry(*window, id).state, gui::RunState::Finished, 120000);
        const auto trajectory = entry(*window, id).history->trajectory();
        QVERIFY(trajectory.size() > 10);
        const Eigen::VectorXd end = trajectory.back().second;
        const problem::CagradToy toy(Eigen::Vector2d(-8.5, 7.5), Eigen::Vector2d(1, 1));
        Eigen::VectorXd losses;
        Eigen::MatrixXd J;
        toy.value(end, losses, &J);
        const double stationarity = problem::paretoStationarity(J);
        qInfo("demo end point (%.4f, %.4f), Pareto-stationarity %.3g", end(0), end(1), stationarity);
        QVERIFY2(stationarity < 1e-3, qPrintable(QString::number(stationarity)));
        QVERIFY(std::abs(end(1) - problem::CagradToy::paretoX2) < 0.1);
        for (gui::RunView* view : window->views()) {
            auto* landscape = qobject_cast<gui::LandscapeView*>(view);
            if (!landscape)
                continue;
            landscape->setRuns({ entry(*window, id).history });
            landscape->recompute();
            QTRY_VERIFY_WITH_TIMEOUT(landscape->isFinished(), 60000);
            const QImage image = landscape->heatmap()->image();
            QVERIFY(!image.isNull());
            QVERIFY(image.pixel(0, 0) != image.pixel(image.width() / 2, image.height() / 2)); // non-uniform
        }
    }

    void runControlsFromTheToolbar()
    {
        auto window = makeWindow();
        engine::Experiment e = test::toyExperiment(100000000);
        e.recordEvery = 1000;
        e.snapshotMilliseconds = 10;
        const int id = window->startExperiment(e);
        QTRY_VERIFY_WITH_TIMEOUT(entry(*window, id).steps > 0, 10000);
        QVERIFY(window->action("actionPause")->isEnabled());
        QVERIFY(!window->action("actionResume")->isEnabled());
        window->action("actionPause")->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(entry(*window, id).state, gui::RunState::Paused, 5000);
        QTRY_VERIFY(window->action("actionStep")->isEnabled());
        QVERIFY(window->action("actionResume")->isEnabled());
        QTest::qWait(100);
        const long long pausedAt = entry(*window, id).steps;
        window->action("actionStep")->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(entry(*window, id).steps, pausedAt + 1, 5000);
        window->action("actionResume")->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(entry(*window, id).state, gui::RunState::Running, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(entry(*window, id).steps > pausedAt + 100, 5000);
        window->action("actionStop")->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(entry(*window, id).state, gui::RunState::Stopped, 10000);
        QVERIFY(!window->action("actionStop")->isEnabled());
    }

    void controlsFollowTheBatchOnceTheCurrentRunEnded()
    {
        // Compare methods, one at a time: once the first (current) run has ended, Pause and Stop
        // act on the batch's run still going, and the status bar says what the batch is doing
        // (they referred to the ended first run, disabled, while the others ran).
        auto window = makeWindow();
        engine::Experiment e = test::toyExperiment(100000000);
        e.recordEvery = 1000;
        e.snapshotMilliseconds = 10;
        window->experimentForm()->setExperiment(e);
        const QList<int> ids = window->compareMethods({ QStringLiteral("ew"), QStringLiteral("mgda") }, 1);
        QTRY_VERIFY_WITH_TIMEOUT(entry(*window, ids[0]).steps > 0, 10000);
        window->action("actionStop")->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(entry(*window, ids[1]).state, gui::RunState::Running, 10000);
        QCOMPARE(window->currentRunId(), ids[0]);
        QTRY_VERIFY_WITH_TIMEOUT(window->action("actionPause")->isEnabled(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(
            window->runStatus()->text().contains(QStringLiteral("2 runs shown: 1 running, 1 stopped")), 5000);
        window->action("actionPause")->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(entry(*window, ids[1]).state, gui::RunState::Paused, 5000);
        QTRY_VERIFY(window->action("actionResume")->isEnabled());
        window->action("actionStop")->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(entry(*window, ids[1]).state, gui::RunState::Stopped, 10000);
        QTRY_VERIFY(!window->action("actionStop")->isEnabled());
    }

    void stoppedRunContinuesFromItsCheckpoint()
    {
        auto window = makeWindow();
        engine::Experiment e = test::toyExperiment(100000000, "gradvac"); // stateful EMA targets
        e.recordEvery = 1000;
        e.snapshotMilliseconds = 10;
        const int id = window->startExperiment(e);
        QTRY_VERIFY_WITH_TIMEOUT(entry(*window, id).steps > 1000, 10000);
        window->action("actionStop")->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(entry(*window, id).state, gui::RunState::Stopped, 10000);
        const QString directory = entry(*window, id).runDirectory;
        const long long stoppedAt = entry(*window, id).steps;
        QVERIFY(QFile::exists(QString::fromStdString(engine::checkpointPathIn(directory.toStdString()))));

        QString error;
        QVERIFY2(window->continueRunDirectory(directory, stoppedAt + 3000, &error), qPrintable(error));
        const int continued = window->runManager()->at(window->runManager()->count() - 1).id;
        QTRY_COMPARE_WITH_TIMEOUT(entry(*window, continued).state, gui::RunState::Finished, 30000);
        QCOMPARE(entry(*window, continued).runDirectory, directory);
        QCOMPARE(entry(*window, continued).steps, stoppedAt + 3000);
        // Bit for bit the uninterrupted run.
        engine::Experiment straight = e;
        straight.steps = stoppedAt + 3000;
        const engine::RunOutcome outcome = engine::Trainer(straight).run();
        QCOMPARE(entry(*window, continued).finalLosses.size(), 2);
        QCOMPARE(entry(*window, continued).finalLosses[0], outcome.finalLosses(0));
        QCOMPARE(entry(*window, continued).finalLosses[1], outcome.finalLosses(1));
        // A finished checkpoint needs a larger budget; a directory without one names the file.
        QVERIFY(!window->continueRunDirectory(directory, stoppedAt + 3000, &error));
        QVERIFY2(error.contains(QStringLiteral("larger step budget")), qPrintable(error));
        QVERIFY(!window->continueRunDirectory(m_dir.filePath(QStringLiteral("nothing")), 0, &error));
        QVERIFY2(error.contains(QStringLiteral("nothing")), qPrintable(error));
    }

    // Issue 9, finding 10: the reason of a failed run was shown only in a tooltip.
    void failedRunSaysWhyInTheTableAndStatusBar()
    {
        auto window = makeWindow();
        engine::Experiment e = test::toyExperiment(5000, "ew");
        e.optimizer.type = "sgd";
        e.optimizer.learningRate = 1e5;
        e.divergenceThreshold = 1e3;
        const int id = window->startExperiment(e);
        QTRY_COMPARE_WITH_TIMEOUT(entry(*window, id).state, gui::RunState::Failed, 20000);
        const int row = window->runManager()->indexOf(id);
        const QString status = window->runsTable()->model()->index(row, gui::RunsTableModel::Status).data().toString();
        QVERIFY2(status.startsWith(QStringLiteral("failed: ")) && status.contains(QStringLiteral("diverged")),
            qPrintable(status));
        QTRY_VERIFY(window->statusBar()->currentMessage().contains(QStringLiteral("diverged")));
        QTest::qWait(200);
        QVERIFY(window->statusBar()->currentMessage().contains(QStringLiteral("diverged"))); // no time-out
    }

    void invalidInputDisablesStart()
    {
        auto window = makeWindow();
        gui::ParameterForm* optimizer = window->experimentForm()->sectionForm(QStringLiteral("optimizer"));
        auto* lr = qobject_cast<QLineEdit*>(optimizer->editor(QStringLiteral("lr")));
        lr->selectAll();
        QTest::keyClicks(lr, QStringLiteral("-1"));
        QVERIFY(!window->action("actionStart")->isEnabled());
        QVERIFY(window->action("actionStart")->toolTip().contains(QStringLiteral("optimizer.lr")));
        QVERIFY(optimizer->errorLabel(QStringLiteral("lr"))->isVisible());
        lr->selectAll();
        QTest::keyClicks(lr, QStringLiteral("0.01"));
        QVERIFY(window->action("actionStart")->isEnabled());
    }

    void compareMethodsOverlaysRuns()
    {
        auto window = makeWindow();
        engine::Experiment e = test::toyExperiment(2000);
        e.recordEvery = 5;
        window->experimentForm()->setExperiment(e);
        const QList<int> ids
            = window->compareMethods({ QStringLiteral("ew"), QStringLiteral("mgda"), QStringLiteral("pcgrad") }, 2);
        QCOMPARE(ids.size(), 3);
        for (int id : ids)
            QTRY_COMPARE_WITH_TIMEOUT(entry(*window, id).state, gui::RunState::Finished, 60000);
        QCOMPARE(window->shownRuns(), ids);
        QCOMPARE(static_cast<int>(window->runsTable()->selectionModel()->selectedRows().size()), 3);
        QCOMPARE(QString::fromStdString(entry(*window, ids[1]).experiment.method), QStringLiteral("mgda"));
        const gui::BatchExportResult result = window->exportAll(m_dir.filePath(QStringLiteral("export-compare")));
        QVERIFY2(result.ok(), qPrintable(result.errors.join(QLatin1Char('\n'))));
        // Selecting one row shows that run alone.
        window->runsTable()->selectRow(window->runManager()->indexOf(ids[2]));
        QCOMPARE(window->currentRunId(), ids[2]);
        QCOMPARE(window->shownRuns(), QList<int> { ids[2] });
    }

    void filesAndRecentFiles()
    {
        auto window = makeWindow();
        engine::Experiment e = engine::demoExperiment("upgrad");
        e.steps = 1234;
        window->experimentForm()->setExperiment(e);
        const QString path = m_dir.filePath(QStringLiteral("saved.json"));
        QString error;
        QVERIFY2(window->saveExperimentFile(path, &error), qPrintable(error));
        QCOMPARE(engine::loadExperiment(path.toStdString()).steps, 1234LL);
        window->newExperiment();
        QCOMPARE(window->experimentForm()->experiment()->steps, engine::Experiment {}.steps);
        QVERIFY(window->loadExperimentFile(path, &error));
        QCOMPARE(QString::fromStdString(window->experimentForm()->experiment()->method), QStringLiteral("upgrad"));
        QCOMPARE(gui::AppSettings().recentFiles().front(), QFileInfo(path).absoluteFilePath());
        QVERIFY(window->windowTitle().contains(QStringLiteral("saved.json")));
        QFile bad(m_dir.filePath(QStringLiteral("bad.json")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("{ \"schema\": \"mtw-experiment/1\",\n  \"problem\": { \"type\": \"cagrad_toy\" },\n  \"training\": "
                  "{ \"steps\": -5 } }");
        bad.close();
        QVERIFY(!window->loadExperimentFile(bad.fileName(), &error));
        QVERIFY2(error.contains(QStringLiteral("training.steps")), qPrintable(error));
    }

    void layoutPersists()
    {
        int tab = 0;
        {
            auto window = makeWindow();
            QTabWidget* tabs = window->viewTabs();
            tab = tabs->count() - 1;
            tabs->setCurrentIndex(tab);
            window->findChild<QSplitter*>(QStringLiteral("centralSplitter"))->setSizes({ 420, 300 });
            window->close();
        }
        auto window = makeWindow();
        QCOMPARE(window->viewTabs()->currentIndex(), std::max(tab, 0));
        const QList<int> sizes = window->findChild<QSplitter*>(QStringLiteral("centralSplitter"))->sizes();
        QVERIFY2(sizes.size() == 2 && sizes[1] > 200, qPrintable(QStringLiteral("%1").arg(sizes.value(1))));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
