// `mtw-cli pairs` end to end (Ni et al. 2023, seed papers 3.20): the located errors (runs not
// stored, a bad seed list, an unknown split), --train's runs under the root, one entry of the
// loss, metric and relative matrices recomputed from the stored runs' own evaluations (mean and
// sample std over two seeds), and reuse on a second call.
#include "cli_test_support.h"

#include <QDir>
#include <cmath>

using namespace mtw::test;

namespace {

const QByteArray experiment = R"({"name": "pt", "problem": {"type": "synthetic_family",
  "params": {"tasks": 3, "samples": 300, "features": 8}}, "model": {"trunk": [8]},
  "training": {"steps": 40, "batch_size": 32, "threads": 1}, "evaluation": {"every": 20}})";

// Task `task`'s final test loss or metric in a stored run.
double finalTest(const QString& run, int task, const char* column)
{
    const QString sql
        = QStringLiteral("SELECT %1 FROM evaluations WHERE split = 'test' AND task = %2 ORDER BY step DESC LIMIT 1")
              .arg(QLatin1String(column))
              .arg(task);
    return exactDouble(run + "/run.sqlite", sql.toUtf8().constData());
}

// The CSV line of the ordered pair (i, j).
QStringList csvLine(const QString& path, int i, int j)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QString prefix = QStringLiteral("%1,%2,").arg(i).arg(j);
    for (const QString& line : QString::fromUtf8(file.readAll()).split('\n'))
        if (line.startsWith(prefix))
            return line.split(',');
    return {};
}

bool near(double a, double b)
{
    return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b));
}

} // namespace

class TestCliPairs : public QObject {
    Q_OBJECT
private slots:
    void trainsAndComputesTheMatrix()
    {
        QTemporaryDir dir;
        const QString file = writeFile(dir, "pt.json", experiment);
        const QString root = dir.filePath("runs");
        // Nothing stored: every run is named, and the command that trains them.
        const Result missing = runCli({ "pairs", file, "--seeds", "3,5", "--root", root });
        QCOMPARE(missing.code, 2);
        QVERIFY2(missing.err.contains("12 of the 12 runs") && missing.err.contains(root + "/pt-group-task1+task3-s5")
                && missing.err.contains("--seeds 3,5 --root " + root + " --train"),
            qPrintable(missing.err));

        const QString csv = dir.filePath("loss.csv");
        const Result trained = runCli(
            { "pairs", file, "--seeds", "3,5", "--root", root, "--train", "--quiet", "--csv", csv }, {}, 240000);
        QVERIFY2(trained.code == 0, qPrintable(trained.err + trained.out));
        QVERIFY(QDir(root + "/pt-st-task2-s3").exists() && QDir(root + "/pt-group-task2+task3-s5").exists());
        QVERIFY2(trained.out.contains("Runs: 12 (3 alone and 3 pairs per seed)"), qPrintable(trained.out));

        // gain[task2][task3] (row 1, column 2) recomputed from the runs' final test evaluations.
        const int i = 1, j = 2;
        double loss[2], metric[2], relative[2];
        const char* seeds[2] = { "3", "5" };
        for (int s = 0; s < 2; ++s) {
            const QString alone = root + "/pt-st-task2-s" + seeds[s];
            const QString pair = root + "/pt-group-task2+task3-s" + seeds[s];
            loss[s] = finalTest(alone, i, "loss") - finalTest(pair, i, "loss");
            // MSE: lower is better, so the gain is alone - with.
            metric[s] = finalTest(alone, i, "metric") - finalTest(pair, i, "metric");
            relative[s] = 100.0 * metric[s] / std::abs(finalTest(alone, i, "metric"));
            QVERIFY(std::isfinite(loss[s]) && loss[s] != 0);
        }
        const auto check = [&](const QString& path, const double* values) {
            const QStringList cells = csvLine(path, i, j);
            QCOMPARE(cells.size(), 10);
            QCOMPARE(cells[2], QStringLiteral("task2"));
            QCOMPARE(cells[3], QStringLiteral("task3"));
            const double mean = (values[0] + values[1]) / 2;
            const double std = std::abs(values[0] - values[1]) / std::sqrt(2.0); // n - 1 = 1
            QVERIFY2(near(cells[5].toDouble(), mean), qPrintable(cells.join(',') + " vs " + QString::number(mean)));
            QVERIFY2(near(cells[6].toDouble(), std), qPrintable(cells.join(',') + " vs " + QString::number(std)));
            QCOMPARE(cells[7], QStringLiteral("2"));
            QVERIFY(near(cells[8].toDouble(), values[0]) && near(cells[9].toDouble(), values[1]));
        };
        check(csv, loss);
        QVERIFY(csvLine(csv, 0, 0).isEmpty()); // the diagonal is undefined: no line

        // A second call reads the stored runs, training nothing, for the other quantities.
        const QString metricCsv = dir.filePath("metric.csv");
        const Result again = runCli(
            { "pairs", file, "--seeds", "3,5", "--root", root, "--train", "--quantity", "metric", "--csv", metricCsv });
        QVERIFY2(again.code == 0, qPrintable(again.err));
        QVERIFY2(
            !again.out.contains("status:") && again.out.count("reusing the finished run") == 12, qPrintable(again.out));
        check(metricCsv, metric);
        const QString relativeCsv = dir.filePath("relative.csv");
        QCOMPARE(
            runCli({ "pairs", file, "--seeds", "3,5", "--root", root, "--quantity", "relative", "--csv", relativeCsv })
                .code,
            0);
        check(relativeCsv, relative);
    }

    void badInputIsLocated()
    {
        QTemporaryDir dir;
        const QString file = writeFile(dir, "pt.json", experiment);
        const Result seeds = runCli({ "pairs", file, "--seeds", "1,x" });
        QCOMPARE(seeds.code, 2);
        QVERIFY2(seeds.err.contains("--seeds: \"x\""), qPrintable(seeds.err));
        const Result twice = runCli({ "pairs", file, "--seeds", "1,1" });
        QCOMPARE(twice.code, 2);
        QVERIFY2(twice.err.contains("listed twice"), qPrintable(twice.err));
        const Result split = runCli({ "pairs", file, "--split", "tset" });
        QCOMPARE(split.code, 2);
        QVERIFY2(split.err.contains("--split") && split.err.contains("tset"), qPrintable(split.err));
        const Result none = runCli({ "pairs", dir.filePath("nowhere.json") });
        QCOMPARE(none.code, 2);
        QVERIFY2(none.err.contains("nowhere.json"), qPrintable(none.err));
    }
};

QTEST_GUILESS_MAIN(TestCliPairs)
#include "tst_cli_pairs.moc"
