// Worst-group outcomes (Kulkarni et al. 2024): the worst-group accuracy by hand and through the
// metrics of a split's outputs, and the l1 penalty on the last shared layer's weights against the
// direction without it.
#include "common/compare.h"
#include "core/linear.h"
#include "data/synthetic_task_family.h"
#include "problem/hard_sharing_network.h"
#include "problem/network_builder.h"
#include "problem/task_metrics.h"

#include <QTest>

using namespace mtw;

class TestWorstGroup : public QObject {
    Q_OBJECT
private slots:
    void worstGroupAccuracyByHand()
    {
        // Group 0: 3 of 4 right; group 1: 1 of 2; group 7: 2 of 2. Worst: 0.5.
        const std::vector<int> truth { 1, 0, 1, 1, 0, 1, 0, 0 };
        const std::vector<int> predicted { 1, 0, 0, 1, 0, 0, 0, 0 };
        const std::vector<int> groups { 0, 0, 0, 0, 1, 1, 7, 7 };
        QCOMPARE(problem::worstGroupAccuracy(predicted, truth, groups), 0.5);
        QVERIFY(std::isnan(problem::worstGroupAccuracy({}, {}, {})));
    }

    void metricsReportItWithGroupsOnly()
    {
        // Classification over 4 samples (of a 6-sample data set), groups 0 and 1: the argmax is
        // right on samples 0, 2, 5 and wrong on sample 3, so group 0 (samples 0, 3) has 1/2 and
        // group 1 (samples 2, 5) 2/2.
        data::TaskTargets classes;
        classes.kind = data::TargetKind::Classification;
        classes.classCount = 2;
        classes.labels = { 0, 1, 1, 0, 1, 1 };
        const std::vector<core::Index> samples { 0, 2, 3, 5 };
        core::Matrix outputs(2, 4);
        outputs << 2, 0, 0, -1, //
            1, 3, 1, 4;
        const std::vector<int> groups { 0, 0, 1, 0, 1, 1 };
        const auto find = [](const std::vector<problem::MetricValue>& all, const std::string& name) {
            for (const problem::MetricValue& m : all)
                if (m.name == name)
                    return m.value;
            return -1.0;
        };
        const std::vector<problem::MetricValue> withGroups
            = problem::metricsFromOutputs(classes, samples, outputs, groups);
        QCOMPARE(find(withGroups, "accuracy"), 0.75);
        QCOMPARE(find(withGroups, "worst_group_accuracy"), 0.5);
        QCOMPARE(find(problem::metricsFromOutputs(classes, samples, outputs), "worst_group_accuracy"), -1.0);
        QVERIFY(problem::higherIsBetterMetric("worst_group_accuracy"));
        // Binary with two outputs: each output's decision counts in its sample's group. Sample 0
        // (group 0): both right; sample 1 (group 1): one of two right. Worst: 0.5.
        data::TaskTargets flags;
        flags.kind = data::TargetKind::Binary;
        flags.values.resize(2, 2);
        flags.values << 1, 0, //
            0, 1;
        core::Matrix logits(2, 2);
        logits << 3, -1, //
            -2, -4;
        QCOMPARE(find(problem::furtherMetrics(flags, { 0, 1 }, logits, { 0, 1 }), "worst_group_accuracy"), 0.5);
    }

    void l1PenaltyAddsLambdaSignOnTheLastSharedWeights()
    {
        data::SyntheticTaskFamilyOptions options;
        options.tasks = 2;
        options.samples = 40;
        options.features = 5;
        options.hidden = 3;
        options.seed = 2;
        auto dataset = std::make_shared<const data::MultiTaskDataset>(data::makeSyntheticTaskFamily(options));
        const auto build = [&] {
            std::vector<core::Sequential> heads;
            for (const data::TaskTargets& task : dataset->tasks)
                heads.push_back(problem::buildHead(6, {}, "tanh", task.outputSize()));
            return std::make_unique<problem::HardSharingNetwork>(
                "net", dataset, problem::buildMlp(5, { 8, 6 }, "tanh"), std::move(heads), 16);
        };
        auto plain = build(), penalised = build();
        penalised->setSharedL1(0.25);
        core::Rng init(3);
        core::Vector theta = plain->initialParameters(init);
        const core::Index last = plain->trunk().parameterOffset(2); // the 8 -> 6 Linear layer
        theta(last) = 0; // sign(0) = 0: no penalty there
        const Eigen::VectorXd weights = Eigen::Vector2d(0.3, 0.7);
        for (bool perTask : { true, false }) {
            core::Rng a(5), b(5);
            problem::StepGradients ga, gb;
            plain->computeGradients(
                theta, { problem::GradientSpace::SharedParameters, false, perTask, perTask }, a, ga);
            penalised->computeGradients(
                theta, { problem::GradientSpace::SharedParameters, false, perTask, perTask }, b, gb);
            QCOMPARE(ga.losses, gb.losses); // the penalty is not in the task losses
            core::Vector da, db;
            plain->combine(weights, true, da);
            penalised->combine(weights, true, db);
            core::Vector expected = core::Vector::Zero(da.size());
            expected.segment(last, 6 * 8) = 0.25f * theta.segment(last, 6 * 8).array().sign().matrix();
            QCOMPARE(expected(last), 0.0f);
            MTW_COMPARE_VECTORS((db - da).cast<double>(), expected.cast<double>(), 0, 1e-6);
        }
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, penalised->setSharedL1(-1));
    }
};

QTEST_GUILESS_MAIN(TestWorstGroup)
#include "tst_worst_group.moc"
