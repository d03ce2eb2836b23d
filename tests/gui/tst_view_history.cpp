// RunHistory and its bounded containers: known values survive accumulation, min/max decimation
// keeps spikes, 10^6 steps stay bounded, cosine/trajectory history is thinned but complete.
#include "gui/decimated_series.h"
#include "gui/run_history.h"
#include "gui/thinned_samples.h"
#include "tst_view_support.h"

#include <QTest>

using namespace mtw;

class TestViewHistory : public QObject {
    Q_OBJECT
private slots:
    void decimatedSeriesKeepsEveryPointWhileSmall()
    {
        gui::DecimatedSeries s(100);
        for (int k = 0; k < 50; ++k)
            s.append(k, k * 2.0);
        const QVector<QPointF> p = s.points();
        QCOMPARE(p.size(), 50);
        QCOMPARE(p[7], QPointF(7, 14));
        QCOMPARE(s.rawCount(), 50);
    }

    void decimatedSeriesKeepsSpikesAndStaysBounded()
    {
        gui::DecimatedSeries s(100);
        for (int k = 0; k < 100000; ++k)
            s.append(k, k == 54321 ? 1000.0 : (k == 777 ? -5.0 : 1.0));
        const QVector<QPointF> p = s.points();
        QVERIFY(p.size() <= 200);
        QVERIFY(s.bucketCount() <= 100);
        QCOMPARE(s.maximum(), 1000.0);
        QCOMPARE(s.minimum(), -5.0);
        bool spike = false, dip = false;
        for (const QPointF& q : p) {
            spike = spike || (q.x() == 54321 && q.y() == 1000.0);
            dip = dip || (q.x() == 777 && q.y() == -5.0);
        }
        QVERIFY(spike && dip);
        for (int k = 1; k < p.size(); ++k)
            QVERIFY(p[k].x() >= p[k - 1].x());
        // Bucket means of a constant-1 series away from the spikes are exactly 1.
        QCOMPARE(s.means()[1].y(), 1.0); // bucket 0 holds the dip at x = 777
    }

    void thinnedSamplesCoverTheWholeRun()
    {
        gui::ThinnedSamples<int> t(10);
        for (int k = 0; k < 1000; ++k)
            t.append(k, k);
        const auto all = t.samples();
        QVERIFY(all.size() <= 11);
        QCOMPARE(all.front().first, 0LL);
        QCOMPARE(all.back().first, 999LL); // the newest is always there
    }

    void historyAccumulatesKnownValues()
    {
        gui::MutableRunHistoryPtr run = test::syntheticRun("r", 1000, 3, true);
        QCOMPARE(run->taskCount(), 3);
        QCOMPARE(run->taskNames().at(1), QString("taskB"));
        QCOMPARE(run->step(), 1000LL);
        QCOMPARE(run->status(), engine::RunStatus::Finished);
        const QVector<QPointF> loss = run->series(gui::TaskSeries::Loss, 2).points();
        QCOMPARE(loss.size(), 1000);
        QCOMPARE(loss[9].y(), test::syntheticLoss(2, 9));
        QCOMPARE(run->series(gui::TaskSeries::Weight, 0).last().y(), 1.0 / 3.0);
        QCOMPARE(run->series(gui::TaskSeries::GradientNorm, 2).last().y(), 10.0);
        QCOMPARE(run->evaluation(gui::EvalSeries::Loss, 0).points().size(), 20);
        QCOMPARE(run->evaluation(gui::EvalSeries::Loss, 0).points()[1].y(), 2 * test::syntheticLoss(0, 50));
        QCOMPARE(run->metricName(0), QString("accuracy"));
        QCOMPARE(run->nonConflictingFraction(), 0.75);
        QCOMPARE(run->cosineHistory().size(), std::size_t(100));
        QCOMPARE(run->latestCosine()(0, 1), -0.5);
        QCOMPARE(run->finalLosses()(0), test::syntheticLoss(0, 999));
        const auto traj = run->trajectory();
        QCOMPARE(traj.size(), std::size_t(1001)); // 1000 step points + the final parameters
        QCOMPARE(traj.back().second(0), -8.5 + 10.0);
    }

    void evaluationSeriesKeepOneSplit()
    {
        auto run = std::make_shared<gui::RunHistory>("splits", test::syntheticExperiment());
        auto s = std::make_shared<engine::Snapshot>();
        s->taskNames = { "a" };
        for (long long step : { 0, 10 })
            for (problem::Split split : { problem::Split::Train, problem::Split::Validation, problem::Split::Test }) {
                engine::EvaluationRecord e { step, split, { problem::TaskEvaluation {} } };
                e.tasks[0].loss = split == problem::Split::Validation ? 2.0 : 1.0;
                s->evaluations.push_back(e);
            }
        run->append(s);
        QCOMPARE(run->evaluationSplit(), problem::Split::Validation);
        const QVector<QPointF> p = run->evaluation(gui::EvalSeries::Loss, 0).points();
        QCOMPARE(p, QVector<QPointF>({ QPointF(0, 2.0), QPointF(10, 2.0) }));
    }

    void millionStepsStayBounded()
    {
        auto run = std::make_shared<gui::RunHistory>("long", test::syntheticExperiment());
        const long long total = 1000000, chunk = 20000;
        for (long long first = 0; first < total; first += chunk)
            run->append(test::syntheticSnapshot(first, chunk, 2, total, 1000, 1000));
        QCOMPARE(run->step(), total);
        QCOMPARE(run->recordedSteps(), total);
        for (int t = 0; t < 2; ++t)
            QVERIFY(run->series(gui::TaskSeries::Loss, t).points().size() <= 4000);
        QVERIFY(run->conflictFraction().points().size() <= 4000);
        QVERIFY(run->lossTrajectory().size() <= 4001);
        QVERIFY(run->cosineHistory().size() <= 2001);
        // The first and the last loss are still the exact values.
        const QVector<QPointF> p = run->series(gui::TaskSeries::Loss, 0).points();
        QCOMPARE(p.first().y(), test::syntheticLoss(0, 0));
        QCOMPARE(run->series(gui::TaskSeries::Loss, 0).minimum(), test::syntheticLoss(0, total - 1));
    }
};

QTEST_MAIN(TestViewHistory)
#include "tst_view_history.moc"
