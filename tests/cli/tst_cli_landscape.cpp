// mtw-cli landscape and interpolate on real stored runs (issue 14): a small network run that kept
// its parameter snapshots gives its PCA plane (the surface, its path ending at the plane's centre),
// the plane through three of its points and the line between its start and end, whose ends are
// the run's losses there; runs of another model, a run without snapshots, a bad point and an
// output that cannot be written are refused with the reason and the documented exit code.
#include "cli_test_support.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

using namespace mtw::test;

namespace {

QByteArray experiment(const char* name, int tasks, int parametersEvery)
{
    return QStringLiteral(
        R"({"name": "%1", "problem": {"type": "synthetic_family", "params": {"tasks": %2, "samples": 300,
        "features": 8}}, "model": {"trunk": [8]}, "method": {"name": "ew"},
        "training": {"steps": 120, "batch_size": 32, "threads": 1}, "diagnostics": {"parameters_every": %3}})")
        .arg(QLatin1String(name))
        .arg(tasks)
        .arg(parametersEvery)
        .toUtf8();
}

QList<QStringList> rows(const QString& csv)
{
    QList<QStringList> result;
    for (const QString& line : csv.split('\n', Qt::SkipEmptyParts))
        result.append(line.split(','));
    return result;
}

} // namespace

class TestCliLandscape : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_run, m_other, m_bare;

private slots:
    void initTestCase()
    {
        m_run = m_dir.filePath("run");
        m_other = m_dir.filePath("other");
        m_bare = m_dir.filePath("bare");
        const struct {
            QString directory;
            QByteArray json;
        } runs[] = { { m_run, experiment("run", 2, 40) }, { m_other, experiment("other", 3, 40) },
            { m_bare, experiment("bare", 2, 0) } };
        for (const auto& run : runs) {
            const Result r = runCli({ "run", writeFile(m_dir, run.directory.section('/', -1) + ".json", run.json),
                "--out", run.directory, "--quiet" });
            QVERIFY2(r.code == 0, qPrintable(r.err));
        }
    }

    void pcaPlaneOfTheStoredTrajectory()
    {
        const Result r = runCli({ "landscape", m_run, "--grid", "5" });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QList<QStringList> table = rows(r.out);
        QCOMPARE(table.front(), (QStringList { "kind", "step", "label", "a", "b", "mean", "task1", "task2" }));
        QCOMPARE(
            std::count_if(table.begin(), table.end(), [](const QStringList& row) { return row[0] == "surface"; }), 25);
        QStringList steps;
        for (const QStringList& row : table)
            if (row[0] == "trajectory")
                steps << row[1];
        QCOMPARE(steps, (QStringList { "0", "40", "80", "120" }));
        QCOMPARE(table.back()[3].toDouble(), 0.0); // the last snapshot is the plane's centre
        QCOMPARE(table.back()[4].toDouble(), 0.0);
        QVERIFY2(
            r.err.contains("PCA of 4 trajectory points") && r.err.contains("explained variance"), qPrintable(r.err));
    }

    void planeThroughThreePoints()
    {
        const Result r = runCli({ "landscape", m_run, "--plane", "three-points", "--points",
            m_run + "@start," + m_run + "@40," + m_run, "--grid", "3" });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QStringList labels;
        for (const QStringList& row : rows(r.out))
            if (row[0] == "point")
                labels << row[2];
        QCOMPARE(labels, (QStringList { "run start", "run @40", "run end" }));
    }

    void lineBetweenStartAndEnd()
    {
        const Result r
            = runCli({ "interpolate", m_run + "@start", m_run, "--from", "0", "--to", "1", "--points", "3" });
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QList<QStringList> table = rows(r.out);
        QCOMPARE(table.front(),
            (QStringList { "alpha", "train:task1", "train:task2", "train:mean", "validation:task1", "validation:task2",
                "validation:mean" }));
        QCOMPARE(table.size(), 4);
        QCOMPARE(table[1][0], QStringLiteral("0"));
        QCOMPARE(table[3][0], QStringLiteral("1"));
        // At alpha = 1 the run's own final training losses (summary.json, the same subset).
        QFile summary(m_run + "/summary.json");
        QVERIFY(summary.open(QIODevice::ReadOnly));
        const double final0 = QJsonDocument::fromJson(summary.readAll())["final_losses"]["task1"].toDouble();
        QVERIFY2(std::abs(table[3][1].toDouble() - final0) <= 1e-8 * std::abs(final0), qPrintable(table[3][1]));
        QVERIFY2(r.err.contains("run start (parameter snapshot, step 0) -> run end (parameter snapshot, step 120)"),
            qPrintable(r.err));
        QVERIFY(r.err.contains("barrier of the mean training loss"));
    }

    void refusalsSayWhy()
    {
        Result r = runCli({ "interpolate", m_run, m_other });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("train different models (problem.params.tasks: 2 and 3)"), qPrintable(r.err));
        r = runCli({ "landscape", m_bare });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("the PCA plane needs at least 3 stored parameter snapshots and the run has 0"),
            qPrintable(r.err));
        r = runCli({ "interpolate", m_run + "@77", m_run });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("stores no parameters after 77 steps"), qPrintable(r.err));
        r = runCli({ "interpolate", m_run + "@soon", m_run });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("after '@' comes start, end or a step, not 'soon'"), qPrintable(r.err));
        r = runCli({ "interpolate", m_run + "@start", m_run, "--out", "/proc/mtw-cannot-write.csv" });
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("cannot write '/proc/mtw-cannot-write.csv'"), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCliLandscape)
#include "tst_cli_landscape.moc"
