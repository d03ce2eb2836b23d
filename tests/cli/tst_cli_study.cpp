// `mtw-cli study` end to end (issue 12): six runs made with `mtw-cli run` (2 methods x 3 seeds),
// the quantity list, the printed table, --json against the points recomputed here, --csv against
// the run databases, and the errors (unknown name with close matches, a folder without runs).
#include "cli_test_support.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>

using namespace mtw::test;

namespace {

double pearsonOf(const QVector<double>& x, const QVector<double>& y)
{
    double mx = 0, my = 0;
    for (int i = 0; i < x.size(); ++i) {
        mx += x[i] / x.size();
        my += y[i] / y.size();
    }
    double sxy = 0, sxx = 0, syy = 0;
    for (int i = 0; i < x.size(); ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxy / std::sqrt(sxx * syy);
}

} // namespace

class TestCliStudy : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_root;

private slots:
    void initTestCase()
    {
        m_root = m_dir.filePath("runs");
        for (const QString method : { "ew", "mgda" }) {
            // (the method is put in with replace(): a raw string split around it confuses moc)
            const QByteArray experiment = QByteArray(R"({"name": "syn", "problem": {"type": "synthetic_family",
                "params": {"tasks": 2, "samples": 300}}, "model": {"trunk": [8]}, "method": {"name": "METHOD"},
                "training": {"steps": 30, "batch_size": 32, "threads": 1}, "evaluation": {"every": 10},
                "diagnostics": {"matrix_every": 5}})")
                                              .replace("METHOD", method.toUtf8());
            const QString file = writeFile(m_dir, method + ".json", experiment);
            for (int seed = 1; seed <= 3; ++seed) {
                const Result run = runCli({ "run", file, "--out", QString("%1/%2-%3").arg(m_root, method).arg(seed),
                    "--seed", QString::number(seed), "--quiet" });
                QCOMPARE(run.code, 0);
            }
        }
    }

    void listNamesTheQuantities()
    {
        const Result list = runCli({ "study", m_root, "--list" });
        QCOMPARE(list.code, 0);
        QVERIFY2(list.out.startsWith("6 runs"), qPrintable(list.out));
        for (const char* name : { "training.seed", "method.name", "final.loss.mean", "series.conflict_fraction.mean",
                 "series.cosine_mean.tail10", "series.weight_entropy.last", "series.extra.min_norm_squared.mean",
                 "status" })
            QVERIFY2(list.out.contains(QString("\n  ") + name + " "), name);
        QVERIFY(list.out.contains(QRegularExpression("series.extra.min_norm_squared.mean +number 3 ")));
        QVERIFY(!list.out.contains("transfer.delta_m")); // no baselines among these runs
    }

    void tableGroupsByMethod()
    {
        const Result study
            = runCli({ "study", m_root, "--x", "training.seed", "--y", "final.loss.mean", "--group-by", "method" });
        QCOMPARE(study.code, 0);
        QVERIFY2(study.out.contains("y = final.loss.mean against x = training.seed, 6 runs (0 skipped)"),
            qPrintable(study.out));
        QVERIFY(study.out.contains(QRegularExpression("\n  ew +3 ")));
        QVERIFY(study.out.contains(QRegularExpression("\n  mgda +3 ")));
        QVERIFY(study.out.contains(QRegularExpression("\n  all +6 +-?[0-9.]+ +\\[-?[0-9.]+, -?[0-9.]+\\]")));
        // The same seed prints the same numbers.
        QCOMPARE(
            runCli({ "study", m_root, "--x", "training.seed", "--y", "final.loss.mean", "--group-by", "method" }).out,
            study.out);
    }

    void jsonAndCsvCarryThePoints()
    {
        const QString csvPath = m_dir.filePath("points.csv");
        const Result study = runCli({ "study", m_root, "--x", "series.conflict_fraction.mean", "--y", "final.loss.mean",
            "--json", "--csv", csvPath, "--bootstrap", "300", "--seed", "5" });
        QCOMPARE(study.code, 0);
        const QJsonObject result = QJsonDocument::fromJson(study.out.toUtf8()).object();
        QCOMPARE(result["bootstrap"].toObject()["resamples"].toInt(), 300);
        const QJsonArray points = result["points"].toArray();
        QCOMPARE(points.size(), 6);
        QVector<double> x, y;
        for (const QJsonValue& p : points) {
            const QString run = p.toObject()["run"].toString();
            x << p.toObject()["x"].toDouble();
            y << p.toObject()["y"].toDouble();
            const QString db = run + "/run.sqlite";
            QVERIFY(std::abs(x.back() - exactDouble(db, "SELECT AVG(conflict_fraction) FROM steps")) < 1e-12);
            QVERIFY(std::abs(y.back()
                        - exactDouble(
                            db, "SELECT AVG(loss) FROM task_steps WHERE step = (SELECT MAX(step) FROM task_steps)"))
                < 1e-12);
        }
        const QJsonObject overall = result["overall"].toObject();
        QCOMPARE(overall["n"].toInt(), 6);
        const double r = overall["pearson"].toObject()["value"].toDouble();
        QVERIFY2(std::abs(r - pearsonOf(x, y)) < 1e-12, qPrintable(QString::number(r)));
        QVERIFY(overall["pearson"].toObject()["low"].toDouble() <= r);

        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 7);
        QCOMPARE(lines[0], QByteArray("run,series.conflict_fraction.mean,final.loss.mean,group"));
        const QList<QByteArray> first = lines[1].split(',');
        QCOMPARE(first[0], points[0].toObject()["run"].toString().toUtf8());
        QCOMPARE(first[2].toDouble(), y[0]);
    }

    // `mtw-cli notes` tags runs; the study groups by the tags.
    void notesTagRunsAndTheStudyGroupsByThem()
    {
        const QString ew1 = m_root + "/ew-1", mgda1 = m_root + "/mgda-1";
        const Result tagged = runCli({ "notes", ew1, mgda1, "--tag", "first-seed", "--note", "seed 1 of each" });
        QCOMPARE(tagged.code, 0);
        QVERIFY2(tagged.out.contains("tags: first-seed") && tagged.out.contains("note: seed 1 of each"),
            qPrintable(tagged.out));
        const Result shown = runCli({ "notes", ew1 });
        QVERIFY(shown.out.contains("first-seed"));
        const Result grouped
            = runCli({ "study", m_root, "--x", "training.seed", "--y", "final.loss.mean", "--group-by", "tags" });
        QCOMPARE(grouped.code, 0);
        QVERIFY2(grouped.out.contains("first-seed"), qPrintable(grouped.out));
        QCOMPARE(runCli({ "notes", ew1, "--untag", "first-seed", "--note", "" }).code, 0);
        QCOMPARE(runCli({ "notes", mgda1, "--untag", "first-seed" }).code, 0);
        QVERIFY(runCli({ "notes", ew1 }).out.contains("tags: (none)"));
        const Result bad = runCli({ "notes", m_dir.filePath("nothing"), "--tag", "x" });
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains("not a run directory"), qPrintable(bad.err));
    }

    void errorsNameTheProblem()
    {
        const Result unknown = runCli({ "study", m_root, "--x", "training.seed", "--y", "final.los.mean" });
        QCOMPARE(unknown.code, 2);
        QVERIFY2(unknown.err.contains("unknown quantity 'final.los.mean'") && unknown.err.contains("final.loss.mean"),
            qPrintable(unknown.err));
        QDir().mkpath(m_dir.filePath("nothing/here"));
        const Result empty = runCli({ "study", m_dir.filePath("nothing"), "--list" });
        QCOMPARE(empty.code, 2);
        QVERIFY2(empty.err.contains("holds no run directory"), qPrintable(empty.err));
        const Result text = runCli({ "study", m_root, "--x", "method.name", "--y", "final.loss.mean" });
        QCOMPARE(text.code, 2);
        QVERIFY(text.err.contains("is text"));
        QCOMPARE(runCli({ "study", m_root, "--x", "training.seed" }).code, 2);
        // An MGDA extra is missing from the EW runs: they are listed as skipped.
        const Result skipped
            = runCli({ "study", m_root, "--x", "series.extra.min_norm_squared.tail20", "--y", "final.loss.mean" });
        QCOMPARE(skipped.code, 0);
        QCOMPARE(skipped.out.count("skipped " + m_root), 3);
        QVERIFY(skipped.out.contains("3 runs (3 skipped)"));
    }
};

QTEST_GUILESS_MAIN(TestCliStudy)
#include "tst_cli_study.moc"
