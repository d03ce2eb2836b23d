// `mtw-cli grouping` end to end (issue 17, Wang, Pan & Yu 2024): the groups of a run recorded
// with look-ahead gains against the definition evaluated on the stored records, --train's runs
// and comparison table against the runs' own stored evaluations, reuse on a second call, and the
// located error for a run without gains.
#include "cli_test_support.h"

#include <QDir>
#include <QRegularExpression>
#include <algorithm>
#include <array>

using namespace mtw::test;

namespace {

const QByteArray experiment = R"({"name": "grp", "problem": {"type": "synthetic_family",
  "params": {"tasks": 3, "samples": 600, "features": 16}}, "model": {"trunk": [16]},
  "method": {"name": "ew"}, "training": {"steps": 300, "batch_size": 64, "threads": 1},
  "evaluation": {"every": 100}, "diagnostics": {"record_every": 10, "matrix_every": 0,
  "factors": {"every": 50, "samples": 128, "sharpness": false, "sam_rho": [], "fisher": "off",
  "coherence": false, "within_task_cosine": false, "total_loss": false, "tag_affinity": "both"}}})";

QStringList taskNames(const QString& run)
{
    QStringList names;
    for (int t = 0; t < 3; ++t) {
        const QByteArray row = exactRows(
            run + "/run.sqlite", QStringLiteral("SELECT name FROM tasks WHERE task = %1").arg(t).toUtf8().constData());
        names << QString::fromUtf8(row).trimmed().chopped(1); // exactRows ends each value with ',
    }
    return names;
}

} // namespace

class TestCliGrouping : public QObject {
    Q_OBJECT
private slots:
    void groupsTrainsAndCompares()
    {
        QTemporaryDir dir;
        const QString run = dir.filePath("all");
        QCOMPARE(runCli({ "run", writeFile(dir, "grp.json", experiment), "--out", run, "--quiet" }).code, 0);
        const QStringList names = taskNames(run);
        QCOMPARE(names.size(), 3);
        // Z(s -> t) from the stored records, averaged over the measured steps.
        double z[3][3] = {};
        for (int s = 0; s < 3; ++s)
            for (int t = 0; t < 3; ++t)
                if (s != t)
                    z[s][t] = exactDouble(run + "/run.sqlite",
                        QStringLiteral("SELECT AVG(value) FROM factors WHERE task = %1 AND name = 'tag_optimizer>%2'")
                            .arg(s)
                            .arg(names[t])
                            .toUtf8()
                            .constData());
        // The best of the 3 partitions within two models, from the definition (mean gain from the
        // other members; a pair {a, b} gains Z(b -> a) + Z(a -> b)).
        double best = 0; // three singletons would be 0 but need 3 models: not allowed
        std::array<int, 3> bestLabels {};
        const double all = (z[1][0] + z[2][0]) / 2 + (z[0][1] + z[2][1]) / 2 + (z[0][2] + z[1][2]) / 2;
        best = all;
        bestLabels = { 0, 0, 0 };
        for (int alone = 0; alone < 3; ++alone) {
            const int a = (alone + 1) % 3, b = (alone + 2) % 3;
            const double total = z[a][b] + z[b][a];
            if (total > best) {
                best = total;
                bestLabels = { 0, 0, 0 };
                bestLabels[static_cast<std::size_t>(alone)] = 1;
            }
        }
        const QString csv = dir.filePath("groups.csv");
        const Result plan = runCli({ "grouping", run, "--budget", "2", "--csv", csv });
        QVERIFY2(plan.code == 0, qPrintable(plan.err));
        const long long steps = countRows(
            run + "/run.sqlite", "SELECT COUNT(DISTINCT step) FROM factors WHERE name LIKE 'tag_optimizer>%'");
        QVERIFY(steps > 5);
        QVERIFY2(plan.out.contains(QStringLiteral("tag_optimizer, mean of %1 measurements").arg(steps)),
            qPrintable(plan.out));
        QVERIFY2(
            plan.out.contains("Groups under a budget of 2 models (exact over 4 partitions)"), qPrintable(plan.out));
        QFile groups(csv);
        QVERIFY(groups.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(groups.readAll()).trimmed().split('\n');
        QCOMPARE(lines.size(), 4);
        double total = 0;
        for (const QString& line : lines.mid(1))
            total += line.split(',').at(2).toDouble();
        QVERIFY2(std::abs(total - best) <= 1e-5 * std::max(1.0, std::abs(best)),
            qPrintable(QStringLiteral("%1 vs %2").arg(total).arg(best)));

        // --train: the groups and every task alone, then one table.
        const QString root = dir.filePath("runs");
        const QString table = dir.filePath("table.csv");
        const Result trained = runCli(
            { "grouping", run, "--budget", "2", "--train", "--root", root, "--quiet", "--csv", table }, {}, 240000);
        QVERIFY2(trained.code == 0, qPrintable(trained.err + trained.out));
        for (const QString& name : names)
            QVERIFY(QDir(root + "/grp-st-" + name).exists());
        QFile rows(table);
        QVERIFY(rows.open(QIODevice::ReadOnly));
        const QStringList tableLines = QString::fromUtf8(rows.readAll()).trimmed().split('\n');
        QCOMPARE(tableLines.size(), 4);
        for (int t = 0; t < 3; ++t) {
            const QStringList cells = tableLines[t + 1].split(',');
            QCOMPARE(cells[0], names[t]);
            const QString finalTest = QStringLiteral(
                "SELECT loss FROM evaluations WHERE split = 'test' AND task = %1 ORDER BY step DESC LIMIT 1")
                                          .arg(t);
            const double alone
                = exactDouble(root + "/grp-st-" + names[t] + "/run.sqlite", finalTest.toUtf8().constData());
            const double together = exactDouble(run + "/run.sqlite", finalTest.toUtf8().constData());
            QVERIFY(std::isfinite(alone) && std::isfinite(together));
            QVERIFY(std::abs(cells[6].toDouble() - alone) <= 1e-5 * alone);
            QVERIFY(std::abs(cells[4].toDouble() - together) <= 1e-5 * together);
            // The group column names the task's group, consistent with the partition found above.
            QVERIFY(cells[1].split('+').contains(names[t]));
            const int mates = static_cast<int>(
                std::count(bestLabels.begin(), bestLabels.end(), bestLabels[static_cast<std::size_t>(t)]));
            QCOMPARE(static_cast<int>(cells[1].split('+').size()), mates);
        }
        QVERIFY(trained.out.contains("Models trained: all in one 1, grouped"));
        // A second call reuses every finished run.
        const Result again
            = runCli({ "grouping", run, "--budget", "2", "--train", "--root", root, "--quiet" }, {}, 240000);
        QCOMPARE(again.code, 0);
        QVERIFY2(!again.out.contains("status:"), qPrintable(again.out)); // nothing trained again
        QVERIFY(again.out.count("reusing the finished run") >= 3);
    }

    void runWithoutGainsIsRefused()
    {
        QTemporaryDir dir;
        const QString run = dir.filePath("plain");
        const QByteArray plain = R"({"name": "plain", "problem": {"type": "synthetic_family",
          "params": {"tasks": 3, "samples": 300, "features": 8}}, "model": {"trunk": [8]},
          "training": {"steps": 20, "threads": 1}})";
        QCOMPARE(runCli({ "run", writeFile(dir, "plain.json", plain), "--out", run, "--quiet" }).code, 0);
        const Result result = runCli({ "grouping", run, "--budget", "2" });
        QCOMPARE(result.code, 2);
        QVERIFY2(result.err.contains(run) && result.err.contains("recorded no look-ahead affinities"),
            qPrintable(result.err));
        QCOMPARE(runCli({ "grouping", run, "--budget", "0" }).code, 2);
    }
};

QTEST_GUILESS_MAIN(TestCliGrouping)
#include "tst_cli_grouping.moc"
