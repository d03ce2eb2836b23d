// MMoE (Ma et al. 2018): the task Jacobian over the experts, the Gramian-only route, and the
// combined update (experts and each task's gate + tower) against central finite differences of
// the per-task losses; the representation space is refused.
#include "common/compare.h"
#include "core/linear.h"
#include "fd_check.h"
#include "problem/mmoe_network.h"
#include "problem/network_builder.h"

#include <QTest>

using namespace mtw;
using namespace mtw::problem;

namespace {
data::DatasetPtr smallDataset()
{
    core::Rng rng(5);
    auto dataset = std::make_shared<data::MultiTaskDataset>();
    const Index n = 40, d = 5;
    dataset->features.resize(d, n);
    for (Index i = 0; i < dataset->features.size(); ++i)
        dataset->features.data()[i] = static_cast<float>(rng.normal());
    data::TaskTargets classes;
    classes.name = "classes";
    classes.kind = data::TargetKind::Classification;
    classes.classCount = 3;
    data::TaskTargets values;
    values.name = "values";
    values.kind = data::TargetKind::Regression;
    values.values.resize(2, n);
    for (Index i = 0; i < n; ++i) {
        classes.labels.push_back(static_cast<int>(rng.index(3)));
        values.values(0, i) = static_cast<float>(rng.normal());
        values.values(1, i) = static_cast<float>(rng.normal());
        dataset->train.push_back(i);
    }
    dataset->tasks = { classes, values };
    return dataset;
}

std::unique_ptr<MmoeNetwork> smallMmoe()
{
    data::DatasetPtr dataset = smallDataset();
    std::vector<core::Sequential> experts, gates, towers;
    for (int k = 0; k < 3; ++k)
        experts.push_back(buildMlp(5, { 6 }, "tanh"));
    for (const data::TaskTargets& task : dataset->tasks) {
        core::Sequential gate;
        gate.add(std::make_unique<core::Linear>(5, 3));
        gates.push_back(std::move(gate));
        towers.push_back(buildHead(6, { 4 }, "tanh", task.outputSize()));
    }
    return std::make_unique<MmoeNetwork>("mmoe", dataset, std::move(experts), std::move(gates), std::move(towers), 40);
}
} // namespace

class TestMmoe : public QObject {
    Q_OBJECT
private slots:
    void gradientsMatchFiniteDifferences()
    {
        auto net = smallMmoe();
        QCOMPARE(net->taskCount(), 2);
        QCOMPARE(net->sharedParameterCount(), Index(3 * (5 * 6 + 6)));
        core::Rng rng(7);
        const Vector theta = net->initialParameters(rng);
        StepGradients withJ, onlyG;
        net->computeGradients(theta, { GradientSpace::SharedParameters, true }, rng, withJ);
        const Eigen::VectorXd w = (Eigen::VectorXd(2) << 0.3, 1.7).finished();
        Vector direction;
        net->combine(w, true, direction);
        net->computeGradients(theta, { GradientSpace::SharedParameters, false }, rng, onlyG);

        const Eigen::VectorXd thetaD = theta.cast<double>();
        const Index shared = net->sharedParameterCount();
        Eigen::MatrixXd fdJ(2, net->parameterCount());
        for (int t = 0; t < 2; ++t) {
            auto loss = [&](const Eigen::VectorXd& p) { return net->lossesAt(p.cast<float>())(t); };
            fdJ.row(t) = mtw::test::centralDifference(loss, thetaD, 1e-2).transpose();
        }
        // Losses: the full batch is the evaluation set.
        MTW_COMPARE_VECTORS(withJ.losses, net->lossesAt(theta), 1e-5, 1e-6);
        MTW_COMPARE_VECTORS(withJ.jacobian, fdJ.leftCols(shared), 2e-2, 2e-3);
        const Eigen::MatrixXd J = withJ.jacobian.cast<double>();
        MTW_COMPARE_VECTORS(withJ.gramian, J * J.transpose(), 1e-5, 1e-7);
        MTW_COMPARE_VECTORS(onlyG.gramian, withJ.gramian, 1e-4, 1e-7);
        // combine: experts get J^T w; each task's gate and tower get w_t times its own gradient.
        MTW_COMPARE_VECTORS(direction.head(shared), J.transpose() * w, 1e-4, 1e-6);
        for (Index i = shared; i < net->parameterCount(); ++i) {
            const double expected = w(0) * fdJ(0, i) + w(1) * fdJ(1, i);
            MTW_COMPARE_NEAR(direction(i), expected, 2e-2, 2e-3);
        }
        // Task-specific blocks are disjoint: task 0's loss does not depend on task 1's block.
        double crossTalk = 0;
        for (Index i = shared; i < net->parameterCount(); ++i)
            crossTalk += std::min(std::abs(fdJ(0, i)), std::abs(fdJ(1, i)));
        QVERIFY(crossTalk < 1e-3);
    }

    void representationSpaceIsRefused()
    {
        auto net = smallMmoe();
        core::Rng rng(1);
        const Vector theta = net->initialParameters(rng);
        StepGradients out;
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument, net->computeGradients(theta, { GradientSpace::Representation, false }, rng, out));
    }

    void evaluationReportsMetrics()
    {
        auto net = smallMmoe();
        core::Rng rng(2);
        const Vector theta = net->initialParameters(rng);
        const std::vector<TaskEvaluation> evaluation = net->evaluate(theta, Split::Train);
        QCOMPARE(evaluation.size(), std::size_t(2));
        QCOMPARE(QString::fromStdString(evaluation[0].metricName), QString("accuracy"));
        QVERIFY(evaluation[0].metric >= 0 && evaluation[0].metric <= 1);
        QCOMPARE(QString::fromStdString(evaluation[1].metricName), QString("mse"));
        MTW_COMPARE_NEAR(evaluation[1].loss, net->lossesAt(theta)(1), 1e-5, 1e-6);
    }
};

QTEST_GUILESS_MAIN(TestMmoe)
#include "tst_mmoe.moc"
