// Losses, Weights & norms and Conflict views on synthetic runs with known numbers: what the
// charts draw, the heatmap's cell colours, the scrubber, and every export format.
#include "gui/charts/chart_panel.h"
#include "gui/charts/colormap.h"
#include "gui/charts/heatmap_plot.h"
#include "gui/export/csv_table.h"
#include "gui/views/conflict_view.h"
#include "gui/views/losses_view.h"
#include "gui/views/standard_views.h"
#include "gui/views/weights_view.h"
#include "tst_view_support.h"

#include <QFile>
#include <QSlider>
#include <QTemporaryDir>
#include <QTest>

using namespace mtw;

class TestViewCharts : public QObject {
    Q_OBJECT
private slots:
    void standardViewsAreCreated()
    {
        QWidget parent;
        const QList<gui::RunView*> views = gui::createStandardViews(&parent);
        QCOMPARE(views.size(), 8);
        QStringList titles;
        for (gui::RunView* v : views)
            titles << v->title();
        QCOMPARE(titles,
            QStringList({ "Losses", "Weights & norms", "Conflict", "Landscape", "Pareto", "ST vs MT transfer",
                "Factors", "Study" }));
    }

    void lossesDrawTrainAndValidation()
    {
        gui::LossesView view;
        view.resize(900, 700);
        view.setRuns({ test::syntheticRun("run1") });
        view.show();
        gui::ChartPanel* train = view.trainChart();
        QCOMPARE(train->seriesCount(), 3);
        QCOMPARE(train->seriesName(1), QString("taskB"));
        QCOMPARE(train->seriesPoints(1).size(), 1000);
        QCOMPARE(train->seriesPoints(1)[4].y(), test::syntheticLoss(1, 4));
        QCOMPARE(train->axisTitleX(), QString("step"));
        QCOMPARE(view.validationChart()->seriesCount(), 3);
        QCOMPARE(view.validationChart()->seriesPoints(0).size(), 20);
        QCOMPARE(view.validationChart()->seriesPoints(0)[0].y(), 2 * test::syntheticLoss(0, 0));

        view.setValidationMetric(true);
        QCOMPARE(view.validationChart()->seriesPoints(2)[0].y(), 0.502);
        QCOMPARE(view.validationChart()->axisTitleY(), QString("accuracy"));

        // Debiased EMA: the first smoothed value equals the first raw value.
        view.setSmoothing(0.9);
        QCOMPARE(train->seriesCount(), 6); // raw (faint) + smoothed per task
        QCOMPARE(train->seriesPoints(1)[0].y(), test::syntheticLoss(0, 0));
        const double s1 = (0.9 * 0.1 * 10.0 + 0.1 * test::syntheticLoss(0, 1)) / (1 - 0.81);
        QVERIFY(std::abs(train->seriesPoints(1)[1].y() - s1) < 1e-9);

        view.setSmoothing(0);
        view.setLogScale(true);
        QVERIFY(train->isLogY());
        const auto [lo, hi] = train->yRange();
        QVERIFY(lo > 0 && hi >= 30);
    }

    void lossesShowWorstGroupNextToTheMetric()
    {
        // Two evaluations of two tasks; only task 1 reports a worst-group accuracy (0.4, then 0.6).
        auto snapshot = std::make_shared<engine::Snapshot>();
        snapshot->taskNames = { "class", "tops" };
        snapshot->step = snapshot->totalSteps = 20;
        for (long long step : { 10LL, 20LL }) {
            engine::EvaluationRecord e { step, problem::Split::Validation, {} };
            e.tasks.push_back({ 0.5, 0.8, "accuracy", true, {} });
            e.tasks.push_back(
                { 0.2, 0.9, "accuracy", true, { { "worst_group_accuracy", step == 10 ? 0.4 : 0.6, true } } });
            snapshot->evaluations.push_back(e);
        }
        auto run = std::make_shared<gui::RunHistory>("spurious", engine::Experiment {});
        run->append(snapshot);
        gui::LossesView view;
        view.setRuns({ run });
        view.setWorstGroupShown(true);
        gui::ChartPanel* chart = view.validationChart();
        QStringList names;
        for (int k = 0; k < chart->seriesCount(); ++k)
            names << chart->seriesName(k);
        QCOMPARE(names, QStringList({ "class", "tops", "tops (worst group)", "dotted: worst-group accuracy" }));
        QCOMPARE(chart->seriesPoints(2), QVector<QPointF>({ { 10, 0.4 }, { 20, 0.6 } }));
        view.setValidationMetric(true); // the metric alone again
        QCOMPARE(chart->seriesCount(), 2);
    }

    void lossesOverlayRunsAndKeepZoom()
    {
        gui::LossesView view;
        auto a = test::syntheticRun("a", 500);
        view.setRuns({ a, test::syntheticRun("b", 300, 3) });
        QCOMPARE(view.trainChart()->seriesCount(), 6);
        QCOMPARE(view.trainChart()->seriesName(3), QString("b · taskA"));
        view.trainChart()->resize(600, 400);
        view.trainChart()->chart()->zoomIn();
        QTest::keyClick(view.trainChart(), Qt::Key_Plus);
        QVERIFY(view.trainChart()->isUserZoomed());
        const auto zoomed = view.trainChart()->xRange();
        a->append(test::syntheticSnapshot(500, 100, 3, 1000));
        view.refresh();
        QCOMPARE(view.trainChart()->seriesPoints(0).size(), 600);
        QCOMPARE(view.trainChart()->xRange(), zoomed); // live updates keep the user's zoom
        view.trainChart()->resetZoom();
        QVERIFY(!view.trainChart()->isUserZoomed());
    }

    void weightsAndNorms()
    {
        gui::WeightsView view;
        view.setRuns({ test::syntheticRun("w") });
        QCOMPARE(view.weightsChart()->seriesCount(), 3);
        QCOMPARE(view.weightsChart()->seriesPoints(2)[0].y(), 1.0);
        QVERIFY(view.normsChart()->isLogY());
        QCOMPARE(view.normsChart()->seriesPoints(0)[0].y(), 0.1);
        QCOMPARE(view.alignmentChart()->yRange(), std::make_pair(-1.0, 1.0));
        QVERIFY(view.nonConflictingText().startsWith("75.0 %"));
        view.setScale(gui::WeightsView::Scale::Log);
        QVERIFY(view.weightsChart()->isLogY() && view.slowdownChart()->isLogY() && !view.alignmentChart()->isLogY());
        view.setScale(gui::WeightsView::Scale::Symlog);
        QVERIFY(view.weightsChart()->isSymlogY() && !view.weightsChart()->isLogY());
        QCOMPARE(view.weightsChart()->seriesPoints(2)[0].y(), 1.0); // data units, whatever the axis
        view.setScale(gui::WeightsView::Scale::Linear);
        QVERIFY(!view.weightsChart()->isLogY() && !view.weightsChart()->isSymlogY());
        // Issue 11: with runs overlaid the share is each run's, not the first run's alone.
        view.setRuns({ test::syntheticRun("w"), test::syntheticRun("v") });
        view.refresh();
        QVERIFY2(view.nonConflictingText().contains("w 75.0 %") && view.nonConflictingText().contains("v 75.0 %"),
            qPrintable(view.nonConflictingText()));
    }

    void conflictHeatmapColours()
    {
        gui::ConflictView view;
        view.resize(1000, 700);
        view.setRuns({ test::syntheticRun("c") });
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCOMPARE(view.matrixCount(), 100);
        QCOMPARE(view.shownStep(), 990LL);
        gui::HeatmapPlot* h = view.heatmap();
        QCOMPARE(h->colorRange(), std::make_pair(-1.0, 1.0));
        const gui::Colormap map = gui::Colormap::redBlue();
        QCOMPARE(h->image().pixel(1, 0), map.map(-0.5, -1, 1));
        QCOMPARE(h->image().pixel(2, 0), map.map(0.25, -1, 1));
        // On screen: sample near the cell's corner, away from the printed value.
        const QImage shot = h->grab().toImage();
        const qreal dpr = shot.devicePixelRatio();
        auto at = [&](int r, int c) {
            const QPointF p = h->cellCenter(r, c) + QPointF(-18, -18);
            return QColor(shot.pixel(static_cast<int>(p.x() * dpr), static_cast<int>(p.y() * dpr)));
        };
        QCOMPARE(at(0, 1), QColor(map.map(-0.5, -1, 1)));
        QCOMPARE(at(1, 0), QColor(map.map(-0.5, -1, 1)));
        QCOMPARE(at(0, 0), QColor(map.map(1.0, -1, 1)));
        QVERIFY(at(0, 1).red() > at(0, 1).blue()); // conflict is red
        QCOMPARE(view.frequencyChart()->seriesPoints(0).size(), 1000);
        // Smoothed rate: alternating 1/3 and 0 settles near 1/6.
        QVERIFY(std::abs(view.frequencyChart()->seriesPoints(1).last().y() - 1.0 / 6) < 0.02);

        view.scrubTo(0);
        QCOMPARE(view.shownStep(), 0LL);
        QCOMPARE(view.scrubber()->value(), 0);
        view.scrubTo(view.matrixCount() - 1);
        QCOMPARE(view.shownStep(), 990LL);
    }

    void exportsContainTheData()
    {
        QTemporaryDir dir;
        {
            gui::LossesView view;
            view.resize(900, 600);
            view.setRuns({ test::syntheticRun("e", 200) });
            test::checkExports(
                view, dir.path(), "step", "train_loss,taskA,3," + gui::CsvTable::number(test::syntheticLoss(0, 3)));
        }
        {
            gui::WeightsView view;
            view.setRuns({ test::syntheticRun("e", 200) });
            test::checkExports(view, dir.path(), "weight", "weights,taskC,0,1");
        }
        {
            gui::ConflictView view;
            view.resize(700, 700);
            view.setRuns({ test::syntheticRun("e", 200) });
            test::checkExports(view, dir.path(), "taskB", "cosine,taskA|taskB,190,-0.5");
        }
    }
};

QTEST_MAIN(TestViewCharts)
#include "tst_view_charts.moc"
