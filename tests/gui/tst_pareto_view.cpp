// Pareto view: the hypervolume against an independent union-of-boxes computation, the automatic
// reference point, IGD to a reference set, the scatter-plot matrix, outcome fronts of finished
// runs, parallel coordinates, and the plane's data builder on its own (no widgets).
#include "export_checks.h"
#include "gui/charts/chart_panel.h"
#include "gui/views/chart_csv.h"
#include "gui/views/pareto_plane.h"
#include "gui/views/pareto_view.h"
#include "gui/views/task_panel_grid.h"
#include "tst_view_support.h"

#include <QFile>
#include <QImage>
#include <QPainter>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <random>

using namespace mtw;

namespace {
// A run whose only step has the given task losses (its final point).
gui::RunHistoryPtr runWithFinal(const QString& name, const Eigen::VectorXd& losses, const std::string& prefix = "t")
{
    auto run = std::make_shared<gui::RunHistory>(name, test::syntheticExperiment());
    auto s = std::make_shared<engine::Snapshot>();
    for (Eigen::Index t = 0; t < losses.size(); ++t) {
        std::string task = prefix; // (GCC 12 warns falsely on "t" + std::string under -O3 -Werror=restrict)
        task += std::to_string(t);
        s->taskNames.push_back(task);
    }
    engine::StepRecord r;
    r.losses = losses;
    s->steps.push_back(r);
    s->step = 1;
    run->append(s);
    return run;
}

// A run of two tasks with two steps: losses (x0, y0), then its final point (x1, y1).
gui::RunHistoryPtr twoStepRun(const QString& name, double x0, double y0, double x1, double y1)
{
    auto history = std::make_shared<gui::RunHistory>(name, test::syntheticExperiment());
    auto s = std::make_shared<engine::Snapshot>();
    s->taskNames = { "t0", "t1" };
    for (const auto& [x, y] : { std::make_pair(x0, y0), std::make_pair(x1, y1) }) {
        engine::StepRecord r;
        r.step = static_cast<long long>(s->steps.size());
        r.losses = Eigen::Vector2d(x, y);
        s->steps.push_back(r);
    }
    s->step = 2;
    history->append(s);
    return history;
}

// Independent 2-D hypervolume: area of the union of boxes [p, ref], by inclusion on a sweep
// over the distinct x coordinates (no front filtering needed).
double unionArea(const std::vector<Eigen::Vector2d>& points, const Eigen::Vector2d& ref)
{
    std::vector<double> xs { ref(0) };
    for (const auto& p : points)
        if (p(0) < ref(0))
            xs.push_back(p(0));
    std::sort(xs.begin(), xs.end());
    double area = 0;
    for (std::size_t k = 0; k + 1 < xs.size(); ++k) {
        double best = ref(1);
        for (const auto& p : points)
            if (p(0) <= xs[k] && p(1) < best)
                best = p(1);
        area += (xs[k + 1] - xs[k]) * (ref(1) - best);
    }
    return area;
}
} // namespace

class TestParetoView : public QObject {
    Q_OBJECT
private slots:
    void paretoHypervolume()
    {
        gui::ParetoView view;
        view.resize(900, 600);
        Eigen::VectorXd a(2), b(2), c(2), d(2);
        a << 1, 3;
        b << 2, 2;
        c << 3, 1;
        d << 3, 3;
        view.setRuns({ runWithFinal("A", a), runWithFinal("B", b), runWithFinal("C", c), runWithFinal("D", d) });
        view.setReferencePoint(4, 4);
        QCOMPARE(view.frontPoints().rows(), 3);
        QCOMPARE(view.hypervolume(), 6.0);
        QCOMPARE(view.analyticFrontSize(), 200); // CAGrad toy experiment
        QVERIFY(view.hypervolumeText().contains("= 6"));
        QVERIFY2(view.hypervolumeText().contains("IGD to the analytic front: "), qPrintable(view.hypervolumeText()));
        QVERIFY(view.parallelChart()->isHidden());

        // Random clouds against the independent union-of-boxes area.
        std::mt19937 gen(7);
        std::uniform_real_distribution<double> u(0, 1);
        for (int trial = 0; trial < 5; ++trial) {
            QList<gui::RunHistoryPtr> runs;
            std::vector<Eigen::Vector2d> pts;
            for (int k = 0; k < 12; ++k) {
                Eigen::VectorXd p(2);
                p << u(gen), u(gen);
                pts.emplace_back(p(0), p(1));
                runs.append(runWithFinal(QString::number(k), p));
            }
            view.setRuns(runs);
            view.setReferencePoint(1.1, 1.2);
            QVERIFY(std::abs(view.hypervolume() - unionArea(pts, Eigen::Vector2d(1.1, 1.2))) < 1e-12);
        }
        view.useAutomaticReference();
        QVERIFY(view.referencePoint()(0) > 0.9);
    }

    void paretoIgdToAReferenceSet()
    {
        // Front (1, 3), (2, 2), (3, 1); reference points (1, 2) and (5, 5), the file's columns in
        // the other order. IGD = (1 + sqrt(18)) / 2 = 2.621; IGD+ = (1 + 0) / 2 = 0.5 (every front
        // point is below (5, 5); the nearest ones exceed (1, 2) by 1 in one task).
        QTemporaryDir dir;
        const QString path = dir.filePath("reference.csv");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("t1,t0\n2,1\n5,5\n");
        file.close();
        gui::ParetoView view;
        Eigen::VectorXd a(2), b(2), c(2);
        a << 1, 3;
        b << 2, 2;
        c << 3, 1;
        view.setRuns({ runWithFinal("A", a), runWithFinal("B", b), runWithFinal("C", c) });
        view.setIgdReference(path);
        QVERIFY2(view.hypervolumeText().contains("IGD to reference.csv: 2.621 (IGD+ 0.5)"),
            qPrintable(view.hypervolumeText()));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("t0,other\n1,2\n");
        file.close();
        view.setIgdReference(path);
        QVERIFY2(view.hypervolumeText().contains("IGD reference set: " + path + ":1: the header has no column 't1'"),
            qPrintable(view.hypervolumeText()));
    }

    void paretoAutomaticReferenceIsTheNadirOfTheFinals()
    {
        // Trajectories start far out (10, 10) and (12, 9); the finals are (1, 2) and (2, 1). The
        // reference is the finals' nadir (2, 2) plus 10 % of their range (1), not beyond the starts.
        gui::ParetoView view;
        view.setRuns({ twoStepRun("A", 10, 10, 1, 2), twoStepRun("B", 12, 9, 2, 1) });
        QVERIFY(std::abs(view.referencePoint()(0) - 2.1) < 1e-12);
        QVERIFY(std::abs(view.referencePoint()(1) - 2.1) < 1e-12);
        // The boxes the finals dominate up to (2.1, 2.1): (1, 2) gives [1, 2.1] x [2, 2.1] = 0.11,
        // (2, 1) gives [2, 2.1] x [1, 2.1] = 0.11, overlapping in [2, 2.1] x [2, 2.1] = 0.01.
        QVERIFY(std::abs(view.hypervolume() - (0.11 + 0.11 - 0.01)) < 1e-12);
        // The scatter fits the trajectories (to 12); zoomed to the finals it frames (1..2.1) with
        // a 12 % margin of their span (1.1 x 0.12 = 0.132).
        QVERIFY(view.scatterChart()->xRange().second >= 12);
        view.setZoomToFinals(true);
        QVERIFY(std::abs(view.scatterChart()->xRange().first - (1 - 0.132)) < 1e-9);
        QVERIFY(std::abs(view.scatterChart()->xRange().second - (2.1 + 0.132)) < 1e-9);
        view.setZoomToFinals(false);
        QVERIFY(view.scatterChart()->xRange().second >= 12);
    }

    void paretoPlaneIsBuiltWithoutWidgets()
    {
        // The plane's data builder alone: finals (1, 2) and (2, 1) after starts (10, 10) and
        // (12, 9). Automatic reference (2.1, 2.1) and hypervolume 0.21 as in the view's test above.
        const QList<gui::RunHistoryPtr> runs { twoStepRun("A", 10, 10, 1, 2), twoStepRun("B", 12, 9, 2, 1) };
        gui::ParetoPlaneRequest request;
        const gui::ParetoPlane plane = gui::buildParetoPlane(runs, { "A", "B" }, request);
        QCOMPARE(plane.finals.size(), std::size_t(2));
        QCOMPARE(plane.candidates.rows(), 2);
        QCOMPARE(plane.front.rows(), 2);
        QVERIFY((plane.reference - Eigen::Vector2d(2.1, 2.1)).norm() < 1e-12);
        QVERIFY(std::abs(plane.hypervolume - 0.21) < 1e-12);
        // Two trajectories, two finals, the front, the reference point.
        QCOMPARE(plane.series.size(), 6);
        QCOMPARE(plane.series[1].name, QString("A"));
        QCOMPARE(plane.series[5].points.front(), QPointF(2.1, 2.1));
        QCOMPARE(gui::paretoPlaneCaption(plane, request, { "t0", "t1" }),
            QString("Hypervolume (t0, t1) = 0.21   with reference (2.1, 2.1) = nadir of the final points + 10 %; "
                    "front: 2 of 2 points"));
        // With the trajectories (both steps of each run) the starts join the candidates, with the
        // finals again: nadir (12, 10) + 10 % of the range (11, 9).
        request.includeTrajectories = true;
        const gui::ParetoPlane all = gui::buildParetoPlane(runs, { "A", "B" }, request);
        QCOMPARE(all.candidates.rows(), 6);
        QVERIFY((all.reference - Eigen::Vector2d(13.1, 10.9)).norm() < 1e-12);
        // A user's reference is kept: against (3, 3) the union is 2 x 1 + 1 x 2 - 1 x 1 = 3.
        request.includeTrajectories = false;
        request.userReference = true;
        request.reference = Eigen::Vector2d(3, 3);
        const gui::ParetoPlane user = gui::buildParetoPlane(runs, { "A", "B" }, request);
        QCOMPARE(user.reference, Eigen::Vector2d(3, 3));
        QVERIFY(std::abs(user.hypervolume - 3.0) < 1e-12);
        QVERIFY(!gui::paretoPlaneCaption(user, request, { "t0", "t1" }).contains("nadir"));
        // Outcome objectives have no trajectory series; runs without the outcome give no point.
        request.objective = gui::ParetoObjective::TestLoss;
        const gui::ParetoPlane none = gui::buildParetoPlane(runs, { "A", "B" }, request);
        QCOMPARE(none.candidates.rows(), 0);
        QCOMPARE(none.series.size(), 1); // the reference point only
        QCOMPARE(gui::paretoPlaneCaption(none, request, { "t0", "t1" }), QString("No points yet"));
    }

    void paretoAllPairsAndThreeTaskHypervolume()
    {
        Eigen::VectorXd a(3), b(3), c(3);
        a << 1, 2, 3;
        b << 3, 2, 1;
        c << 2, 1, 2;
        gui::ParetoView view;
        view.resize(1200, 700);
        view.setRuns({ runWithFinal("A", a), runWithFinal("B", b), runWithFinal("C", c) });
        // Reference (3.2, 2.1, 3.2): nadir (3, 2, 3) + 10 % of the range (2, 1, 2). The union of the
        // three boxes by inclusion-exclusion: 0.044 + 0.044 + 1.584 - 0.004 - 0.024 - 0.024 + 0.004.
        QVERIFY(std::abs(view.hypervolumeAllTasks() - 1.624) < 1e-12);
        QVERIFY(view.hypervolumeText().contains("all 3 tasks: 1.624"));
        view.setAllPairs(true);
        gui::TaskPanelGrid* pairs = view.pairsGrid();
        QCOMPARE(pairs->panels().size(), 3);
        QCOMPARE(pairs->panels()[1]->chartTitle(), QString("t0 vs t2"));
        // t0 vs t2: A (1, 3), B (3, 1), C (2, 2); all three non-dominated in that pair.
        gui::ChartPanel* panel = pairs->panels()[1];
        QCOMPARE(panel->seriesCount(), 4);
        QCOMPARE(panel->seriesPoints(2)[0], QPointF(2, 2));
        QCOMPARE(panel->seriesPoints(3).size(), 3);
        // t1 vs t2: A (2, 3), B (2, 1), C (1, 2): A is dominated by B and C.
        QCOMPARE(pairs->panels()[2]->seriesPoints(3).size(), 2);
        QCOMPARE(pairs->legend().size(), 4); // three runs and the non-dominated marker
        QTemporaryDir dir;
        test::checkExports(view, dir.path(), "t0 vs t2", "pair t1 vs t2");
        // Two tasks make one pair (the matrix was skipped with the parallel coordinates).
        Eigen::VectorXd d(2), e(2);
        d << 1, 2;
        e << 2, 1;
        view.setRuns({ runWithFinal("D", d), runWithFinal("E", e) });
        QCOMPARE(pairs->panels().size(), 1);
        QCOMPARE(pairs->panels()[0]->chartTitle(), QString("t0 vs t1"));
        QCOMPARE(pairs->panels()[0]->seriesPoints(1)[0], QPointF(2, 1));
    }

    void paretoOutcomeFronts()
    {
        // Final validation and test evaluations of two finished runs: A is better on t0, B on t1.
        // Accuracy enters as 1 - accuracy (every axis is minimised); losses as they are.
        const auto run = [](const QString& name, double accuracy0, double accuracy1, double testLoss0) {
            auto history = std::make_shared<gui::RunHistory>(name, test::syntheticExperiment());
            auto s = std::make_shared<engine::Snapshot>();
            s->taskNames = { "t0", "t1" };
            engine::StepRecord r;
            r.losses = Eigen::Vector2d(0.5, 0.5);
            s->steps.push_back(r);
            s->step = 1;
            const auto record = [&](problem::Split split, double scale) {
                engine::EvaluationRecord e { 1, split, {} };
                // AUC 0.1 above the accuracy; t1 of B has a macro-F1 but no AUC (one label only).
                e.tasks.push_back({ testLoss0 * scale, accuracy0, "accuracy", true,
                    { { "macro_f1", accuracy0, true }, { "auc", accuracy0 + 0.1, true } } });
                e.tasks.push_back({ 0.7 * scale, accuracy1, "accuracy", true,
                    { { "macro_f1", accuracy1, true },
                        { "auc", accuracy1 > 0.7 ? std::nan("") : accuracy1 + 0.1, true } } });
                return e;
            };
            s->evaluations = { record(problem::Split::Validation, 2.0), record(problem::Split::Train, 1.0),
                record(problem::Split::Test, 1.0) };
            history->append(s);
            return history;
        };
        gui::ParetoView view;
        view.setRuns({ run("A", 0.9, 0.6, 0.3), run("B", 0.7, 0.8, 0.5) });
        view.setObjective(gui::ParetoObjective::TestMetric);
        view.setReferencePoint(1, 1);
        // Points (0.1, 0.4) and (0.3, 0.2): both non-dominated; against (1, 1) the union of
        // [0.1, 1] x [0.4, 1] and [0.3, 1] x [0.2, 1] is 0.54 + 0.56 - 0.42.
        QCOMPARE(view.frontPoints().rows(), 2);
        QVERIFY(std::abs(view.hypervolume() - (0.54 + 0.56 - 0.42)) < 1e-12);
        QCOMPARE(view.scatterChart()->axisTitleX(), QString("t0 1 \u2212 accuracy (test)"));
        QCOMPARE(view.scatterChart()->seriesCount(), 4); // two finals, the front, the reference: no trajectories
        // F1 as 1 - macro-F1, here the accuracies: the same two points.
        view.setObjective(gui::ParetoObjective::TestF1);
        QCOMPARE(view.frontPoints().rows(), 2);
        QVERIFY(std::abs(view.hypervolume() - (0.54 + 0.56 - 0.42)) < 1e-12);
        QCOMPARE(view.scatterChart()->axisTitleY(), QString("t1 1 \u2212 F1 (test)"));
        // AUC: B's t1 has none, so B has no point; A's is (1 - 1.0, 1 - 0.7).
        view.setObjective(gui::ParetoObjective::TestAuc);
        QCOMPARE(view.frontPoints().rows(), 1);
        QVERIFY(std::abs(view.frontPoints()(0, 0) - 0.0) < 1e-12);
        QVERIFY(std::abs(view.frontPoints()(0, 1) - 0.3) < 1e-12);
        QCOMPARE(view.scatterChart()->axisTitleX(), QString("t0 1 \u2212 AUC (test)"));
        // Validation loss: A (0.6, 1.4), B (1.0, 1.4): A dominates B.
        view.setObjective(gui::ParetoObjective::ValidationLoss);
        view.useAutomaticReference();
        QCOMPARE(view.frontPoints().rows(), 1);
        QCOMPARE(view.frontPoints()(0, 0), 0.6);
        QCOMPARE(view.scatterChart()->axisTitleY(), QString("t1 validation loss"));
        QTemporaryDir dir;
        test::checkExports(view, dir.path(), "Outcomes: final validation loss", "hypervolume,value");
        // Runs without a test evaluation have no outcome point.
        view.setObjective(gui::ParetoObjective::TestLoss);
        view.setRuns({ runWithFinal("C", Eigen::Vector2d(1, 2)) });
        QCOMPARE(view.frontPoints().rows(), 0);
        QVERIFY(view.hypervolumeText().contains("No points yet"));
    }

    void paretoThreeTasks()
    {
        gui::ParetoView view;
        Eigen::VectorXd a(3), b(3);
        a << 1, 2, 3;
        b << 3, 2, 1;
        view.setRuns({ runWithFinal("A", a), runWithFinal("B", b) });
        QVERIFY(!view.parallelChart()->isHidden());
        // The final points, normalised over themselves: A = (1, 2, 3) -> (0, 0.5, 1).
        QCOMPARE(view.parallelChart()->seriesCount(), 2);
        QCOMPARE(view.parallelChart()->seriesPoints(0)[0], QPointF(0, 0));
        QCOMPARE(view.parallelChart()->seriesPoints(0)[2], QPointF(2, 1));
        // With trajectory points: one faint trajectory line per run (here its single point) first.
        view.setIncludeTrajectories(true);
        QCOMPARE(view.parallelChart()->seriesCount(), 4);
        QCOMPARE(view.parallelChart()->seriesPoints(2)[0], QPointF(0, 0));
        QCOMPARE(view.parallelChart()->seriesPoints(2)[2], QPointF(2, 1));
        view.setIncludeTrajectories(false);
        view.setTaskPair(0, 2);
        view.setReferencePoint(4, 4);
        QCOMPARE(view.hypervolume(), 3.0 * 1 + 1.0 * 2); // (1,3) and (3,1) against (4,4)
        QTemporaryDir dir;
        test::checkExports(view, dir.path(), "t0 loss", "hypervolume,value,,5");
    }

    void parallelCoordinatesTitleIsWhole()
    {
        // Eight runs of three tasks: the parallel chart gets half the figure's width, and Qt elided
        // its title at 11 pt ("Parallel coordinates (normalised ov..."). Smaller type shows it
        // whole in a 10.7 in figure; in a 7 in one, where even 7 pt is too wide, on two lines.
        gui::ParetoView view;
        view.resize(1200, 700);
        QList<gui::RunHistoryPtr> runs;
        for (int k = 0; k < 8; ++k) {
            Eigen::VectorXd losses(3);
            losses << 1 + k, 8 - k, 1 + (k * 3) % 8;
            runs << runWithFinal(QStringLiteral("run-%1").arg(k), losses);
        }
        view.setRuns(runs);
        QVERIFY(!view.parallelChart()->isHidden());
        QTemporaryDir dir;
        QString error;
        const QString path = dir.filePath("pareto.svg");
        for (const QSize size : { QSize(1600, 1000), QSize(1050, 700) }) {
            gui::ExportOptions options;
            options.size = size;
            QVERIFY2(view.exportFigure(path, options, &error), qPrintable(error));
            const QByteArray svg = test::readAll(path);
            const QString elided = test::elidedSvgTexts(svg).join(" | ");
            QVERIFY2(elided.isEmpty(), qPrintable(QString("%1 px: %2").arg(size.width()).arg(elided)));
            QVERIFY(size.width() < 1600 || svg.contains("Parallel coordinates (normalised over the final points)"));
            QVERIFY(svg.contains("Parallel coordinates") && svg.contains("the final points)"));
        }
        QCOMPARE(
            view.parallelChart()->chartTitle(), QString("Parallel coordinates (normalised over the final points)"));
    }

    void twelveParallelAxesAreLetteredWithAKey()
    {
        // Parallel coordinates of 8 runs over 12 tasks in a 7 x 5 in figure: Qt elided the task
        // names under the axes to "ta..."; the axes are lettered and the caption holds the key.
        gui::ParetoView view;
        view.resize(1200, 700);
        QList<gui::RunHistoryPtr> runs;
        for (int k = 0; k < 8; ++k) {
            Eigen::VectorXd losses(12);
            for (int t = 0; t < 12; ++t)
                losses(t) = 1 + (k * 5 + t * 3) % 11;
            runs << runWithFinal(QStringLiteral("run-%1").arg(k), losses, "garment_");
        }
        view.setRuns(runs);
        QTemporaryDir dir;
        QString error;
        const QString path = dir.filePath("pareto.svg");
        gui::ExportOptions options;
        options.size = QSize(1050, 750);
        QVERIFY2(view.exportFigure(path, options, &error), qPrintable(error));
        const QByteArray svg = test::readAll(path);
        const QString elided = test::elidedSvgTexts(svg).join(" | ");
        QVERIFY2(elided.isEmpty(), qPrintable(elided));
        QVERIFY(svg.contains("A garment_0") && svg.contains("L garment_11"));
        QVERIFY(view.parallelChart()->toolTip().contains("L garment_11"));
        // Three short names stay names.
        Eigen::VectorXd three(3);
        three << 1, 2, 3;
        view.setRuns({ runWithFinal("a", three), runWithFinal("b", three.reverse()) });
        QVERIFY(view.parallelChart()->toolTip().isEmpty());
    }

    void longCaptionsShrinkThenWrapInsideTheFigure()
    {
        // Captions (the hypervolume line, Weights & norms' non-conflicting steps of 8 runs) were
        // drawn on one line at full size and cut at the figure's edge ("... + 10 "). Now a caption
        // too wide even at 7 pt takes a second line: the figure below it starts two lines down,
        // and no ink leaves the caption's band or the figure.
        QImage image(400, 200, QImage::Format_RGB32);
        image.fill(Qt::white);
        QPainter painter(&image);
        QFont font = painter.font();
        font.setPointSizeF(9);
        painter.setFont(font);
        const double line = painter.fontMetrics().height();
        const QString text
            = QStringLiteral("Non-conflicting steps: ew, lr=0.001 75.0 %, mgda, lr=0.001 75.0 %, pcgrad, "
                             "lr=0.001 75.0 %, cagrad, lr=0.001 75.0 %");
        const QRectF rest = gui::paintCaptionLine(painter, QRectF(0, 0, 400, 200), text, Qt::TopEdge);
        painter.end();
        QVERIFY2(rest.top() > 1.6 * line, qPrintable(QString::number(rest.top() / line)));
        int outside = 0, inside = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x) {
                const bool ink = qGray(image.pixel(x, y)) < 160;
                const bool inBand = y < rest.top() && x >= 4 && x < image.width() - 4;
                (inBand ? inside : outside) += ink;
            }
        QCOMPARE(outside, 0);
        QVERIFY(inside > 200);
    }
};

QTEST_MAIN(TestParetoView)
#include "tst_pareto_view.moc"
