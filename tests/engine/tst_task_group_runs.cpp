// engine/task_group_runs.h: the mean look-ahead gains of a run's factor records (estimator choice,
// fallback, unmeasured pairs) and the experiments that train a group.
#include "engine/single_task_baselines.h"
#include "engine/task_group_runs.h"

#include <QTest>
#include <cmath>
#include <variant>

using namespace mtw::engine;

class TestTaskGroupRuns : public QObject {
    Q_OBJECT
private slots:
    void meanGainsAverageTheMeasuredSteps()
    {
        const std::vector<std::string> names { "a", "b", "c" };
        const std::vector<FactorRecord> records { { 0, 0, "tag_optimizer>b", 1.0 }, { 5, 0, "tag_optimizer>b", 3.0 },
            { 5, 1, "tag_optimizer>a", -2.0 }, { 5, 1, "tag_affinity>a", 7.0 }, { 5, 0, "loss", 9.0 },
            { 9, 2, "tag_optimizer>a", std::nan("") } };
        const MeanGains optimizer = meanLookaheadGains(records, names);
        QCOMPARE(optimizer.estimator, GainEstimator::Optimizer);
        QCOMPARE(optimizer.measurements, 2); // steps 0 and 5 (step 9's value is not finite)
        QCOMPARE(optimizer.gains(0, 1), 2.0);
        QCOMPARE(optimizer.gains(1, 0), -2.0);
        QVERIFY(std::isnan(optimizer.gains(2, 0))); // never measured
        const MeanGains plain = meanLookaheadGains(records, names, GainEstimator::Lookahead);
        QCOMPARE(plain.gains(1, 0), 7.0);
        // A run with only TAG's gains falls back to them; with neither, a message says what to record.
        const MeanGains fallback = meanLookaheadGains({ { 3, 1, "tag_affinity>c", 0.5 } }, names);
        QCOMPARE(fallback.estimator, GainEstimator::Lookahead);
        QCOMPARE(fallback.gains(1, 2), 0.5);
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, meanLookaheadGains({ { 3, 1, "sharpness", 0.5 } }, names));
    }

    void groupExperimentsTrainTheirTasksOnly()
    {
        Experiment base;
        base.name = "exp";
        base.method = "mgda";
        const std::vector<std::string> names { "a", "b", "c" };
        const Experiment pair = groupExperiment(base, { 0, 2 }, names);
        QCOMPARE(pair.name, std::string("exp-group-a+c"));
        QCOMPARE(pair.method, std::string("fixed"));
        QCOMPARE(std::get<std::vector<double>>(pair.methodParams.at("weights")), (std::vector<double> { 0.5, 0, 0.5 }));
        // A group of one is the single-task baseline, shared with `mtw-cli baselines`.
        const Experiment single = groupExperiment(base, { 1 }, names);
        QCOMPARE(experimentToJsonText(single), experimentToJsonText(singleTaskExperiment(base, 1, 3, "b")));
        QCOMPARE(groupLabel({ 0, 1, 2 }, names), std::string("a+b+c"));
    }
};

QTEST_GUILESS_MAIN(TestTaskGroupRuns)
#include "tst_task_group_runs.moc"
