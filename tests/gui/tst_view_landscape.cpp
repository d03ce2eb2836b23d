// Landscape view: the background grid matches the problem's own losses, the trajectory is drawn
// with start/end marks and thinned to pixels, contours are joined polylines, and the 3-D surface
// renders where OpenGL exists. The Pareto view's tests are in tst_pareto_view.
#include "engine/problem_factory.h"
#include "gui/charts/axis_ticks.h"
#include "gui/charts/contour_lines.h"
#include "gui/charts/heatmap_plot.h"
#include "gui/charts/surface_panel.h"
#include "gui/views/landscape_view.h"
#include "problem/network_builder.h"
#include "problem/problem_registry.h"
#include "tst_view_support.h"

#include <Q3DSurface>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QValue3DAxis>
#include <algorithm>
#include <cmath>

using namespace mtw;

class TestViewLandscape : public QObject {
    Q_OBJECT
private slots:
    void toyLandscapeIsExact()
    {
        gui::LandscapeView view;
        view.resize(800, 700);
        view.setRuns({ test::syntheticRun("toy", 1000, 2, true) });
        int levels = 0, lastProgress = -1;
        bool progressRose = true;
        connect(&view, &gui::LandscapeView::levelShown, &view, [&] {
            ++levels;
            progressRose = progressRose && view.progress() > lastProgress;
            lastProgress = view.progress();
        });
        QTRY_VERIFY_WITH_TIMEOUT(view.isFinished(), 60000);
        // Progress by level (17, 33, 65, 129: 4 levels) up to the whole final grid, with its cost.
        QCOMPARE(levels, 4);
        QVERIFY(progressRose);
        QCOMPARE(view.progress(), 1000);
        QVERIFY2(view.statusText().contains(QRegularExpression(QStringLiteral("16.?641 points in"))),
            qPrintable(view.statusText()));
        const engine::LandscapeOutcome* out = view.outcome();
        QVERIFY(out->planar);
        QCOMPARE(out->result.xs.front(), -11.0);
        QCOMPARE(out->result.xs.back(), 11.0);
        gui::HeatmapPlot* h = view.heatmap();
        QVERIFY(h->hasData());
        QCOMPARE(h->values().rows(), 129);
        QVERIFY(test::distinctColours(h->image()) > 20);
        QVERIFY(h->contourSegmentCount() > 100);
        // Joined: a few dozen polylines carry the hundreds of cell segments (an SVG line each before).
        QVERIFY2(h->contourLines().size() * 10 < h->contourSegmentCount(),
            qPrintable(QString("%1 lines, %2 segments").arg(h->contourLines().size()).arg(h->contourSegmentCount())));

        // The shown mean loss equals the problem's own losses at the grid points.
        const engine::Experiment e = test::syntheticExperiment();
        const problem::ProblemSpec* spec = problem::ProblemRegistry::instance().find(e.problem);
        problem::ProblemContext context;
        context.problem = core::withDefaults(spec->parameters, e.problemParams);
        context.model = core::withDefaults(problem::modelSchema(), e.modelParams);
        auto toy = spec->create(context);
        for (auto [i, j] : { std::pair { 0, 0 }, std::pair { 64, 100 }, std::pair { 128, 7 } }) {
            core::Vector theta(2);
            theta << out->result.xs[static_cast<std::size_t>(i)], out->result.ys[static_cast<std::size_t>(j)];
            QVERIFY(std::abs(h->values()(i, j) - toy->lossesAt(theta).mean()) < 1e-9);
        }
        view.setSurface(2);
        QVERIFY(std::abs(h->values()(64, 100) - out->result.taskLosses[1](64, 100)) < 1e-12);

        // Trajectory overlay: the run's points, start and end marked.
        const QList<gui::PlotOverlay> overlays = h->overlays();
        QCOMPARE(overlays.size(), 3);
        QCOMPARE(overlays[0].points.size(), 1001);
        QCOMPARE(overlays[1].points.front(), QPointF(-8.5, 7.5));
        QCOMPARE(overlays[2].points.front(), QPointF(1.5, -7.5));

        QTemporaryDir dir;
        test::checkExports(view, dir.path(), "x1", "surface,-11,-11,");
    }

    void networkSliceRecentresOnTheFinalParameters()
    {
        // A stored or live network run: its steps arrive first, its final parameters last (with
        // the ended snapshot). The slice first goes through the initial parameters, then through
        // the final ones, and says so.
        engine::Experiment e;
        e.problem = "synthetic_family";
        e.problemParams = { { "tasks", 2LL }, { "samples", 200LL }, { "features", 8LL } };
        e.modelParams = { { "trunk", std::vector<long long> { 8 } } };
        e.steps = 10;
        const auto problem = engine::createProblem(e);
        auto run = std::make_shared<gui::RunHistory>("net", e);
        auto steps = std::make_shared<engine::Snapshot>(*test::syntheticSnapshot(0, 10, 2, 100));
        steps->status = engine::RunStatus::Running;
        run->append(steps);
        gui::LandscapeView view;
        view.setRuns({ run });
        QTRY_VERIFY_WITH_TIMEOUT(view.isFinished(), 60000);
        QVERIFY(view.outcome()->originNote.find("initial") != std::string::npos);
        const double before = view.outcome()->result.totalLoss(16, 16);

        auto ended = std::make_shared<engine::Snapshot>(*test::syntheticSnapshot(10, 0, 2, 10));
        ended->status = engine::RunStatus::Finished;
        ended->parameters = Eigen::VectorXd::Constant(problem->parameterCount(), 0.05);
        run->append(ended);
        view.refresh();
        QVERIFY(!view.isFinished()); // recomputing: an export waits for it
        QTRY_VERIFY_WITH_TIMEOUT(view.isFinished(), 60000);
        QVERIFY2(view.outcome()->originNote.find("current parameters") != std::string::npos,
            view.outcome()->originNote.c_str());
        QVERIFY(view.outcome()->result.totalLoss(16, 16) != before); // the centre is the new point
    }

    void eachRunEndsInItsOwnColour()
    {
        gui::LandscapeView view;
        view.setRuns({ test::syntheticRun("a", 300, 2, true), test::syntheticRun("b", 300, 2, true) });
        QTRY_VERIFY_WITH_TIMEOUT(view.isFinished(), 60000);
        QList<QColor> ends, lines;
        for (const gui::PlotOverlay& o : view.heatmap()->overlays()) {
            if (o.marker == gui::PlotOverlay::Marker::Square)
                ends << o.color;
            if (o.marker == gui::PlotOverlay::Marker::None)
                lines << o.color;
        }
        QCOMPARE(ends.size(), 2);
        QCOMPARE(ends, lines); // the end marker takes its trajectory's colour
        QVERIFY(ends[0] != ends[1]);
    }

    void restartCancelsTheRunningJob()
    {
        gui::LandscapeView view;
        view.setRuns({ test::syntheticRun("toy", 100, 2, true) });
        view.setWindow(-5, 5, -5, 5);
        view.recompute();
        view.recompute();
        QTRY_VERIFY_WITH_TIMEOUT(view.isFinished(), 60000);
        QCOMPARE(view.outcome()->result.xs.front(), -5.0);
    }

    void surface3d()
    {
        if (!gui::SurfacePanel::openGlAvailable())
            QSKIP("no windowing platform with OpenGL (run under xvfb-run -a)");
        gui::LandscapeView view;
        view.resize(800, 700);
        view.setRuns({ test::syntheticRun("toy", 200, 2, true) });
        view.show();
        QTRY_VERIFY_WITH_TIMEOUT(view.isFinished(), 60000);
        view.findChild<QTabWidget*>()->setCurrentIndex(1);
        QVERIFY(view.surface()->isActive());
        QTest::qWait(200);
        const QImage img = view.surface()->image(QSize(400, 300));
        QVERIFY(!img.isNull());
        QVERIFY(test::distinctColours(img) > 10);
        // Axes end on ticks of a 1-2-5 step, with the decimals the step needs: the labels read
        // 0.5, 1.0, ... instead of -0.666667 running into each other.
        for (QValue3DAxis* axis :
            { view.surface()->graph()->axisX(), view.surface()->graph()->axisY(), view.surface()->graph()->axisZ() }) {
            QVERIFY2(axis->segmentCount() >= 2 && axis->segmentCount() <= 6, qPrintable(axis->title()));
            const double step = (axis->max() - axis->min()) / axis->segmentCount();
            const double mantissa = step / std::pow(10.0, std::floor(std::log10(step) + 1e-9));
            QVERIFY2(std::abs(mantissa - 1) < 1e-4 || std::abs(mantissa - 2) < 1e-4 || std::abs(mantissa - 5) < 1e-4,
                qPrintable(QString("%1: step %2").arg(axis->title()).arg(step)));
            QCOMPARE(axis->labelFormat(), QString("%.%1f").arg(gui::tickDecimals(step)));
        }
        // The value axis leaves its floor unlabelled: that label was drawn over the x axis's first
        // one at the floor corner ("-20" across "-15").
        const QStringList values = view.surface()->graph()->axisY()->labels();
        QVERIFY2(values.size() >= 3 && values.first().isEmpty() && !values[1].isEmpty(), qPrintable(values.join(",")));
        QVERIFY(!view.surface()->graph()->axisX()->labels().first().isEmpty());
        if (const QString dir = qEnvironmentVariable("MTW_VIEW_SCREENSHOT_DIR"); !dir.isEmpty())
            view.surface()->image(QSize(800, 600)).save(dir + "/landscape_3d_surface.png");
    }

    void contourLinesAreJoined()
    {
        // x^2 + y^2 on a 41 x 41 grid over [-1, 1]^2 at the one level 0.25 (levels 1 between 0 and
        // 0.5): one closed line, the circle of radius 0.5, within the linear interpolation's error.
        Eigen::MatrixXd bowl(41, 41), ramp(41, 41);
        for (int i = 0; i < 41; ++i)
            for (int j = 0; j < 41; ++j) {
                const double x = -1 + i * 0.05, y = -1 + j * 0.05;
                bowl(i, j) = x * x + y * y;
                ramp(i, j) = x + 0.01;
            }
        const QList<QPolygonF> circle = gui::contourLines(bowl, -1, 1, -1, 1, 0, 0.5, 1);
        QCOMPARE(circle.size(), 1);
        QCOMPARE(circle.front().front(), circle.front().back());
        QVERIFY(circle.front().size() > 40);
        for (const QPointF& p : circle.front())
            QVERIFY2(
                std::abs(std::hypot(p.x(), p.y()) - 0.5) < 0.01, qPrintable(QString::number(std::hypot(p.x(), p.y()))));
        // x + 0.01 at the level 0 (levels 1 between -1 and 1): one open vertical line at x = -0.01
        // from the bottom edge to the top, through all 41 rows.
        const QList<QPolygonF> line = gui::contourLines(ramp, -1, 1, -1, 1, -1, 1, 1);
        QCOMPARE(line.size(), 1);
        QCOMPARE(line.front().size(), 41);
        QVERIFY(std::abs(line.front().front().y()) == 1 && std::abs(line.front().back().y()) == 1);
        for (const QPointF& p : line.front())
            QVERIFY2(std::abs(p.x() + 0.01) < 1e-12, qPrintable(QString::number(p.x())));
        // A non-finite value cuts the lines through its cells: the circle opens into one line.
        bowl(30, 20) = NAN; // (0.5, 0): on the circle
        const QList<QPolygonF> cut = gui::contourLines(bowl, -1, 1, -1, 1, 0, 0.5, 1);
        QCOMPARE(cut.size(), 1);
        QVERIFY(cut.front().front() != cut.front().back());
    }

    void dwellingTrajectoriesAreThinnedToPixels()
    {
        // 10,000 steps circling within 2 px of the end (a run near its optimum), after 100 steps
        // 1 px apart: the far part stays point for point, the dwelling part shrinks to the points
        // half a pixel apart, the first and last points stay.
        QVector<QPointF> points;
        for (int k = 0; k < 100; ++k)
            points.append(QPointF(k, 0));
        for (int k = 0; k < 10000; ++k)
            points.append(QPointF(100 + 2 * std::cos(k * 0.001), 2 * std::sin(k * 0.001)));
        const QVector<QPointF> thin = gui::thinPixelPolyline(points, 0.5);
        QCOMPARE(thin.front(), points.front());
        QCOMPARE(thin.back(), points.back());
        QVERIFY2(thin.size() > 100 && thin.size() < 150, qPrintable(QString::number(thin.size())));
        for (int k = 0; k < 100; ++k)
            QCOMPARE(thin[k], points[k]);
        for (qsizetype k = 1; k + 1 < thin.size(); ++k)
            QVERIFY(QLineF(thin[k - 1], thin[k]).length() >= 0.5);
    }
};

QTEST_MAIN(TestViewLandscape)
#include "tst_view_landscape.moc"
