// Run > Task groups under a budget (gui/task_grouping_dialog.h): the groups of a stored run with
// look-ahead gains, queueing the missing group and single-task runs, the comparison table against
// the trained runs' own final evaluations, its CSV, and the message for a run without gains.
#include "engine/run_reader.h"
#include "gui/run_manager.h"
#include "gui/task_grouping_dialog.h"
#include "stored_run_support.h"

#include <QFile>
#include <QPushButton>
#include <QTableWidget>

using namespace mtw;

namespace {

engine::Experiment groupingExperiment(bool withGains)
{
    const std::string factors = withGains
        ? R"(, "factors": {"every": 50, "samples": 128, "sharpness": false, "sam_rho": [], "fisher": "off",
             "coherence": false, "within_task_cosine": false, "total_loss": false, "tag_affinity": "both"})"
        : "";
    return engine::experimentFromJsonText(R"({"name": "grp", "problem": {"type": "synthetic_family",
      "params": {"tasks": 3, "samples": 600, "features": 16}}, "model": {"trunk": [16]},
      "training": {"steps": 200, "batch_size": 64, "threads": 1}, "evaluation": {"every": 100},
      "diagnostics": {"record_every": 10, "matrix_every": 0)"
        + factors + "}}");
}

double finalTestLoss(const std::string& directory, std::size_t task)
{
    const engine::RunRecord run = engine::readRun(directory);
    return run.split(problem::Split::Test).back()->tasks.at(task).loss;
}

// A window whose current run is `experiment`, trained into `stored` and opened from there.
std::unique_ptr<gui::MainWindow> windowOnStoredRun(
    const QTemporaryDir& dir, const QString& stored, const engine::Experiment& experiment)
{
    test::writeStoredRun(stored, experiment);
    auto window = test::windowWithWorkspace(dir, "workspace");
    QStringList errors;
    if (window->openStoredRuns({ stored }, &errors).size() != 1)
        return nullptr;
    return window;
}

} // namespace

class TestTaskGroupingDialog : public QObject {
    Q_OBJECT
private slots:
    void groupsQueueAndCompare()
    {
        QTemporaryDir dir;
        const QString stored = dir.filePath("stored/all");
        auto window = windowOnStoredRun(dir, stored, groupingExperiment(true));
        QVERIFY(window);
        QString error;
        std::unique_ptr<gui::TaskGroupingDialog> dialog = window->taskGroupingDialog(&error);
        QVERIFY2(dialog, qPrintable(error));
        dialog->setBudget(2);
        QVERIFY2(dialog->message().contains("tag_optimizer") && dialog->message().contains("exact over 4 partitions"),
            qPrintable(dialog->message()));
        QCOMPARE(dialog->table()->rowCount(), 4); // three tasks and their mean
        QCOMPARE(dialog->table()->item(3, 0)->text(), QStringLiteral("mean"));
        const double together = finalTestLoss(stored.toStdString(), 0);
        QCOMPARE(dialog->table()->item(0, 4)->text(), QString::number(together, 'g', 4));
        QCOMPARE(dialog->table()->item(0, 6)->text(), QStringLiteral("\u2013")); // not trained yet
        std::size_t pairs = 0;
        for (const auto& group : dialog->grouping().groups)
            pairs += group.size() > 1 ? 1 : 0;
        QCOMPARE(dialog->missingRuns().size(), pairs + 3);

        // Queue them, let them train, and compare again.
        const QList<int> ids = window->queueTaskGroupRuns(*dialog);
        QCOMPARE(static_cast<std::size_t>(ids.size()), pairs + 3);
        {
            // Queued or running runs are not offered again.
            const std::unique_ptr<gui::TaskGroupingDialog> whileTraining = window->taskGroupingDialog(&error);
            whileTraining->setBudget(2);
            QVERIFY(whileTraining->missingRuns().empty());
        }
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (int id : ids)
                    if (window->findChild<gui::RunManager*>()
                            ->at(window->findChild<gui::RunManager*>()->indexOf(id))
                            .state
                        != gui::RunState::Finished)
                        return false;
                return true;
            }(),
            120000);
        dialog = window->taskGroupingDialog(&error);
        QVERIFY(dialog);
        dialog->setBudget(2);
        QVERIFY(dialog->missingRuns().empty());
        const gui::RunManager* runs = window->runManager();
        const gui::RunEntry& single = runs->at(runs->indexOf(ids.back())); // the last task alone
        QCOMPARE(dialog->table()->item(2, 6)->text(),
            QString::number(finalTestLoss(single.runDirectory.toStdString(), 2), 'g', 4));
        for (int t = 0; t < 3; ++t)
            QVERIFY(dialog->table()->item(t, 5)->text() != QStringLiteral("\u2013"));
        const QString csv = dir.filePath("table.csv");
        QVERIFY(dialog->writeCsv(csv));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(file.readAll()).trimmed().split('\n');
        QCOMPARE(lines.size(), 4);
        QCOMPARE(lines[1].split(',').at(4).toDouble(), together);
    }

    void runWithoutGainsSaysWhy()
    {
        QTemporaryDir dir;
        auto window = windowOnStoredRun(dir, dir.filePath("plain"), groupingExperiment(false));
        QVERIFY(window);
        QString error;
        const std::unique_ptr<gui::TaskGroupingDialog> dialog = window->taskGroupingDialog(&error);
        QVERIFY(dialog);
        QVERIFY2(dialog->message().contains("recorded no look-ahead affinities"), qPrintable(dialog->message()));
        QCOMPARE(dialog->table()->rowCount(), 0); // no groups, no table
        QVERIFY(dialog->missingRuns().empty());
    }
};

QTEST_MAIN(TestTaskGroupingDialog)
#include "tst_task_grouping_dialog.moc"
