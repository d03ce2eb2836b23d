// ST vs MT transfer view: the pairing of train/validation checkpoints in RunHistory, the baseline
// lookup, the gap on hand-made evaluation series with known answers, log spacing, rendering and
// exports, and the main window's "Single-task baselines" action end to end on a small data problem.
#include "engine/single_task_baselines.h"
#include "gui/charts/chart_panel.h"
#include "gui/experiment_form.h"
#include "gui/main_window.h"
#include "gui/run_manager.h"
#include "gui/views/transfer_curves.h"
#include "gui/views/transfer_view.h"
#include "gui_test_support.h"
#include "tst_view_support.h"

#include <QAction>
#include <QLabel>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace mtw;

namespace {
using Checkpoints = std::vector<std::pair<double, double>>; // (training loss, validation loss)

// One snapshot with a validation and a train record per checkpoint (as trainer.cpp sends them);
// task t's checkpoints are perTask[t]; the validation metric is 1 - validation loss.
engine::SnapshotPtr evaluationSnapshot(const std::vector<Checkpoints>& perTask)
{
    auto s = std::make_shared<engine::Snapshot>();
    for (std::size_t t = 0; t < perTask.size(); ++t)
        s->taskNames.push_back(t == 0 ? "left" : "right");
    const std::size_t count = perTask.front().size();
    s->step = static_cast<long long>(count) * 10;
    s->totalSteps = s->step;
    s->status = engine::RunStatus::Finished;
    for (std::size_t k = 0; k < count; ++k) {
        engine::EvaluationRecord validation { static_cast<long long>(k) * 10, problem::Split::Validation, {} };
        engine::EvaluationRecord train { static_cast<long long>(k) * 10, problem::Split::Train, {} };
        for (const Checkpoints& task : perTask) {
            const auto [trainLoss, validationLoss] = task[std::min(k, task.size() - 1)];
            validation.tasks.push_back({ validationLoss, 1 - validationLoss, "accuracy", true, {} });
            train.tasks.push_back({ trainLoss, trainLoss, "loss", false, {} });
        }
        s->evaluations.push_back(validation);
        s->evaluations.push_back(train);
    }
    return s;
}

engine::Experiment multiExperiment()
{
    engine::Experiment e;
    e.name = "family";
    e.problem = "synthetic_family";
    e.method = "ew";
    return e;
}

gui::RunHistoryPtr makeRun(const QString& name, const engine::Experiment& e, const std::vector<Checkpoints>& perTask)
{
    auto run = std::make_shared<gui::RunHistory>(name, e);
    run->append(evaluationSnapshot(perTask));
    return run;
}

// Task 0: v = 2 l + 0.5 (ST) and 2 l + 0.3 (MT), so the gap is -0.2 at every training loss; the
// common range is [max(0.25, 0.1), min(2.0, 1.6)] = [0.25, 1.6]. Task 1: ST (1, 2), (0.5, 1); MT
// (1, 1.5), (0.5, 1), then (0.7, 9.9), which does not improve the training loss and is left out:
// at l = 0.75 ST is 1.5, MT 1.25, the gap -0.25.
const std::vector<Checkpoints> stPoints { { { 2.0, 4.5 }, { 1.0, 2.5 }, { 0.5, 1.5 }, { 0.25, 1.0 } },
    { { 1.0, 2.0 }, { 0.5, 1.0 } } };
const std::vector<Checkpoints> mtPoints { { { 1.6, 3.5 }, { 0.8, 1.9 }, { 0.4, 1.1 }, { 0.2, 0.7 }, { 0.1, 0.5 } },
    { { 1.0, 1.5 }, { 0.5, 1.0 }, { 0.7, 9.9 } } };

struct Fixture {
    gui::RunHistoryPtr multi = makeRun("family-ew", multiExperiment(), mtPoints);
    gui::RunHistoryPtr left
        = makeRun("family-st-left", engine::singleTaskExperiment(multiExperiment(), 0, 2, "left"), stPoints);
    gui::RunHistoryPtr right
        = makeRun("family-st-right", engine::singleTaskExperiment(multiExperiment(), 1, 2, "right"), stPoints);
};
} // namespace

class TestTransferView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        test::useTemporarySettings(m_dir.filePath(QStringLiteral("settings")));
    }

    void historyPairsTrainAndValidation()
    {
        Fixture f;
        const std::vector<gui::TransferPoint>& p = f.multi->transferPoints(0);
        QCOMPARE(p.size(), std::size_t(5));
        QCOMPARE(p[1].step, 10LL);
        QCOMPARE(p[1].trainLoss, 0.8);
        QCOMPARE(p[1].validationLoss, 1.9);
        QCOMPARE(p[1].validationMetric, 1 - 1.9);
        // The Losses view keeps showing the validation split only.
        QCOMPARE(f.multi->evaluationSplit(), problem::Split::Validation);
        QCOMPARE(f.multi->evaluation(gui::EvalSeries::Loss, 0).points().size(), 5);
        // Train-split evaluations alone (analytic problems) pair with nothing.
        gui::RunHistoryPtr toy = test::syntheticRun("toy", 200);
        QVERIFY(toy->transferPoints(0).empty());
    }

    void baselinesAreRecognisedByTheirExperiment()
    {
        Fixture f;
        QCOMPARE(gui::baselineTask(*f.multi), -1);
        QCOMPARE(gui::baselineTask(*f.right), 1);
        QVERIFY(engine::isBaselineOf(f.left->experiment(), f.multi->experiment()));
        QVERIFY(!engine::isBaselineOf(f.multi->experiment(), f.left->experiment()));
        bool exact = false;
        QCOMPARE(gui::findBaseline(*f.multi, 1, {}, { f.left, f.right }, &exact), f.right);
        QVERIFY(exact);
        // Another seed is another set-up: not found among all runs, used only when shown.
        engine::Experiment other = engine::singleTaskExperiment(multiExperiment(), 1, 2, "right");
        other.seed = 7;
        auto otherRun = makeRun("seed7", other, stPoints);
        QCOMPARE(gui::findBaseline(*f.multi, 1, {}, { otherRun }), gui::RunHistoryPtr());
        QCOMPARE(gui::findBaseline(*f.multi, 1, { otherRun }, {}, &exact), otherRun);
        QVERIFY(!exact);
    }

    void comparisonIsBuiltWithoutWidgets()
    {
        // The data builder alone (no view): the same numbers as the view shows, the series it
        // draws, and the reason when no gap can be drawn.
        Fixture f;
        gui::TransferRequest request;
        request.task = 1;
        request.taskName = QStringLiteral("right");
        request.at = 0.75;
        const gui::TransferComparison c
            = gui::buildTransferComparison({ f.multi }, { f.multi, f.left, f.right }, request);
        QCOMPARE(c.gaps.size(), 1);
        QCOMPARE(c.gaps.front().baseline, QString("family-st-right"));
        QCOMPARE(c.gaps.front().trainLoss, 0.75);
        QVERIFY(std::abs(c.gaps.front().gap + 0.25) < 1e-12); // ST 1.5, MT 1.25 at l = 0.75
        QCOMPARE(c.valueName, QString("validation loss"));
        QVERIFY(!c.higherIsBetter);
        QVERIFY(c.blocker.isEmpty());
        // MT envelope and checkpoints, ST envelope and checkpoints; gap curve, its marker, zero line.
        QCOMPARE(c.curves.size(), 4);
        QCOMPARE(c.curves[0].name, QString("MT: family-ew"));
        QCOMPARE(c.curves[2].name, QString("ST: family-st-right"));
        QCOMPARE(c.gapSeries.size(), 3);
        QCOMPARE(c.gapSeries[1].points.front(), QPointF(0.75, -0.25));
        // The metric (1 - validation loss) is larger-is-better: the same gap with the other sign.
        request.metric = true;
        const gui::TransferComparison m
            = gui::buildTransferComparison({ f.multi }, { f.multi, f.left, f.right }, request);
        QVERIFY(m.higherIsBetter);
        QVERIFY(std::abs(m.gaps.front().gap - 0.25) < 1e-12);
        // Without a baseline there is no gap, and the blocker says why.
        const gui::TransferComparison none = gui::buildTransferComparison({ f.multi }, {}, request);
        QVERIFY(none.gapSeries.isEmpty());
        QVERIFY2(none.blocker.contains("no single-task baseline for task 'right'"), qPrintable(none.blocker));
    }

    void gapOnHandMadeCurves()
    {
        Fixture f;
        gui::TransferView view;
        view.resize(1000, 750);
        view.setAvailableRuns({ f.multi, f.left, f.right });
        view.setRuns({ f.multi }); // only the MT run shown: baselines come from all runs
        QCOMPARE(view.tasks(), QStringList({ "left", "right" }));
        QCOMPARE(view.gaps().size(), 1);
        gui::TransferView::Gap gap = view.gaps().front();
        QCOMPARE(gap.baseline, QString("family-st-left"));
        QVERIFY(gap.exactBaseline);
        QCOMPARE(gap.low, 0.25);
        QCOMPARE(gap.high, 1.6);
        QCOMPARE(gap.trainLoss, 0.25); // default: the lowest training loss both reach
        QVERIFY(std::abs(gap.gap + 0.2) < 1e-12);
        QVERIFY2(view.summaryLabel()->text().contains("gap -0.2 at training loss 0.25 (MT generalizes better)"),
            qPrintable(view.summaryLabel()->text()));
        // The measured slow-down at the common steps 10, 20, 30: MT / ST = 0.8 / 1, 0.4 / 0.5, 0.2 / 0.25.
        QVERIFY2(view.summaryLabel()->text().contains(
                     "Slow-down of left: training loss MT/ST 0.8 at the last common checkpoint, 0.8 on average;"),
            qPrintable(view.summaryLabel()->text()));

        // The gap curve: 60 grid points from 1.6 down to 0.25, -0.2 everywhere.
        gui::ChartPanel* g = view.gapChart();
        QCOMPARE(g->seriesName(0), QString("family-ew - ST"));
        const QVector<QPointF> curve = g->seriesPoints(0);
        QCOMPARE(curve.size(), 60);
        QCOMPARE(curve.front().x(), 1.6);
        QCOMPARE(curve.back().x(), 0.25);
        for (const QPointF& p : curve)
            QVERIFY(std::abs(p.y() + 0.2) < 1e-12);
        // Top chart: MT and ST envelopes (the markers are extra series, not in the legend).
        QCOMPARE(view.curvesChart()->seriesName(0), QString("MT: family-ew"));
        QCOMPARE(view.curvesChart()->seriesName(2), QString("ST: family-st-left"));
        QCOMPARE(view.curvesChart()->seriesPoints(2).size(), 4);

        view.setGapLoss(1.0);
        QVERIFY(std::abs(view.gaps().front().gap + 0.2) < 1e-12);
        view.setGapLoss(0.05);
        QVERIFY(std::isnan(view.gaps().front().gap));
        QVERIFY2(view.summaryLabel()->text().contains("outside the common range [0.25, 1.6]"),
            qPrintable(view.summaryLabel()->text()));

        view.setTask(1);
        view.setGapLoss(0.75);
        gap = view.gaps().front();
        QCOMPARE(gap.baseline, QString("family-st-right"));
        QVERIFY(std::abs(gap.gap + 0.25) < 1e-12);
        QCOMPARE(gap.high, 1.0);
        QCOMPARE(gap.low, 0.5);

        // The metric (1 - loss, higher is better) flips the sign of the gap and of the verdict.
        view.setValidationMetric(true);
        QVERIFY(std::abs(view.gaps().front().gap - 0.25) < 1e-12);
        QVERIFY(view.summaryLabel()->text().contains("MT generalizes better"));
        QVERIFY(view.gapChart()->chart()->title().contains("above 0: MT better"));
    }

    void logGridAndAxis()
    {
        Fixture f;
        gui::TransferView view;
        view.setRuns({ f.multi, f.left });
        view.setLogX(true);
        QVERIFY(view.gapChart()->isLogX());
        QVERIFY(view.curvesChart()->isLogX());
        const QVector<QPointF> curve = view.gapChart()->seriesPoints(0);
        QCOMPARE(curve.size(), 60);
        const double expected = std::exp(std::log(1.6) + 30.0 / 59.0 * (std::log(0.25) - std::log(1.6)));
        QVERIFY(std::abs(curve[30].x() - expected) < 1e-12);
        QVERIFY(std::abs(view.gaps().front().gap + 0.2) < 1e-12);
        // 1-2-5 ends around the data that hold a power of ten: [0.25, 1.6] -> [0.2, 2].
        const auto [lo, hi] = view.gapChart()->xRange();
        QVERIFY(std::abs(lo - 0.2) < 1e-12);
        QVERIFY(std::abs(hi - 2.0) < 1e-12);
    }

    void missingBaselineIsExplained()
    {
        Fixture f;
        gui::TransferView view;
        view.setRuns({ f.multi });
        QVERIFY(std::isnan(view.gaps().front().gap));
        QVERIFY(view.summaryLabel()->text().contains("no single-task baseline for task 'left'"));
        view.setRuns({ f.left });
        QVERIFY(view.summaryLabel()->text().contains("Select a multi-task run"));
        QCOMPARE(view.curvesChart()->seriesCount(), 1);
    }

    void rendersAndExports()
    {
        Fixture f;
        gui::TransferView view;
        view.resize(1000, 750);
        view.setRuns({ f.multi, f.left, f.right });
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QImage image = view.grab().toImage();
        QVERIFY(test::distinctColours(image) > 8);
        QTemporaryDir dir;
        test::checkExports(view, dir.path(), "training loss", "gap_mt_minus_st,family-ew - ST,1.6,");
    }

    void baselinesActionQueuesOneRunPerTask()
    {
        gui::MainWindow window;
        window.setWorkspace(m_dir.filePath(QStringLiteral("runs")));
        engine::Experiment e = multiExperiment();
        e.problemParams = { { "tasks", 2LL }, { "samples", 400LL }, { "features", 8LL } };
        e.steps = 40;
        e.evaluateEvery = 10;
        e.threads = 1;
        window.experimentForm()->setExperiment(e);
        QVERIFY2(window.experimentForm()->isValid(), qPrintable(window.experimentForm()->validationMessage()));
        QVERIFY(window.action("actionBaselines")->isEnabled());
        QVERIFY(window.action("actionImportCsv"));
        const int multiId = window.startExperiment(*window.experimentForm()->experiment());
        const QList<int> ids = window.startBaselines();
        QVERIFY2(ids.size() == 2, qPrintable(window.statusBar()->currentMessage()));
        gui::RunManager* runs = window.runManager();
        const gui::RunEntry& first = runs->at(runs->indexOf(ids[0]));
        QCOMPARE(first.name, QString("family-st-task1"));
        QCOMPARE(first.experiment.method, std::string("fixed"));
        QCOMPARE(std::get<std::vector<double>>(first.experiment.methodParams.at("weights")),
            std::vector<double>({ 1.0, 0.0 }));
        QCOMPARE(engine::singleTaskIndex(runs->at(runs->indexOf(ids[1])).experiment), std::optional<int>(1));
        QTRY_VERIFY_WITH_TIMEOUT(!runs->hasActiveRuns(), 60000);
        window.setCurrentRun(multiId);
        auto* view = window.findChild<gui::TransferView*>();
        QVERIFY(view);
        window.viewTabs()->setCurrentWidget(view);
        view->refresh();
        QCOMPARE(view->gaps().size(), 1);
        QVERIFY(view->gaps().front().exactBaseline);
        QVERIFY2(std::isfinite(view->gaps().front().gap), qPrintable(view->summaryLabel()->text()));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestTransferView)
#include "tst_transfer_view.moc"
