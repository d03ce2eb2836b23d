// engine/pairwise_transfer.h on hand-made run records: the plan (order, names, seeds), each
// quantity's sign for a lower- and a higher-is-better metric, the last evaluation of the chosen
// split, mean / sample std / count over seeds with a missing run, the undefined diagonal, and the
// CSV.
#include "engine/pairwise_transfer.h"

#include <QTest>
#include <cmath>

using namespace mtw;
using namespace mtw::engine;

namespace {

// A run whose last test evaluation gives each task (loss, metric); an earlier test evaluation and
// a later validation one that must not be read.
RunRecord runWith(const std::vector<std::pair<double, double>>& results, bool higherIsBetter)
{
    RunRecord run;
    run.status = "finished";
    EvaluationRecord early { 10, problem::Split::Test, {} }, last { 20, problem::Split::Test, {} },
        validation { 20, problem::Split::Validation, {} };
    for (const auto& [loss, metric] : results) {
        early.tasks.push_back({ 99, 99, "m", higherIsBetter, {} });
        last.tasks.push_back({ loss, metric, higherIsBetter ? "accuracy" : "mse", higherIsBetter, {} });
        validation.tasks.push_back({ -99, -99, "m", higherIsBetter, {} });
    }
    run.evaluations = { early, validation, last };
    return run;
}

} // namespace

class TestPairwiseTransfer : public QObject {
    Q_OBJECT
private slots:
    void planTrainsEveryTaskAloneAndEveryPairPerSeed()
    {
        Experiment base;
        base.name = "exp";
        base.seed = 9;
        const std::vector<std::string> names { "a", "b", "c" };
        const std::vector<PairwiseRun> one = pairwiseTransferPlan(base, names, { 9 });
        QCOMPARE(one.size(), std::size_t(6));
        QCOMPARE(one[0].experiment.name, std::string("exp-st-a")); // one seed: the plain names
        QCOMPARE(one[4].experiment.name, std::string("exp-group-a+c"));
        QCOMPARE(one[4].group, (std::vector<int> { 0, 2 }));
        const std::vector<PairwiseRun> two = pairwiseTransferPlan(base, names, { 1, 2 });
        QCOMPARE(two.size(), std::size_t(12));
        QCOMPARE(two[7].experiment.name, std::string("exp-st-b-s2"));
        QCOMPARE(two[7].experiment.seed, std::uint64_t(2));
        QCOMPARE(two[7].seedIndex, std::size_t(1));
        QCOMPARE(two[11].experiment.name, std::string("exp-group-b+c-s2"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, pairwiseTransferPlan(base, { "a" }, { 0 }));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, pairwiseTransferPlan(base, names, {}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, pairwiseTransferPlan(base, names, { 3, 3 }));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, transferQuantityFromName("gain"));
    }

    void gainsAreSignedMeanedAndCounted()
    {
        Experiment base;
        const std::vector<std::string> names { "a", "b" };
        const std::vector<PairwiseRun> plan = pairwiseTransferPlan(base, names, { 0, 1, 2 });
        // Per seed s: a alone (loss 1 + s, mse 2 + s), b alone (loss 3, accuracy 0.5), pair
        // (a: loss 0.5 + s, mse 1 + s; b: loss 3.5, accuracy 0.6 + 0.1 s). Seed 2's pair is missing.
        std::vector<RunRecord> records;
        std::vector<const RunRecord*> runs(plan.size(), nullptr);
        records.reserve(plan.size());
        for (std::size_t k = 0; k < plan.size(); ++k) {
            const double s = static_cast<double>(plan[k].seedIndex);
            if (plan[k].group.size() == 2 && plan[k].seedIndex == 2)
                continue;
            if (plan[k].group == std::vector<int> { 0 })
                records.push_back(runWith({ { 1 + s, 2 + s }, { 7, 7 } }, false));
            else if (plan[k].group == std::vector<int> { 1 })
                records.push_back(runWith({ { 7, 7 }, { 3, 0.5 } }, true));
            else {
                records.push_back(runWith({ { 0.5 + s, 1 + s }, { 0, 0 } }, false));
                records.back().evaluations.back().tasks[1] = { 3.5, 0.6 + 0.1 * s, "accuracy", true, {} };
            }
            runs[k] = &records.back();
        }
        const PairwiseTransfer loss = pairwiseTransfer(plan, runs, names, { 0, 1, 2 }, TransferQuantity::Loss);
        QCOMPARE(loss.count(0, 1), 2.0);
        QCOMPARE(loss.mean(0, 1), 0.5); // a's loss drops by 0.5 with b
        QCOMPARE(loss.std(0, 1), 0.0);
        QCOMPARE(loss.mean(1, 0), -0.5); // b's loss rises by 0.5 with a
        QVERIFY(std::isnan(loss.perSeed[2](0, 1))); // the pair of seed 2 is missing
        QVERIFY(std::isnan(loss.mean(0, 0)) && loss.count(0, 0) == 0.0);
        QCOMPARE(loss.metricNames, (std::vector<std::string> { "mse", "accuracy" }));

        const PairwiseTransfer metric = pairwiseTransfer(plan, runs, names, { 0, 1, 2 }, TransferQuantity::Metric);
        QCOMPARE(metric.mean(0, 1), 1.0); // MSE down by 1: +1
        QVERIFY(std::abs(metric.mean(1, 0) - 0.15) < 1e-12); // accuracy up by 0.1 and 0.2
        QVERIFY(std::abs(metric.std(1, 0) - std::sqrt(0.005)) < 1e-12); // sample std of {0.1, 0.2}
        const PairwiseTransfer relative = pairwiseTransfer(plan, runs, names, { 0, 1, 2 }, TransferQuantity::Relative);
        QVERIFY(std::abs(relative.mean(0, 1) - (100.0 / 2 + 100.0 / 3) / 2) < 1e-12); // of mse 2 and 3
        QVERIFY(std::abs(relative.mean(1, 0) - (20.0 + 40.0) / 2) < 1e-9);

        // One seed present: a mean without a spread.
        const std::vector<PairwiseRun> single(plan.begin(), plan.begin() + 3);
        const std::vector<const RunRecord*> singleRuns(runs.begin(), runs.begin() + 3);
        const PairwiseTransfer once = pairwiseTransfer(single, singleRuns, names, { 0 }, TransferQuantity::Loss);
        QCOMPARE(once.mean(0, 1), 0.5);
        QVERIFY(std::isnan(once.std(0, 1)));
        QCOMPARE(meanStdLabel(once.mean(0, 1), once.std(0, 1)), std::string("0.5"));
        QCOMPARE(meanStdLabel(0.012345, 0.00456), std::string("0.0123 \u00b1 0.0046"));
        QCOMPARE(meanStdLabel(std::nan(""), 1), std::string());

        const std::string csv = pairwiseTransferCsv(loss);
        QVERIFY(csv.rfind("i,j,task_i,task_j,quantity,mean,std,seeds,seed_0,seed_1,seed_2\n", 0) == 0);
        QVERIFY(csv.find("\n0,1,a,b,loss,0.5,0,2,0.5,0.5,\n") != std::string::npos);
        QVERIFY(
            csv.find("\n1,0,a,b") == std::string::npos && csv.find("\n1,0,b,a,loss,-0.5,0,2,") != std::string::npos);
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument, pairwiseTransfer(plan, { nullptr }, names, { 0, 1, 2 }, TransferQuantity::Loss));
    }
};

QTEST_GUILESS_MAIN(TestPairwiseTransfer)
#include "tst_pairwise_transfer.moc"
