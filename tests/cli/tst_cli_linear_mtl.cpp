// `mtw-cli linear-mtl` end to end (classical linear MTL, Zhang & Yang 2021; AMTL, Baytas et al.
// 2016): the curves CSV against the same comparison run in this process, the summary table's
// numbers against that CSV, the simulated time of a synchronous run worked out by hand, a single
// solver, l2,1, and bad options rejected with the option's name.
#include "classical/linear_mtl_comparison.h"
#include "cli_test_support.h"
#include "common/compare.h"

#include <QRegularExpression>

using namespace mtw::test;

namespace {

const QStringList small = { "linear-mtl", "--tasks", "6", "--features", "10", "--samples", "15", "--rank", "2",
    "--iterations", "60", "--jitter", "0", "--straggler", "3" };

// The table row of a solver: its whitespace-separated cells.
QStringList tableRow(const QString& out, const QString& solver)
{
    for (const QString& line : out.split('\n'))
        if (line.startsWith(solver + " "))
            return line.split(QRegularExpression("\\s+"), Qt::SkipEmptyParts);
    return {};
}

} // namespace

class TestCliLinearMtl : public QObject {
    Q_OBJECT
private slots:
    void comparesTheSolvers()
    {
        QTemporaryDir dir;
        const QString csvPath = dir.filePath("curves.csv");
        const Result result = runCli(small + QStringList { "--csv", csvPath });
        QVERIFY2(result.code == 0, qPrintable(result.err));
        // The same comparison in this process: the CSV must be its curves, digit for digit.
        mtw::classical::LinearMtlOptions options;
        options.data.tasks = 6;
        options.data.features = 10;
        options.data.samples = 15;
        options.data.rank = 2;
        options.iterations = 60;
        options.timing.jitter = 0;
        options.timing.straggler = 3;
        const mtw::classical::LinearMtlComparison expected = mtw::classical::compareLinearMtlSolvers(options);
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(csv.readAll()), QString::fromStdString(mtw::classical::curvesCsv(expected)));
        // One row per solver; without jitter a synchronous iteration waits for the straggler: 60 x 3.
        for (const mtw::classical::SolverSummary& s : expected.solvers) {
            const QStringList row = tableRow(result.out, QString::fromStdString(s.run.solver));
            QVERIFY2(row.size() == 9, qPrintable(result.out));
            QVERIFY(closeTo(row[2].toDouble(), s.objective, 1e-11, 0));
            QVERIFY(closeTo(row[4].toDouble(), s.residual, 5e-3, 1e-15));
            QVERIFY(closeTo(row[5].toDouble(), s.recoveryError, 1e-3, 0));
            QCOMPARE(row[6].toInt(), s.rank);
        }
        QCOMPARE(tableRow(result.out, "ista")[7], QString("180"));
        QCOMPARE(tableRow(result.out, "fista")[7], QString("180"));
        // Async runs until the same simulated time, with staleness within --max-delay 5.
        const QStringList async = tableRow(result.out, "async");
        QVERIFY(async[7].toDouble() >= 180);
        QVERIFY(async[8].startsWith("5/") || async[8].startsWith("4/"));
        QVERIFY2(result.out.contains("F* = "), qPrintable(result.out));
    }

    void oneSolverAndL21()
    {
        const Result result = runCli({ "linear-mtl", "--regularizer", "l21", "--rows", "3", "--tasks", "5",
            "--features", "12", "--samples", "20", "--solver", "async", "--max-delay", "0", "--iterations", "40" });
        QVERIFY2(result.code == 0, qPrintable(result.err));
        QVERIFY(result.out.contains("l2,1 norm, lambda 0.2"));
        QVERIFY(result.out.contains("3 non-zero rows"));
        QVERIFY(tableRow(result.out, "ista").isEmpty());
        const QStringList async = tableRow(result.out, "async");
        QCOMPARE(async.value(1), QString("40")); // alone: --iterations epochs
        QCOMPARE(async.value(8), QString("0/0"));
        QVERIFY(result.out.contains(QRegularExpression("\\s+rows\\s+sim.time")));
    }

    void clockDelays()
    {
        // Six identical nodes without jitter: every update but the first five is 5 behind.
        const Result result = runCli({ "linear-mtl", "--tasks", "6", "--features", "10", "--samples", "15", "--rank",
            "2", "--solver", "async", "--delays", "clock", "--jitter", "0", "--iterations", "20" });
        QVERIFY2(result.code == 0, qPrintable(result.err));
        QVERIFY(result.out.contains("async: clock delays, max delay 5"));
        QCOMPARE(tableRow(result.out, "async").value(8), QString("5/4.88"));
    }

    void badOptionsNamed_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("option");
        QTest::newRow("lambda") << QStringList { "--lambda", "-1" } << "--lambda";
        QTest::newRow("rank") << QStringList { "--tasks", "4", "--rank", "5" } << "--rank";
        QTest::newRow("straggler") << QStringList { "--straggler", "0.5" } << "--straggler";
        QTest::newRow("max-delay") << QStringList { "--max-delay", "-1" } << "--max-delay";
        QTest::newRow("iterations") << QStringList { "--iterations", "0" } << "--iterations";
        QTest::newRow("solver") << QStringList { "--solver", "adam" } << "--solver";
        QTest::newRow("regularizer") << QStringList { "--regularizer", "l1" } << "--regularizer";
        QTest::newRow("delays") << QStringList { "--delays", "random" } << "--delays";
    }
    void badOptionsNamed()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, option);
        const Result result = runCli(QStringList { "linear-mtl" } + arguments);
        QCOMPARE(result.code, 2);
        QVERIFY2(result.err.contains(option), qPrintable(result.err));
    }
};

QTEST_GUILESS_MAIN(TestCliLinearMtl)
#include "tst_cli_linear_mtl.moc"
