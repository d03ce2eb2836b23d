// `mtw-cli conflict` end to end (Roy et al. 2024, FairBranch): a synthetic-family run with a
// two-layer trunk stores one cosine matrix per trunk layer and the heads' CKA at every matrix
// step; the report names the layers as the test derives them from the architecture, its means
// and its first box equal what the test computes from the exported matrices, the CSV holds every
// pair of every matrix (the whole-network cosines as stored), the grouping follows tau, and bad
// requests are located errors. Two threads store the same bits. An analytic run has no layers
// and no CKA.
#include "cli_test_support.h"

#include <QRegularExpression>
#include <algorithm>
#include <numbers>
#include <numeric>

using namespace mtw::test;

namespace {

// 4 tasks, 5 features -> trunk 12 -> 7, heads with a hidden layer of 6; 10 steps per epoch
// (200 samples, 80 % train, batch 16) and a matrix every 5 steps.
const QByteArray experiment = R"({"name": "layers", "problem": {"type": "synthetic_family",
  "params": {"tasks": 4, "samples": 200, "features": 5, "hidden": 4, "kind": "classification", "classes": 3}},
  "model": {"trunk": [12, 7], "head_hidden": [6]}, "method": {"name": "ew"},
  "training": {"steps": 60, "batch_size": 16, "threads": 1, "seed": 3},
  "evaluation": {"every": 0}, "diagnostics": {"record_every": 1, "matrix_every": 5}})";

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

} // namespace

class TestCliConflict : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_run = m_dir.filePath("run");
        const Result ran = runCli({ "run", writeFile(m_dir, "layers.json", experiment), "--out", m_run, "--quiet" });
        QVERIFY2(ran.code == 0, qPrintable(ran.err));
    }

    void reportsEveryLayerAsComputedHere()
    {
        const QString csv = m_dir.filePath("matrices.csv");
        const Result report = runCli({ "conflict", m_run, "--csv", csv });
        QVERIFY2(report.code == 0, qPrintable(report.err));
        // Linear(5, 12): 72 parameters; Linear(12, 7): 91.
        const QStringList kinds { "cosine", "cosine@L1 Linear 72", "cosine@L2 Linear 91", "cka" };
        QVERIFY2(report.out.contains("4 tasks, 13 matrices, steps 0 to 59"), qPrintable(report.out));
        const QList<QStringList> rows = csvRows(csv);
        QCOMPARE(rows.front(), QStringList({ "kind", "step", "epoch", "task_i", "task_j", "value" }));
        QCOMPARE(rows.size(), 1 + 4 * 13 * 6); // kinds x matrices x pairs
        QMap<QString, std::vector<double>> values;
        std::vector<double> firstEpochAngles;
        for (qsizetype r = 1; r < rows.size(); ++r) {
            const QStringList& row = rows[r];
            QVERIFY2(kinds.contains(row[0]), qPrintable(row.join(',')));
            values[row[0]].push_back(row[5].toDouble());
            // Steps 0 and 5 are in epoch 1 (10 steps an epoch).
            QCOMPARE(row[2].toInt(), row[1].toInt() / 10 + 1);
            if (row[0] == "cosine" && row[2] == "1")
                firstEpochAngles.push_back(std::acos(row[5].toDouble()) * 180 / std::numbers::pi);
        }
        // The whole-network cosines are the stored ones.
        QCOMPARE(values["cosine"].front(),
            exactDouble(m_run + "/run.sqlite",
                "SELECT json_extract(data, '$[1]') FROM matrices WHERE step = 0 AND "
                "kind = 'cosine'"));
        for (const QString& kind : kinds.mid(0, 3)) {
            const std::vector<double>& v = values[kind];
            double mean = 0;
            for (double x : v)
                mean += x / static_cast<double>(v.size());
            const QString title = kind == "cosine" ? "all shared layers" : kind.mid(7);
            const QRegularExpression line("\\n" + QRegularExpression::escape(title) + " +(-?[0-9.]+) ");
            const QRegularExpressionMatch match = line.match(report.out);
            QVERIFY2(match.hasMatch(), qPrintable(title + " in\n" + report.out));
            QVERIFY2(std::abs(match.captured(1).toDouble() - mean) < 6e-4, qPrintable(title));
        }
        // Studies read the same per layer: series.layer_cosine_mean.L2.mean and series.cka_mean.mean.
        const QString study = m_dir.filePath("study.csv");
        const Result studied = runCli(
            { "study", m_run, "--x", "training.seed", "--y", "series.layer_cosine_mean.L2.mean", "--csv", study });
        QVERIFY2(studied.code == 0, qPrintable(studied.err));
        const std::vector<double>& l2 = values["cosine@L2 Linear 91"];
        QVERIFY(std::abs(csvRows(study).at(1).at(2).toDouble()
                    - std::accumulate(l2.begin(), l2.end(), 0.0) / static_cast<double>(l2.size()))
            < 1e-12);
        const Result list = runCli({ "study", m_run, "--list" });
        QVERIFY2(list.out.contains("series.cka_mean.mean") && list.out.contains("series.layer_cosine_mean.L1.mean"),
            qPrintable(list.out));
        // The CKA is a similarity in [0, 1], 1 on the diagonal.
        for (double x : values["cka"])
            QVERIFY(x >= -1e-9 && x <= 1 + 1e-9);
        // Epoch 1's box: 2 matrices x 6 pairs, its median as computed here.
        QCOMPARE(firstEpochAngles.size(), std::size_t(12));
        const QRegularExpression box("\\n +1 +12 +[0-9.]+ +[0-9.]+ +([0-9.]+) ");
        const QRegularExpressionMatch boxMatch = box.match(report.out);
        QVERIFY2(boxMatch.hasMatch(), qPrintable(report.out));
        QVERIFY(std::abs(boxMatch.captured(1).toDouble() - median(firstEpochAngles)) < 0.051);
    }

    void layerMatricesAreTheSameBitsOnTwoThreads()
    {
        QByteArray twoThreads = experiment;
        twoThreads.replace("\"threads\": 1", "\"threads\": 2");
        QVERIFY(twoThreads != experiment);
        const QString run = m_dir.filePath("two-threads");
        const Result ran = runCli({ "run", writeFile(m_dir, "two.json", twoThreads), "--out", run, "--quiet" });
        QVERIFY2(ran.code == 0, qPrintable(ran.err));
        const char* all = "SELECT step, kind, data FROM matrices ORDER BY step, kind";
        QCOMPARE(countRows(run + "/run.sqlite", "SELECT COUNT(*) FROM matrices"), 4LL * 13);
        QCOMPARE(exactRows(run + "/run.sqlite", all), exactRows(m_run + "/run.sqlite", all));
    }

    void groupsFollowTheThreshold()
    {
        const Result all = runCli({ "conflict", m_run, "--tau", "0" });
        QVERIFY2(all.out.contains("FairBranch groups at tau 0.00: {task1, task2, task3, task4}"), qPrintable(all.out));
        const Result none = runCli({ "conflict", m_run, "--tau", "1" });
        QVERIFY2(none.out.contains("{task1} {task2} {task3} {task4}"), qPrintable(none.out));
    }

    void boxesOfOneLayerAndTheirCsv()
    {
        const QString boxes = m_dir.filePath("boxes.csv");
        const Result report = runCli({ "conflict", m_run, "--layer", "L2", "--boxes-csv", boxes, "--max-boxes", "3" });
        QVERIFY2(report.code == 0, qPrintable(report.err));
        QVERIFY2(report.out.contains("conflict angles per epoch, L2 Linear 91"), qPrintable(report.out));
        const QList<QStringList> rows = csvRows(boxes);
        QCOMPARE(rows.front().first(), QString("kind"));
        QCOMPARE(rows.size(), 1 + 3 * 3); // three layers' boxes, 6 epochs in spans of 2
        QCOMPARE(rows[1].mid(0, 4), QStringList({ "cosine", "1", "2", "24" }));
    }

    void badRequestsAreLocated()
    {
        const Result layer = runCli({ "conflict", m_run, "--layer", "L9" });
        QCOMPARE(layer.code, 2);
        QVERIFY2(layer.err.contains("--layer 'L9'") && layer.err.contains("'L1 Linear 72'"), qPrintable(layer.err));
        const Result missing = runCli({ "conflict", m_dir.filePath("nothing") });
        QCOMPARE(missing.code, 2);
        QVERIFY(missing.err.contains("nothing"));
    }

    void analyticRunsHaveNoLayers()
    {
        const QByteArray toy = R"({"name": "toy", "problem": {"type": "cagrad_toy"}, "method": {"name": "mgda"},
          "training": {"steps": 30}, "diagnostics": {"record_every": 1, "matrix_every": 10}})";
        const QString run = m_dir.filePath("toy");
        QVERIFY(runCli({ "run", writeFile(m_dir, "toy.json", toy), "--out", run, "--quiet" }).code == 0);
        const Result report = runCli({ "conflict", run });
        QVERIFY2(report.code == 0, qPrintable(report.err));
        QVERIFY(report.out.contains("all shared layers"));
        QVERIFY(!report.out.contains("L1 "));
        QVERIFY(!report.out.contains("CKA"));
    }

private:
    QTemporaryDir m_dir;
    QString m_run;
};

QTEST_MAIN(TestCliConflict)
#include "tst_cli_conflict.moc"
