// Factors view: factor against training loss for a multi-task run and its single-task baseline,
// the MT - ST difference at equal training loss on hand-made measurements with known answers, the
// generalization gap read at the same training loss, the measured slow-down, the total loss without a difference, the
// factor choices, the blocker without factors, and the exports.
#include "engine/single_task_baselines.h"
#include "gui/charts/chart_panel.h"
#include "gui/views/factors_view.h"
#include "tst_view_support.h"

#include <QLabel>
#include <QTemporaryDir>
#include <QTest>

using namespace mtw;

namespace {

engine::Experiment multiExperiment()
{
    engine::Experiment e;
    e.name = "family";
    e.problem = "synthetic_family";
    e.method = "ew";
    return e;
}

// Four measurements at steps 0, 10, 20, 30 with training losses 2, 1, 0.5, 0.25 on both tasks:
// sharpness = 10 l + offset, coherence 0.5; the total's loss is the sum. Validation checkpoints at
// the same steps: v = 2 l + validationOffset (task 0), so the gap MT - ST is the offsets' difference.
engine::SnapshotPtr measuredSnapshot(double offset, double validationOffset)
{
    auto s = std::make_shared<engine::Snapshot>();
    s->taskNames = { "left", "right" };
    s->step = s->totalSteps = 30;
    s->status = engine::RunStatus::Finished;
    const double losses[] = { 2.0, 1.0, 0.5, 0.25 };
    for (int k = 0; k < 4; ++k) {
        const long long step = 10LL * k;
        const double l = losses[k];
        for (int task : { 0, 1 }) {
            s->factors.push_back({ step, task, "loss", l });
            s->factors.push_back({ step, task, "sharpness", 10 * l + offset });
            s->factors.push_back({ step, task, "coherence", 0.5 });
            s->factors.push_back({ step, task, "sharpness_products", 4 }); // the estimate's cost: no factor
        }
        s->factors.push_back({ step, -1, "loss", 2 * l });
        s->factors.push_back({ step, -1, "sharpness", 20 * l });
        engine::EvaluationRecord validation { step, problem::Split::Validation, {} };
        engine::EvaluationRecord train { step, problem::Split::Train, {} };
        for (int task = 0; task < 2; ++task) {
            validation.tasks.push_back({ 2 * l + validationOffset, 0.0, "accuracy", true, {} });
            train.tasks.push_back({ l, l, "loss", false, {} });
        }
        s->evaluations.push_back(validation);
        s->evaluations.push_back(train);
    }
    return s;
}

gui::RunHistoryPtr makeRun(const QString& name, const engine::Experiment& e, double offset, double validationOffset)
{
    auto run = std::make_shared<gui::RunHistory>(name, e);
    run->append(measuredSnapshot(offset, validationOffset));
    return run;
}

} // namespace

class TestFactorsView : public QObject {
    Q_OBJECT
private slots:
    void differenceAndGapAtEqualTrainingLoss()
    {
        const gui::RunHistoryPtr multi = makeRun("family-ew", multiExperiment(), 1.0, 0.3);
        const gui::RunHistoryPtr left
            = makeRun("family-st-left", engine::singleTaskExperiment(multiExperiment(), 0, 2, "left"), 3.0, 0.5);
        gui::FactorsView view;
        view.setRuns({ multi });
        view.setAvailableRuns({ multi, left });
        // "loss" is the x-axis, and the product count the sharpness' cost: neither is a factor.
        QCOMPARE(view.factors(), (QStringList { "coherence", "sharpness" }));
        view.setFactor("sharpness");
        view.setTask(0);
        QCOMPARE(view.differences().size(), 1);
        const gui::FactorsView::Difference& d = view.differences().front();
        QCOMPARE(d.baseline, QString("family-st-left"));
        QCOMPARE(d.trainLoss, 0.25);
        QVERIFY(std::abs(d.factorDifference - (-2.0)) < 1e-12);
        QVERIFY(std::abs(d.gap - (-0.2)) < 1e-12);
        QVERIFY(view.summaryLabel()->text().contains("generalization gap"));
        // The measured slow-down from the training-loss checkpoints: the same losses at the same
        // steps, so MT / ST is 1 and MT reaches ST's final loss in ST's steps.
        QVERIFY2(
            view.summaryLabel()->text().contains(
                "Slow-down of left: training loss MT/ST 1 at the last common checkpoint, 1 on average; MT needs 1x "
                "ST's steps to reach ST's final loss; no first-order r_t recorded"),
            qPrintable(view.summaryLabel()->text()));
        // Top: MT and ST trajectories with their measurement markers; bottom: one difference curve.
        QCOMPARE(view.factorChart()->seriesCount(), 4);
        QCOMPARE(view.factorChart()->seriesName(0), QString("MT: family-ew"));
        QCOMPARE(view.factorChart()->seriesName(2), QString("ST: family-st-left"));
        QCOMPARE(view.differenceChart()->seriesCount(), 1);
        for (const QPointF& p : view.differenceChart()->seriesPoints(0))
            QVERIFY(std::abs(p.y() + 2.0) < 1e-9);
        QVERIFY(view.exportBlocker().isEmpty());
    }

    void shownBaselinesOnlyOnTheirTasksChart()
    {
        // With every baseline shown (a sweep's folder), task 0's chart holds the MT run and the
        // task-0 baseline only: the task-1 baseline's task-0 curve is no baseline of anything.
        const gui::RunHistoryPtr multi = makeRun("family-ew", multiExperiment(), 1.0, 0.3);
        const gui::RunHistoryPtr left
            = makeRun("family-st-left", engine::singleTaskExperiment(multiExperiment(), 0, 2, "left"), 3.0, 0.5);
        const gui::RunHistoryPtr right
            = makeRun("family-st-right", engine::singleTaskExperiment(multiExperiment(), 1, 2, "right"), 5.0, 0.5);
        gui::FactorsView view;
        view.setRuns({ multi, right, left });
        view.setFactor("sharpness");
        view.setTask(0);
        QCOMPARE(view.factorChart()->seriesCount(), 4);
        QCOMPARE(view.factorChart()->seriesName(2), QString("ST: family-st-left"));
        view.setTask(1);
        QCOMPARE(view.factorChart()->seriesCount(), 4);
        QCOMPARE(view.factorChart()->seriesName(2), QString("ST: family-st-right"));
        view.setTask(2); // total: no baseline has one
        QCOMPARE(view.factorChart()->seriesCount(), 2);
    }

    void totalLossHasNoSingleTaskCounterpart()
    {
        const gui::RunHistoryPtr multi = makeRun("family-ew", multiExperiment(), 1.0, 0.3);
        gui::FactorsView view;
        view.setRuns({ multi });
        view.setFactor("sharpness");
        view.setTask(2); // "total"
        QVERIFY(view.differences().isEmpty());
        QCOMPARE(view.factorChart()->seriesCount(), 2);
        const QVector<QPointF> points = view.factorChart()->seriesPoints(0);
        QCOMPARE(points.size(), 4);
        QCOMPARE(points.front(), QPointF(4.0, 40.0)); // total loss 2 * 2, sharpness 20 * 2
    }

    void withoutFactorsTheViewSaysHowToGetThem()
    {
        auto plain = std::make_shared<gui::RunHistory>("plain", multiExperiment());
        plain->append(test::syntheticSnapshot(0, 10, 2));
        gui::FactorsView view;
        view.setRuns({ plain });
        QVERIFY(view.exportBlocker().contains("diagnostics.factors"));
    }

    void exports()
    {
        const gui::RunHistoryPtr multi = makeRun("family-ew", multiExperiment(), 1.0, 0.3);
        const gui::RunHistoryPtr left
            = makeRun("family-st-left", engine::singleTaskExperiment(multiExperiment(), 0, 2, "left"), 3.0, 0.5);
        gui::FactorsView view;
        view.resize(900, 700);
        view.setRuns({ multi, left });
        view.setFactor("sharpness");
        QTemporaryDir dir;
        test::checkExports(view, dir.path(), "training loss (factor sample)", "factor_mt_minus_st");
    }
};

QTEST_MAIN(TestFactorsView)
#include "tst_factors_view.moc"
