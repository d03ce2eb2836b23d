// Hard-sharing networks: the Gramian-only path equals J J^T of the materialized Jacobian,
// combine() equals J^T w plus the heads' own gradients, the representation mode's Gramian is
// the inner products of the representation deltas, and the full gradient of sum_t L_t matches
// central finite differences; without per-task backward, combine()'s one backward of the weighted
// delta gives the same update; evaluations carry the further metrics (F1, AUC, MAE) that
// taskMetrics computes on its own. Also the synthetic task family's relatedness knob.
#include "../core/finite_difference.h"
#include "common/compare.h"
#include "data/synthetic_task_family.h"
#include "problem/hard_sharing_network.h"
#include "problem/network_builder.h"
#include "problem/task_metrics.h"

#include <QTest>

using namespace mtw;

Q_DECLARE_METATYPE(Eigen::VectorXd)

namespace {

std::unique_ptr<problem::HardSharingNetwork> makeNetwork(bool classification, int batch)
{
    data::SyntheticTaskFamilyOptions options;
    options.tasks = 3;
    options.samples = 60;
    options.features = 5;
    options.hidden = 4;
    options.classification = classification;
    options.classes = 3;
    options.seed = 4;
    auto dataset = std::make_shared<const data::MultiTaskDataset>(data::makeSyntheticTaskFamily(options));
    core::Sequential trunk = problem::buildMlp(5, { 8, 6 }, "tanh");
    std::vector<core::Sequential> heads;
    for (const data::TaskTargets& task : dataset->tasks)
        heads.push_back(problem::buildHead(6, {}, "tanh", task.outputSize()));
    return std::make_unique<problem::HardSharingNetwork>("test", dataset, std::move(trunk), std::move(heads), batch);
}

} // namespace

class TestHardSharingNetwork : public QObject {
    Q_OBJECT
private slots:
    void gramianPathEqualsJacobianPath()
    {
        auto net = makeNetwork(true, 16);
        core::Rng init(1);
        const core::Vector theta = net->initialParameters(init);
        problem::StepGradients withJ, withoutJ;
        core::Rng a(5), b(5);
        net->computeGradients(theta, { problem::GradientSpace::SharedParameters, true }, a, withJ);
        net->computeGradients(theta, { problem::GradientSpace::SharedParameters, false }, b, withoutJ);
        // The two calls draw different batches from the epoch cursor; compare on a fresh network.
        auto net2 = makeNetwork(true, 16);
        core::Rng c(5);
        net2->computeGradients(theta, { problem::GradientSpace::SharedParameters, false }, c, withoutJ);
        const Eigen::MatrixXd J = withJ.jacobian.cast<double>();
        MTW_COMPARE_VECTORS(withoutJ.gramian, Eigen::MatrixXd(J * J.transpose()), 1e-4, 1e-6);
        MTW_COMPARE_VECTORS(withJ.gramian, Eigen::MatrixXd(J * J.transpose()), 1e-5, 1e-7);
        MTW_COMPARE_VECTORS(withJ.losses, withoutJ.losses, 0, 0);

        const Eigen::Vector3d w(0.2, -0.7, 1.5);
        core::Vector direction;
        net2->combine(w, false, direction);
        const Eigen::VectorXd shared = direction.head(net2->sharedParameterCount()).cast<double>();
        MTW_COMPARE_VECTORS(shared, Eigen::VectorXd(J.transpose() * w), 1e-4, 1e-6);
    }

    void skippingTheGramianLeavesTheUpdateUnchanged()
    {
        core::Rng init(1);
        auto withG = makeNetwork(true, 16);
        auto withoutG = makeNetwork(true, 16);
        const core::Vector theta = withG->initialParameters(init);
        problem::StepGradients a, b;
        core::Rng ra(5), rb(5);
        withG->computeGradients(theta, { problem::GradientSpace::SharedParameters, false, true }, ra, a);
        withoutG->computeGradients(theta, { problem::GradientSpace::SharedParameters, false, false }, rb, b);
        QVERIFY(a.gramian.norm() > 0);
        QCOMPARE(b.gramian.norm(), 0.0);
        core::Vector da, db;
        const Eigen::Vector3d w(0.3, 0.3, 0.4);
        withG->combine(w, true, da);
        withoutG->combine(w, true, db);
        QVERIFY(da == db); // bit for bit: the same GEMMs on the same deltas
    }

    void singleBackwardEqualsPerTaskCombine_data()
    {
        QTest::addColumn<bool>("classification");
        QTest::addColumn<bool>("weightHeads");
        QTest::addColumn<Eigen::VectorXd>("weights");
        QTest::newRow("classification-equal-weights") << true << true << Eigen::VectorXd(Eigen::Vector3d(1, 1, 1) / 3);
        QTest::newRow("classification-signed-weights")
            << true << false << Eigen::VectorXd(Eigen::Vector3d(0.2, -0.7, 1.5));
        QTest::newRow("regression-one-task") << false << true << Eigen::VectorXd(Eigen::Vector3d(0, 1, 0));
        QTest::newRow("regression-uneven-weights") << false << true << Eigen::VectorXd(Eigen::Vector3d(3, 0.01, 0.5));
    }
    void singleBackwardEqualsPerTaskCombine()
    {
        QFETCH(bool, classification);
        QFETCH(bool, weightHeads);
        QFETCH(Eigen::VectorXd, weights);
        auto perTask = makeNetwork(classification, 16);
        auto single = makeNetwork(classification, 16);
        core::Rng init(1);
        const core::Vector theta = perTask->initialParameters(init);
        problem::StepGradients a, b;
        core::Rng ra(5), rb(5); // the same batch on both networks
        problem::GradientRequest once { problem::GradientSpace::SharedParameters, false, false };
        once.perTaskBackward = false;
        perTask->computeGradients(theta, { problem::GradientSpace::SharedParameters, false, false }, ra, a);
        single->computeGradients(theta, once, rb, b);
        QVERIFY(a.losses == b.losses); // the same forward pass
        QCOMPARE(perTask->trunkBackwardDeltas(), 3LL); // every task's delta went down the trunk
        QCOMPARE(single->trunkBackwardDeltas(), 0LL); // none yet: combine() does the one backward
        core::Vector viaTasks, viaSum;
        perTask->combine(weights, weightHeads, viaTasks);
        single->combine(weights, weightHeads, viaSum);
        QCOMPARE(perTask->trunkBackwardDeltas(), 3LL);
        QCOMPARE(single->trunkBackwardDeltas(), 1LL);
        // Float tolerance, not bits: the weighted sum is taken at the top of the trunk instead of
        // at every layer, so the rounding differs.
        MTW_COMPARE_VECTORS(viaSum, viaTasks, 1e-5, 1e-7);
        QVERIFY(viaSum.head(single->sharedParameterCount()).norm() > 0);
    }

    void singleBackwardIsRefusedWhenTaskGradientsAreNeeded()
    {
        // A request that also asks for G keeps the per-task backward whatever perTaskBackward says.
        auto net = makeNetwork(true, 16);
        core::Rng init(1);
        const core::Vector theta = net->initialParameters(init);
        problem::StepGradients g;
        core::Rng rng(5);
        problem::GradientRequest request;
        request.perTaskBackward = false;
        net->computeGradients(theta, request, rng, g);
        QCOMPARE(net->trunkBackwardDeltas(), 3LL);
        QVERIFY(g.gramian.norm() > 0);
    }

    void fullGradientMatchesFiniteDifferences_data()
    {
        QTest::addColumn<bool>("classification");
        QTest::newRow("regression") << false;
        QTest::newRow("classification") << true;
    }
    void fullGradientMatchesFiniteDifferences()
    {
        QFETCH(bool, classification);
        // Batch = the whole training split, so every step sees the same samples.
        auto net = makeNetwork(classification, 1000);
        const std::vector<core::Index> train = net->dataset().train;
        core::Rng init(2);
        const core::Vector theta = net->initialParameters(init);
        problem::StepGradients gradients;
        core::Rng rng(3);
        net->computeGradients(theta, { problem::GradientSpace::SharedParameters, false }, rng, gradients);
        core::Vector direction;
        net->combine(Eigen::VectorXd::Ones(3), true, direction);
        auto totalLoss = [&](const Eigen::VectorXd& p) {
            auto probe = makeNetwork(classification, 1000);
            problem::StepGradients g;
            core::Rng r(3);
            probe->computeGradients(p.cast<core::Scalar>(), { problem::GradientSpace::SharedParameters, false }, r, g);
            return g.losses.sum();
        };
        const Eigen::VectorXd numeric = test::centralDifference(totalLoss, theta.cast<double>(), 1e-2);
        MTW_COMPARE_VECTORS(direction, numeric, 2e-2, 2e-3);
    }

    void representationModeUsesRepresentationDeltas()
    {
        auto net = makeNetwork(false, 10);
        core::Rng init(1);
        const core::Vector theta = net->initialParameters(init);
        problem::StepGradients g;
        core::Rng rng(9);
        net->computeGradients(theta, { problem::GradientSpace::Representation, true }, rng, g);
        QCOMPARE(g.jacobian.cols(), core::Index(6 * 10));
        const Eigen::MatrixXd J = g.jacobian.cast<double>();
        MTW_COMPARE_VECTORS(g.gramian, Eigen::MatrixXd(J * J.transpose()), 1e-5, 1e-8);
        // combine with weights e_1 equals backpropagating task 1's representation delta.
        core::Vector viaWeights, viaDirection;
        net->combine(Eigen::Vector3d(1, 0, 0), false, viaWeights);
        net->combineDirection(g.jacobian.row(0).transpose(), Eigen::Vector3d::Ones(), false, viaDirection);
        MTW_COMPARE_VECTORS(viaWeights, viaDirection, 1e-5, 1e-7);
    }

    void relatednessOneMakesIdenticalTasks()
    {
        data::SyntheticTaskFamilyOptions options;
        options.tasks = 3;
        options.samples = 50;
        options.rho = 1.0;
        options.noise = 0.0;
        const data::MultiTaskDataset d = data::makeSyntheticTaskFamily(options);
        MTW_COMPARE_VECTORS(d.tasks[0].values, d.tasks[2].values, 1e-6, 1e-6);
        options.rho = 0.0;
        const data::MultiTaskDataset u = data::makeSyntheticTaskFamily(options);
        QVERIFY((u.tasks[0].values - u.tasks[2].values).norm() > 1.0);
        QCOMPARE(d.train.size() + d.validation.size() + d.test.size(), std::size_t(50));
    }

    void evaluationCarriesTheFurtherMetrics_data()
    {
        QTest::addColumn<bool>("classification");
        QTest::newRow("classification") << true;
        QTest::newRow("regression") << false;
    }

    // evaluate()'s metrics, from the outputs gathered during its chunked pass, equal taskMetrics()'s,
    // which runs its own forward pass: the primary one as TaskEvaluation::metric, the others
    // (macro-F1 and AUC, or MAE) as moreMetrics, in the same order.
    void evaluationCarriesTheFurtherMetrics()
    {
        QFETCH(bool, classification);
        auto net = makeNetwork(classification, 16);
        core::Rng rng(9);
        const core::Vector theta = net->initialParameters(rng);
        const std::vector<problem::TaskEvaluation> evaluations = net->evaluate(theta, problem::Split::Test);
        const std::vector<problem::TaskMetrics> reference = problem::taskMetrics(*net, theta, problem::Split::Test);
        QCOMPARE(evaluations.size(), reference.size());
        for (std::size_t t = 0; t < evaluations.size(); ++t) {
            const problem::TaskEvaluation& e = evaluations[t];
            const std::vector<problem::MetricValue>& all = reference[t].metrics;
            QCOMPARE(e.metricName, all.front().name);
            MTW_COMPARE_NEAR(e.metric, all.front().value, 1e-12, 1e-9);
            QCOMPARE(e.moreMetrics.size() + 1, all.size());
            for (std::size_t k = 0; k < e.moreMetrics.size(); ++k) {
                QCOMPARE(e.moreMetrics[k].name, all[k + 1].name);
                MTW_COMPARE_NEAR(e.moreMetrics[k].value, all[k + 1].value, 1e-12, 1e-9);
                QCOMPARE(e.moreMetrics[k].higherIsBetter, all[k + 1].higherIsBetter);
            }
            QCOMPARE(e.moreMetrics.front().name, std::string(classification ? "macro_f1" : "mae"));
            if (classification) {
                QCOMPARE(e.moreMetrics.back().name, std::string("auc"));
                QVERIFY(e.moreMetrics.back().value >= 0 && e.moreMetrics.back().value <= 1);
            }
        }
    }

    void mismatchedHeadIsRejected()
    {
        data::SyntheticTaskFamilyOptions options;
        options.tasks = 1;
        auto dataset = std::make_shared<const data::MultiTaskDataset>(data::makeSyntheticTaskFamily(options));
        std::vector<core::Sequential> heads;
        heads.push_back(problem::buildHead(4, {}, "relu", 7));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
            problem::HardSharingNetwork("x", dataset, problem::buildMlp(32, { 4 }, "relu"), std::move(heads), 8));
    }
};

QTEST_GUILESS_MAIN(TestHardSharingNetwork)
#include "tst_hard_sharing_network.moc"
