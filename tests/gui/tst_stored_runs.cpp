// Stored runs in the workbench (issue 12): a run written by this window, opened again from its
// directory, shows the same series, matrices, checkpoints and final values; a run followed while
// `mtw-cli run` writes it ends identical to opening it afterwards; folders are searched and
// watched; damaged stores and non-runs are refused with the reason; the headless export of stored
// runs writes every view without training. Seeds drawn as mean and band: tst_seed_groups_view.
#include "engine/run_job.h"
#include "engine/run_notes.h"
#include "engine/synthetic_experiment.h"
#include "gui/charts/chart_panel.h"
#include "gui/charts/colormap.h"
#include "gui/headless_run.h"
#include "gui/main_window.h"
#include "gui/run_manager.h"
#include "gui/runs_table_model.h"
#include "gui/stored_runs.h"
#include "gui/views/losses_view.h"
#include "gui/views/pareto_view.h"
#include "gui/views/view_style.h"
#include "gui_test_support.h"
#include "stored_run_support.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QProcess>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace mtw;

namespace {

const gui::RunEntry& entry(gui::MainWindow& window, int id)
{
    return window.runManager()->at(window.runManager()->indexOf(id));
}

bool samePoints(const gui::DecimatedSeries& a, const gui::DecimatedSeries& b)
{
    return a.rawCount() == b.rawCount() && a.points() == b.points();
}

// Everything the views draw from, compared between two histories; empty when equal.
QString differenceBetween(const gui::RunHistory& a, const gui::RunHistory& b)
{
    if (a.taskCount() != b.taskCount() || a.recordedSteps() != b.recordedSteps() || a.step() != b.step())
        return QString("tasks %1/%2, steps %3/%4")
            .arg(a.taskCount())
            .arg(b.taskCount())
            .arg(a.recordedSteps())
            .arg(b.recordedSteps());
    for (gui::TaskSeries kind : { gui::TaskSeries::Loss, gui::TaskSeries::Weight, gui::TaskSeries::GradientNorm,
             gui::TaskSeries::Alignment, gui::TaskSeries::Slowdown })
        for (int t = 0; t < a.taskCount(); ++t)
            if (!samePoints(a.series(kind, t), b.series(kind, t)))
                return QString("task series %1 of task %2").arg(static_cast<int>(kind)).arg(t);
    for (gui::EvalSeries kind : { gui::EvalSeries::Loss, gui::EvalSeries::Metric })
        for (int t = 0; t < a.taskCount(); ++t)
            if (!samePoints(a.evaluation(kind, t), b.evaluation(kind, t)))
                return QString("evaluation series %1 of task %2").arg(static_cast<int>(kind)).arg(t);
    for (int t = 0; t < a.taskCount(); ++t) {
        const auto &p = a.transferPoints(t), &q = b.transferPoints(t);
        if (p.size() != q.size())
            return QString("transfer points of task %1: %2/%3").arg(t).arg(p.size()).arg(q.size());
        for (std::size_t i = 0; i < p.size(); ++i)
            if (p[i].step != q[i].step || p[i].trainLoss != q[i].trainLoss
                || p[i].validationLoss != q[i].validationLoss)
                return QString("transfer point %1 of task %2").arg(i).arg(t);
    }
    if (!samePoints(a.conflictFraction(), b.conflictFraction()) || !samePoints(a.directionNorm(), b.directionNorm())
        || !samePoints(a.learningRate(), b.learningRate()))
        return "conflict, direction norm or learning rate";
    if (a.nonConflictingFraction() != b.nonConflictingFraction())
        return "non-conflicting fraction";
    const auto ca = a.cosineHistory(), cb = b.cosineHistory();
    if (ca.size() != cb.size())
        return QString("cosine matrices %1/%2").arg(ca.size()).arg(cb.size());
    for (std::size_t i = 0; i < ca.size(); ++i)
        if (ca[i].first != cb[i].first || ca[i].second != cb[i].second)
            return QString("cosine matrix %1").arg(i);
    if (a.extras().names() != b.extras().names())
        return "extras names";
    for (const QString& name : a.extras().names())
        if (!samePoints(*a.extras().series(name), *b.extras().series(name)))
            return "extra " + name;
    if (a.finalLosses() != b.finalLosses())
        return "final losses";
    const auto ta = a.trajectory(), tb = b.trajectory();
    if (ta.size() != tb.size())
        return "trajectory length";
    for (std::size_t i = 0; i < ta.size(); ++i)
        if (ta[i].first != tb[i].first || ta[i].second != tb[i].second)
            return QString("trajectory point %1").arg(i);
    return {};
}

engine::Experiment networkExperiment(long long steps)
{
    engine::Experiment e = test::syntheticExperiment("nash_mtl");
    e.steps = steps;
    e.matrixEvery = 10;
    e.evaluateEvery = 40;
    return e;
}

} // namespace

class TestStoredRuns : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    std::unique_ptr<gui::MainWindow> makeWindow(const QString& workspace)
    {
        return test::windowWithWorkspace(m_dir, workspace);
    }

private Q_SLOTS:
    void initTestCase() { test::useTemporarySettings(m_dir.filePath(QStringLiteral("settings"))); }

    void reopenedRunShowsWhatTheLiveRunShowed_data()
    {
        QTest::addColumn<bool>("planar");
        QTest::newRow("network, 3 tasks") << false;
        QTest::newRow("toy, trajectory") << true;
    }

    void reopenedRunShowsWhatTheLiveRunShowed()
    {
        QFETCH(bool, planar);
        auto window = makeWindow(QStringLiteral("live"));
        const engine::Experiment e = planar ? test::toyExperiment(600) : networkExperiment(240);
        const int live = window->startExperiment(e);
        QTRY_VERIFY_WITH_TIMEOUT(entry(*window, live).state == gui::RunState::Finished, 60000);
        const QString directory = entry(*window, live).runDirectory;
        QVERIFY(QFile::exists(directory + "/run.sqlite"));

        QStringList errors;
        const QList<int> opened = window->openStoredRuns({ directory }, &errors);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join('\n')));
        QCOMPARE(opened.size(), 1);
        window->storedRuns()->readAll();
        const gui::RunEntry& stored = entry(*window, opened.front());
        QVERIFY(stored.stored);
        QCOMPARE(stored.state, gui::RunState::Finished);
        QCOMPARE(stored.steps, e.steps);
        QCOMPARE(stored.finalLosses, entry(*window, live).finalLosses);
        QCOMPARE(window->currentRunId(), opened.front());
        QVERIFY(!window->action("actionStop")->isEnabled()); // not this window's run to control
        const QString difference = differenceBetween(*entry(*window, live).history, *stored.history);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        // Opening it again selects the open entry instead of a second copy.
        QCOMPARE(window->openStoredRuns({ directory }, &errors), opened);
        QCOMPARE(window->runManager()->count(), 2);
    }

    void runFollowedWhileMtwCliWritesItEndsAsOpenedAfterwards()
    {
        const QString directory = m_dir.filePath("followed/run");
        const QString experimentFile = m_dir.filePath("followed.json");
        engine::saveExperiment(networkExperiment(8000), experimentFile.toStdString());
        QProcess cli;
        cli.start(QStringLiteral(MTW_CLI_PATH), { "run", experimentFile, "--out", directory, "--quiet" });
        QVERIFY(cli.waitForStarted());

        auto window = makeWindow(QStringLiteral("follow"));
        window->storedRuns()->setPollInterval(20); // several polls within the writer's few seconds
        QList<int> opened;
        QStringList errors;
        // Open as soon as the run has written its task names.
        QTRY_VERIFY_WITH_TIMEOUT(
            (errors.clear(), opened = window->openStoredRuns({ directory }, &errors), !opened.isEmpty()), 20000);
        const int id = opened.front();
        bool sawRunning = false, sawGrowth = false;
        long long firstSteps = -1;
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 120000
            && (cli.state() != QProcess::NotRunning || gui::isActive(entry(*window, id).state))) {
            QTest::qWait(50);
            const gui::RunEntry& run = entry(*window, id);
            sawRunning = sawRunning || run.state == gui::RunState::Running;
            if (firstSteps < 0 && run.steps > 0)
                firstSteps = run.steps;
            sawGrowth = sawGrowth || (firstSteps >= 0 && run.steps > firstSteps);
        }
        QVERIFY(cli.state() == QProcess::NotRunning || cli.waitForFinished(60000));
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
        QTRY_COMPARE_WITH_TIMEOUT(entry(*window, id).state, gui::RunState::Finished, 10000);
        QVERIFY(sawRunning);
        QVERIFY2(sawGrowth, "the view never grew while the run was written");

        auto fresh = makeWindow(QStringLiteral("fresh"));
        const QList<int> again = fresh->openStoredRuns({ directory }, &errors);
        QCOMPARE(again.size(), 1);
        fresh->storedRuns()->readAll();
        QCOMPARE(entry(*fresh, again.front()).steps, 8000LL);
        const QString difference
            = differenceBetween(*entry(*window, id).history, *entry(*fresh, again.front()).history);
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
    }

    void foldersAreSearchedAndWatched()
    {
        const QString sweep = m_dir.filePath("sweep");
        test::writeStoredRun(sweep + "/lr-0.1/seed-1", networkExperiment(30));
        test::writeStoredRun(sweep + "/lr-0.1/seed-2", networkExperiment(30));
        auto window = makeWindow(QStringLiteral("folders"));
        QStringList errors;
        const QList<int> opened = window->openStoredRuns({ sweep }, &errors);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join('\n')));
        QCOMPARE(opened.size(), 2);
        QCOMPARE(entry(*window, opened[0]).name, QStringLiteral("lr-0.1/seed-1"));

        QSignalSpy discovered(window->storedRuns(), &gui::StoredRuns::runDiscovered);
        test::writeStoredRun(sweep + "/lr-0.2/seed-1", networkExperiment(30));
        window->storedRuns()->rescanFolders();
        QCOMPARE(discovered.count(), 1);
        QCOMPARE(window->storedRuns()->count(), 3);
        QTRY_COMPARE_WITH_TIMEOUT(
            entry(*window, discovered.front().front().toInt()).state, gui::RunState::Finished, 10000);
    }

    void runsTableShowsSweptAxesSortsNumericallyAndFilters()
    {
        const QString sweep = m_dir.filePath("table");
        for (const char* method : { "ew", "mgda" })
            for (double lr : { 0.01, 0.001, 0.0001 }) {
                engine::Experiment e = test::syntheticExperiment(method);
                e.steps = 10;
                e.optimizer.learningRate = lr;
                test::writeStoredRun(QString("%1/%2-lr%3").arg(sweep, method).arg(lr), e);
            }
        auto window = makeWindow(QStringLiteral("table"));
        QStringList errors;
        QCOMPARE(window->openStoredRuns({ sweep }, &errors).size(), 6);
        window->storedRuns()->readAll();
        gui::RunsTableModel* model = window->runsModel();
        QVERIFY2(model->axes().contains("optimizer.lr") && model->axes().contains("method.name"),
            qPrintable(model->axes().join(", ")));
        QVERIFY(!model->axes().contains("training.seed")); // the same in every run: not an axis
        QVERIFY(!model->axes().contains("name"));
        const int lrColumn = gui::RunsTableModel::ColumnCount + static_cast<int>(model->axes().indexOf("optimizer.lr"));

        QTableView* table = window->runsTable();
        QAbstractItemModel* shown = table->model();
        QCOMPARE(shown->columnCount(), model->columnCount());
        table->sortByColumn(lrColumn, Qt::AscendingOrder);
        QVector<double> order;
        for (int row = 0; row < shown->rowCount(); ++row)
            order << shown->index(row, lrColumn).data().toDouble();
        QCOMPARE(order,
            (QVector<double> {
                0.0001, 0.0001, 0.001, 0.001, 0.01, 0.01 })); // numbers, not text ("0.0001" > "0.001" as text)
        table->sortByColumn(gui::RunsTableModel::MeanLoss, Qt::AscendingOrder);
        for (int row = 1; row < shown->rowCount(); ++row)
            QVERIFY(shown->index(row - 1, gui::RunsTableModel::MeanLoss).data(gui::RunsTableModel::SortRole).toDouble()
                <= shown->index(row, gui::RunsTableModel::MeanLoss).data(gui::RunsTableModel::SortRole).toDouble());

        auto* filter = window->findChild<QLineEdit*>("runsFilter");
        QVERIFY(filter);
        filter->setText("mgda");
        QCOMPARE(shown->rowCount(), 3);
        // Selecting a row of the sorted, filtered table shows that run.
        table->selectRow(2);
        const QString name = shown->index(2, gui::RunsTableModel::Name).data().toString();
        QCOMPARE(window->currentRun()->name, name);
        QVERIFY(name.startsWith("mgda"));
        // Per-column comparisons: numbers as numbers, text by equality, unknown columns named.
        filter->setText("optimizer.lr<=0.001");
        QCOMPARE(shown->rowCount(), 4);
        filter->setText("method.name=mgda optimizer.lr>0.0005");
        QCOMPARE(shown->rowCount(), 2);
        filter->setText("Steps>=10 finished");
        QCOMPARE(shown->rowCount(), 6);
        filter->setText("lrate<1");
        QCOMPARE(shown->rowCount(), 0);
        QVERIFY2(filter->toolTip().contains("no column 'lrate'"), qPrintable(filter->toolTip()));
        filter->clear();
        QCOMPARE(shown->rowCount(), 6);

        // Colour by a column: numbers on viridis between the column's extremes, texts by category.
        auto* colourBy = window->findChild<QComboBox*>("colourBy");
        QVERIFY(colourBy);
        colourBy->setCurrentIndex(colourBy->findData(lrColumn));
        const gui::Colormap viridis = gui::Colormap::viridis();
        for (int i = 0; i < window->runManager()->count(); ++i) {
            const gui::RunEntry& run = window->runManager()->at(i);
            const double lr = run.experiment.optimizer.learningRate;
            QCOMPARE(run.history->colour(), QColor(viridis.map(lr, 0.0001, 0.01)));
            QCOMPARE(model->index(i, gui::RunsTableModel::Name).data(Qt::DecorationRole).value<QColor>(),
                run.history->colour());
        }
        colourBy->setCurrentIndex(colourBy->findData(gui::RunsTableModel::Method));
        for (int i = 0; i < window->runManager()->count(); ++i) {
            const gui::RunEntry& run = window->runManager()->at(i);
            const bool first = run.experiment.method == window->runManager()->at(0).experiment.method;
            QCOMPARE(run.history->colour(), gui::style::runColor(first ? 0 : 1));
        }
        colourBy->setCurrentIndex(0);
        QVERIFY(!window->runManager()->at(0).history->colour().isValid());

        // Tags and a note edited in the table are saved with the run and can be filtered on.
        const int row = 0;
        const QModelIndex tags = shown->index(row, gui::RunsTableModel::Tags);
        QVERIFY(shown->flags(tags) & Qt::ItemIsEditable);
        QVERIFY(shown->setData(tags, "promising, lr-sweep", Qt::EditRole));
        QVERIFY(shown->setData(shown->index(row, gui::RunsTableModel::Note), "rerun with 5 seeds", Qt::EditRole));
        const QString tagged = shown->index(row, gui::RunsTableModel::Name).data().toString();
        engine::RunNotes saved;
        for (int i = 0; i < window->runManager()->count(); ++i)
            if (window->runManager()->at(i).name == tagged)
                saved = engine::readRunNotes(window->runManager()->at(i).runDirectory.toStdString());
        QCOMPARE(saved.tags, (std::vector<std::string> { "lr-sweep", "promising" }));
        QCOMPARE(saved.note, std::string("rerun with 5 seeds"));
        QCOMPARE(shown->index(row, gui::RunsTableModel::Tags).data().toString(), QStringLiteral("lr-sweep, promising"));
        filter->setText("promising");
        QCOMPARE(shown->rowCount(), 1);
        filter->clear();
    }

    void nonRunsAndDamagedStoresAreRefusedWithTheReason()
    {
        const QString root = m_dir.filePath("bad");
        QDir().mkpath(root + "/empty");
        test::writeStoredRun(root + "/garbage", networkExperiment(5));
        {
            QFile database(root + "/garbage/run.sqlite");
            QVERIFY(database.open(QIODevice::WriteOnly | QIODevice::Truncate));
            database.write(QByteArray(4096, '\x7f'));
        }
        auto window = makeWindow(QStringLiteral("bad"));
        QStringList errors;
        QVERIFY(window->openStoredRuns({ root + "/empty" }, &errors).isEmpty());
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors.front().contains("holds no run directory"), qPrintable(errors.front()));
        errors.clear();
        QVERIFY(window->openStoredRuns({ root + "/garbage" }, &errors).isEmpty());
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors.front().contains("garbage/run.sqlite"), qPrintable(errors.front()));
        QCOMPARE(window->runManager()->count(), 0);
    }

    void headlessExportOfStoredRunsWritesEveryViewWithoutTraining()
    {
        const QString runs = m_dir.filePath("export-runs");
        test::writeStoredRun(runs + "/a", networkExperiment(60));
        test::writeStoredRun(runs + "/b", networkExperiment(60));
        auto window = makeWindow(QStringLiteral("export"));
        QString log;
        QTextStream out(&log);
        const QString target = m_dir.filePath("exported");
        QCOMPARE(gui::exportStoredHeadless(
                     *window, { runs }, target, out, gui::HeadlessFigures { {}, false, false, 60, {} }),
            0);
        for (const char* file :
            { "losses.png", "losses.svg", "losses.pdf", "losses.csv", "conflict.png", "pareto.csv", "runs.csv" })
            QVERIFY2(QFile::exists(target + "/" + file), file);
        QFile table(target + "/runs.csv");
        QVERIFY(table.open(QIODevice::ReadOnly));
        const QByteArray csv = table.readAll();
        QVERIFY2(csv.contains("a") && csv.contains("b") && csv.contains("finished"), csv.constData());
        QCOMPARE(window->runManager()->count(), 2);
        QVERIFY(!window->runManager()->hasActiveRuns());

        QCOMPARE(gui::exportStoredHeadless(*window, { m_dir.filePath("nothing-here") }, target, out,
                     gui::HeadlessFigures { {}, false, false, 60, {} }),
            2);
        QVERIFY2(log.contains("does not exist"), qPrintable(log));
    }
};

QTEST_MAIN(TestStoredRuns)
#include "tst_stored_runs.moc"
