// Run > Classical linear MTL (gui/linear_mtl_dialog.h): the menu entry opens the dialog; a run on
// the worker thread draws one log-scale curve of F(W) - F* per solver, whose points are the
// comparison recomputed here (x: simulated time, worked out by hand without jitter, or iterations);
// the table, the PNG / SVG / PDF / CSV exports, bad options named in the status line, and closing
// the dialog while it computes.
#include "classical/linear_mtl_comparison.h"
#include "export_checks.h"
#include "gui/charts/chart_panel.h"
#include "gui/linear_mtl_dialog.h"
#include "gui/main_window.h"
#include "gui_test_support.h"

#include <QAction>
#include <QElapsedTimer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace mtw;

namespace {

// Small and fast: T 6, d 10, n 15, rank 2, 60 iterations, no jitter, one node 3x slower.
classical::LinearMtlOptions smallOptions()
{
    classical::LinearMtlOptions o;
    o.data.tasks = 6;
    o.data.features = 10;
    o.data.samples = 15;
    o.data.rank = 2;
    o.iterations = 60;
    o.timing.jitter = 0;
    o.timing.straggler = 3;
    return o;
}

} // namespace

class TestLinearMtlDialog : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { test::useTemporarySettings(m_settings.path()); }

    void menuEntryOpensTheDialog()
    {
        gui::MainWindow window;
        QAction* action = window.action("actionLinearMtl");
        QVERIFY(action);
        action->trigger();
        auto* dialog = window.findChild<gui::LinearMtlDialog*>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        action->trigger(); // one dialog, raised again
        QCOMPARE(window.findChildren<gui::LinearMtlDialog*>().size(), 1);
    }

    void runsDrawsAndExports()
    {
        gui::LinearMtlDialog dialog;
        dialog.resize(1300, 800);
        dialog.show();
        QString error;
        QTemporaryDir dir;
        QVERIFY(!dialog.exportCsv(dir.filePath("early.csv"), &error) && error.contains("Run"));
        dialog.setOptions(smallOptions());
        QCOMPARE(*dialog.options().lambda, 0.5); // the trace norm's default
        QSignalSpy ready(&dialog, &gui::LinearMtlDialog::comparisonReady);
        QVERIFY(dialog.run());
        QVERIFY(!dialog.runButton()->isEnabled());
        QCOMPARE(dialog.options().async.delays, classical::DelayModel::Drawn);
        QVERIFY(ready.wait(60000));
        QVERIFY(dialog.runButton()->isEnabled());

        // The comparison recomputed here is the one shown.
        const classical::LinearMtlComparison expected = classical::compareLinearMtlSolvers(smallOptions());
        QVERIFY(dialog.comparison());
        QCOMPARE(classical::curvesCsv(*dialog.comparison()), classical::curvesCsv(expected));
        gui::ChartPanel* chart = dialog.chart();
        QVERIFY(chart->isLogY());
        QCOMPARE(chart->seriesCount(), 3);
        QCOMPARE(chart->seriesName(0), QStringLiteral("ISTA (sync)"));
        QCOMPARE(chart->seriesName(2), QStringLiteral("AMTL (async, \u03c4 = 5)"));
        const double floor = expected.floorObjective();
        const std::vector<classical::TracePoint>& ista = expected.solvers[0].run.trace;
        QVector<QPointF> points = chart->seriesPoints(0);
        QVERIFY(points.size() > 10);
        QCOMPARE(points[0], QPointF(0, ista[0].objective - floor));
        // Without jitter a synchronous iteration waits for the straggler: iteration k at 3k.
        QCOMPARE(points[5].x(), 15.0);
        QVERIFY(chart->axisTitleX().contains("time"));
        for (int s = 0; s < 3; ++s)
            for (const QPointF& p : chart->seriesPoints(s))
                QVERIFY(p.y() > 0);
        dialog.setXAxis(gui::LinearMtlDialog::XAxis::Iteration);
        QVERIFY(chart->axisTitleX().contains("iteration"));
        points = chart->seriesPoints(0);
        QCOMPARE(points[5].x(), 5.0);
        QCOMPARE(points[5].y(), ista[5].objective - floor);

        QTableWidget* table = dialog.table();
        QCOMPARE(table->rowCount(), 3);
        QCOMPARE(table->item(0, 7)->text(), QStringLiteral("180")); // 60 iterations x 3
        QCOMPARE(table->item(2, 0)->text(), QStringLiteral("AMTL (async, \u03c4 = 5)"));
        QCOMPARE(table->item(0, 6)->text(), QString::number(expected.solvers[0].rank));
        QVERIFY2(dialog.statusText().contains("F* = "), qPrintable(dialog.statusText()));

        for (const char* suffix : { "png", "svg", "pdf" }) {
            const QString path = dir.filePath(QStringLiteral("figure.%1").arg(suffix));
            QVERIFY2(dialog.exportFigure(path, {}, &error), qPrintable(error));
            QVERIFY2(test::exportedFileHasData(path), suffix);
        }
        QFile svg(dir.filePath("figure.svg"));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        const QStringList elided = test::elidedSvgTexts(svg.readAll());
        QVERIFY2(elided.isEmpty(), qPrintable(elided.join(" | ")));
        const QString csvPath = dir.filePath("curves.csv");
        QVERIFY2(dialog.exportCsv(csvPath, &error), qPrintable(error));
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(csv.readAll()), QString::fromStdString(classical::curvesCsv(expected)));
    }

    void clockDelaysOption()
    {
        gui::LinearMtlDialog dialog;
        classical::LinearMtlOptions o = smallOptions();
        o.async.delays = classical::DelayModel::Clock;
        o.solvers = { classical::LinearSolver::Async };
        o.iterations = 20;
        dialog.setOptions(o);
        QCOMPARE(dialog.options().async.delays, classical::DelayModel::Clock);
        QSignalSpy ready(&dialog, &gui::LinearMtlDialog::comparisonReady);
        QVERIFY(dialog.run());
        QVERIFY(ready.wait(60000));
        QCOMPARE(dialog.chart()->seriesCount(), 1);
        QCOMPARE(dialog.chart()->seriesName(0), QStringLiteral("AMTL (async, clock delays, step for \u03c4 = 5)"));
        // Six nodes finish together: 5 behind (straggler x3 finishes later and sees more).
        QCOMPARE(dialog.table()->item(0, 8)->text(),
            QStringLiteral("%1 / %2")
                .arg(dialog.comparison()->solvers[0].run.maxDelay)
                .arg(dialog.comparison()->solvers[0].run.meanDelay, 0, 'g', 3));
        QVERIFY(dialog.comparison()->solvers[0].run.maxDelay > 5);
    }

    void badOptionsNamed()
    {
        gui::LinearMtlDialog dialog;
        QSignalSpy failed(&dialog, &gui::LinearMtlDialog::failed);
        classical::LinearMtlOptions o = smallOptions();
        o.data.rank = 8; // > min(d 10, T 6)
        dialog.setOptions(o);
        QVERIFY(!dialog.run());
        QVERIFY(!dialog.isRunning());
        QVERIFY2(dialog.statusText().contains("rank:"), qPrintable(dialog.statusText()));
        QCOMPARE(failed.size(), 1);
        o = smallOptions();
        o.solvers.clear();
        dialog.setOptions(o);
        QVERIFY(!dialog.run());
        QVERIFY2(dialog.statusText().contains("solver:"), qPrintable(dialog.statusText()));
    }

    void closingWhileComputing()
    {
        // A comparison of minutes (the default problem, a million iterations): closing stops it
        // at the next iteration instead of waiting for it.
        auto dialog = std::make_unique<gui::LinearMtlDialog>();
        classical::LinearMtlOptions o;
        o.iterations = 1000000;
        dialog->setOptions(o);
        QVERIFY(dialog->run());
        QVERIFY(dialog->isRunning());
        QTest::qWait(100);
        QElapsedTimer clock;
        clock.start();
        dialog.reset();
        QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
        QTest::qWait(50);
    }

private:
    QTemporaryDir m_settings;
};

QTEST_MAIN(TestLinearMtlDialog)
#include "tst_linear_mtl_dialog.moc"
