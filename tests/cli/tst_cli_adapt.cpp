// `mtw-cli adapt` end to end (few-shot adaptation, Wang, Zhao & Li 2021): a run that never trained
// the adapted task (fixed weight 0) and the single-task baseline of another task, adapted to it;
// the CSV's spreads against its own per-episode values in the stored adaptation.json, accuracy
// above chance and rising with k, the same table on 1 and 2 threads, the --help text, and the
// located errors (unknown task, too many shots, a regression task) with exit code 2.
#include "cli_test_support.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>

using namespace mtw::test;

namespace {

QByteArray experiment(const QByteArray& name, const QByteArray& weights, const QByteArray& kind = "classification")
{
    return R"({"name": ")" + name + R"(", "problem": {"type": "synthetic_family", "params": {"tasks": 3,
      "samples": 1600, "features": 16, "kind": ")"
        + kind + R"(", "classes": 4, "rho": 0.8}}, "model": {"trunk": [32]},
      "method": {"name": "fixed", "params": {"weights": [)"
        + weights + R"(]}}, "training": {"steps": 400, "batch_size": 64, "threads": 1},
      "evaluation": {"every": 200}})";
}

QStringList csvLines(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).trimmed().split('\n');
}

} // namespace

class TestCliAdapt : public QObject {
    Q_OBJECT
private slots:
    void adaptsStoresAndExports()
    {
        QTemporaryDir dir;
        const QString held = dir.filePath("held"), single = dir.filePath("single");
        QCOMPARE(
            runCli({ "run", writeFile(dir, "held.json", experiment("held", "0.5, 0.5, 0")), "--out", held, "--quiet" })
                .code,
            0);
        QCOMPARE(runCli({ "run", writeFile(dir, "single.json", experiment("single", "1, 0, 0")), "--out", single,
                            "--quiet" })
                     .code,
            0);
        const QString csv = dir.filePath("adapt.csv");
        const Result result = runCli({ "adapt", held, single, "--task", "task3", "--shots", "1,5,20", "--episodes",
            "10", "--seed", "4", "--threads", "1", "--csv", csv });
        QVERIFY2(result.code == 0, qPrintable(result.err + result.out));
        QVERIFY2(result.out.contains("Few-shot adaptation to 'task3' (4 classes; 32-wide representation"),
            qPrintable(result.out));
        QVERIFY(result.out.contains("held: never trained on it (weight 0)"));
        QVERIFY(result.out.contains("held (random init)"));
        const QStringList lines = csvLines(csv);
        QCOMPARE(lines.size(), 1 + 3 * 3); // 3 trunks x 3 values of k
        QVERIFY(lines[0].startsWith("trunk,training,trained_on_task,k,episodes,mean_balanced_accuracy,std,ci95_low"));

        // The spread of each row from the episode accuracies stored in the run's adaptation.json.
        QFile stored(held + "/adaptation.json");
        QVERIFY(stored.open(QIODevice::ReadOnly));
        const QJsonArray results = QJsonDocument::fromJson(stored.readAll()).object()["results"].toArray();
        QCOMPARE(results.size(), 2); // the trained trunk and the random-init floor
        QVERIFY(QFile::exists(single + "/adaptation.json"));
        const QJsonObject trained = results[0].toObject();
        QCOMPARE(trained["task"].toString(), QString("task3"));
        QCOMPARE(trained["trained_on_task"].toBool(), false);
        double means[3] = {};
        for (int k = 0; k < 3; ++k) {
            const QJsonArray accuracies = trained["points"].toArray()[k].toObject()["accuracies"].toArray();
            QCOMPARE(accuracies.size(), 10);
            double mean = 0, ss = 0;
            for (const QJsonValue& a : accuracies)
                mean += a.toDouble() / 10;
            for (const QJsonValue& a : accuracies)
                ss += (a.toDouble() - mean) * (a.toDouble() - mean);
            const QStringList cells = lines[1 + k].split(',');
            QCOMPARE(cells[0], QString("held"));
            QCOMPARE(cells[3].toInt(), QList<int>({ 1, 5, 20 })[k]);
            QVERIFY(std::abs(cells[5].toDouble() - mean) < 1e-8);
            QVERIFY(std::abs(cells[6].toDouble() - std::sqrt(ss / 9)) < 1e-8);
            // t_{0.975, 9} = 2.262157
            QVERIFY(std::abs(cells[8].toDouble() - mean - 2.262157 * std::sqrt(ss / 9) / std::sqrt(10.0)) < 1e-5);
            means[k] = mean;
        }
        QVERIFY2(means[0] > 0.25 + 0.05 && means[2] > means[0] + 0.05,
            qPrintable(QString("%1 %2 %3").arg(means[0]).arg(means[1]).arg(means[2])));
        // The random-init floor is the last block, below the trained trunk at k = 20.
        QVERIFY(lines[9].startsWith("held (random init)"));
        QVERIFY(lines[9].split(',')[5].toDouble() < means[2]);

        // Two threads: the same table, bit for bit.
        const QString csv2 = dir.filePath("adapt2.csv");
        QCOMPARE(runCli({ "adapt", held, single, "--task", "task3", "--shots", "1,5,20", "--episodes", "10", "--seed",
                            "4", "--threads", "2", "--csv", csv2, "--no-store" })
                     .code,
            0);
        QCOMPARE(csvLines(csv2), lines);
    }

    void helpAndErrors()
    {
        const Result help = runCli({ "adapt", "--help" });
        QCOMPARE(help.code, 0);
        QVERIFY(help.out.contains("--shots") && help.out.contains("--episodes") && help.out.contains("--l2"));

        QTemporaryDir dir;
        const QString run = dir.filePath("r");
        QCOMPARE(
            runCli({ "run", writeFile(dir, "r.json", experiment("r", "1, 1, 0")), "--out", run, "--quiet" }).code, 0);
        Result bad = runCli({ "adapt", run, "--task", "colour" });
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains(run + ": --task: the run has no task 'colour' (its tasks: task1, task2, task3)"),
            qPrintable(bad.err));
        bad = runCli({ "adapt", run, "--task", "task3", "--shots", "1,5000" });
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains("shots: 5000 per class, but class"), qPrintable(bad.err));
        QCOMPARE(runCli({ "adapt", run, "--task", "task3", "--episodes", "1" }).code, 2);
        QCOMPARE(runCli({ "adapt", run, "--task", "task3", "--l2", "0" }).code, 2);
        QVERIFY(!QFile::exists(run + "/adaptation.json")); // nothing stored after an error

        const QString regression = dir.filePath("reg");
        QCOMPARE(runCli({ "run", writeFile(dir, "reg.json", experiment("reg", "1, 1, 1", "regression")), "--out",
                            regression, "--quiet" })
                     .code,
            0);
        bad = runCli({ "adapt", regression, "--task", "task1" });
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains("'task1' is a regression task"), qPrintable(bad.err));
    }
};

QTEST_GUILESS_MAIN(TestCliAdapt)
#include "tst_cli_adapt.moc"
