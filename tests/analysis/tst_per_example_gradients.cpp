// Per-example gradients from one backward pass against n single-sample backward passes (MLP and
// CNN trunks; classification, regression and binary tasks), and their mean against the task
// gradient of TaskGradientOracle on the same subset.
// TBB first: Qt defines an `emit` macro that breaks oneTBB headers.
#include <tbb/task_arena.h>

#include "analysis/per_example_gradients.h"
#include "analysis/task_gradient_oracle.h"
#include "analysis_fixtures.h"
#include "common/compare.h"
#include "core/activation.h"
#include "core/conv2d.h"
#include "core/linear.h"
#include "core/loss.h"
#include "core/max_pool2d.h"

#include <QTest>
#include <cmath>

using namespace mtw::analysis;
using mtw::core::Index;
using mtw::core::Matrix;
using mtw::core::Sequential;

namespace {

// 3 tasks on random 1 x 8 x 8 "images": 3-class classification, 2-output regression, 2-output
// binary. Trunk: an MLP (64 -> 12 -> 10, ReLU) or a small CNN (conv 1->3 k3 - max-pool 2 - ReLU
// - linear 27 -> 10 - ReLU). Task 0's head has a hidden tanh layer, so the backward goes through
// a non-parametric layer in a head too.
std::unique_ptr<mtw::problem::HardSharingNetwork> makeNetwork(bool cnn, int samples = 40)
{
    mtw::core::Rng rng(11);
    auto data = std::make_shared<mtw::data::MultiTaskDataset>();
    data->name = "images";
    data->channels = 1;
    data->height = data->width = 8;
    data->features.resize(64, samples);
    for (Index i = 0; i < data->features.size(); ++i)
        data->features.data()[i] = static_cast<float>(rng.normal());
    mtw::data::TaskTargets classes { "classes", mtw::data::TargetKind::Classification, 3, {}, {} };
    mtw::data::TaskTargets values { "values", mtw::data::TargetKind::Regression, 0, {}, Matrix(2, samples) };
    mtw::data::TaskTargets flags { "flags", mtw::data::TargetKind::Binary, 0, {}, Matrix(2, samples) };
    for (int s = 0; s < samples; ++s) {
        classes.labels.push_back(static_cast<int>(rng.index(3)));
        values.values.col(s) << static_cast<float>(rng.normal()), static_cast<float>(2 * rng.normal());
        flags.values.col(s) << (rng.uniform() < 0.5 ? 1.0f : 0.0f), (rng.uniform() < 0.3 ? 1.0f : 0.0f);
        data->train.push_back(s);
    }
    data->tasks = { classes, values, flags };
    Sequential trunk;
    if (cnn) {
        auto conv = std::make_unique<mtw::core::Conv2d>(mtw::core::ImageShape { 1, 8, 8 }, 3, 3);
        auto pool = std::make_unique<mtw::core::MaxPool2d>(conv->outputShape(), 2);
        const Index pooled = pool->outputShape().size();
        trunk.add(std::move(conv));
        trunk.add(std::move(pool));
        trunk.add(std::make_unique<mtw::core::Activation>(mtw::core::ActivationKind::ReLU, pooled));
        trunk.add(std::make_unique<mtw::core::Linear>(pooled, 10));
        trunk.add(std::make_unique<mtw::core::Activation>(mtw::core::ActivationKind::ReLU, 10));
    } else {
        trunk = mtw::problem::buildMlp(64, { 12, 10 }, "relu");
    }
    std::vector<Sequential> heads;
    heads.push_back(mtw::problem::buildHead(10, { 6 }, "tanh", 3));
    heads.push_back(mtw::problem::buildHead(10, {}, "relu", 2));
    heads.push_back(mtw::problem::buildHead(10, {}, "relu", 2));
    return std::make_unique<mtw::problem::HardSharingNetwork>("net", data, std::move(trunk), std::move(heads), 8);
}

struct Reference {
    Eigen::VectorXd squaredNorms;
    Eigen::VectorXd sum;
    double loss = 0;
};

// n separate forward and backward passes, one sample each: the loss of a 1-sample batch is l_i.
Reference singleSampleReference(
    const mtw::problem::HardSharingNetwork& network, const mtw::core::Vector& theta, int task, const SubsetChunk& chunk)
{
    const std::size_t t = static_cast<std::size_t>(task);
    const Sequential& trunk = network.trunk();
    const Sequential& head = network.head(task);
    const float* headParams = theta.data() + network.headOffset(task);
    Reference reference;
    reference.squaredNorms.resize(chunk.count);
    reference.sum.setZero(network.parameterCount());
    for (Index i = 0; i < chunk.count; ++i) {
        Sequential::Workspace trunkWork, headWork;
        const Matrix& Z = trunk.forward(theta.data(), chunk.features.col(i), trunkWork);
        const Matrix& outputs = head.forward(headParams, Z, headWork);
        Matrix dOutputs;
        switch (network.dataset().tasks[t].kind) {
        case mtw::data::TargetKind::Classification:
            reference.loss
                += mtw::core::crossEntropy(outputs, { chunk.labels[t][static_cast<std::size_t>(i)] }, &dOutputs);
            break;
        case mtw::data::TargetKind::Regression:
            reference.loss += mtw::core::meanSquaredError(outputs, chunk.values[t].col(i), &dOutputs);
            break;
        case mtw::data::TargetKind::Binary:
            reference.loss += mtw::core::binaryCrossEntropy(outputs, chunk.values[t].col(i), &dOutputs);
            break;
        }
        Eigen::VectorXf gradient = Eigen::VectorXf::Zero(network.parameterCount());
        Matrix dZ;
        head.backward(headParams, headWork, dOutputs, gradient.data() + network.headOffset(task), &dZ);
        trunk.backward(theta.data(), trunkWork, dZ, gradient.data(), nullptr);
        reference.squaredNorms(i) = gradient.cast<double>().squaredNorm();
        reference.sum += gradient.cast<double>();
    }
    reference.loss /= static_cast<double>(chunk.count);
    return reference;
}

} // namespace

class TestPerExampleGradients : public QObject {
    Q_OBJECT
private slots:
    void testAgainstSingleSampleBackward_data()
    {
        QTest::addColumn<bool>("cnn");
        QTest::addColumn<int>("task");
        QTest::newRow("mlp-classification") << false << 0;
        QTest::newRow("mlp-regression") << false << 1;
        QTest::newRow("mlp-binary") << false << 2;
        QTest::newRow("cnn-classification") << true << 0;
        QTest::newRow("cnn-regression") << true << 1;
        QTest::newRow("cnn-binary") << true << 2;
    }
    void testAgainstSingleSampleBackward()
    {
        QFETCH(bool, cnn);
        QFETCH(int, task);
        const auto network = makeNetwork(cnn);
        mtw::core::Rng rng(3);
        const mtw::core::Vector theta = network->initialParameters(rng);
        const std::vector<SubsetChunk> chunks = gatherEvaluationSubset(*network, 40);
        QCOMPARE(chunks.size(), std::size_t(1));
        const PerExampleTaskGradients result
            = perExampleTaskGradients(*network, theta, task, chunks[0], TargetSource::Data);
        const Reference reference = singleSampleReference(*network, theta, task, chunks[0]);
        QVERIFY(reference.squaredNorms.minCoeff() > 0);
        // float gradients: 1e-5 relative; the sum's entries can cancel, so their absolute
        // tolerance scales with the largest entry.
        MTW_COMPARE_VECTORS(result.squaredNorms, reference.squaredNorms, 1e-5, 0.0);
        MTW_COMPARE_VECTORS(result.sum, reference.sum, 1e-5, 1e-6 * reference.sum.cwiseAbs().maxCoeff());
        MTW_COMPARE_NEAR(result.loss, reference.loss, 1e-6, 0.0);
        // Zero on the other tasks' heads.
        for (int other = 0; other < network->taskCount(); ++other)
            if (other != task)
                QCOMPARE(result.sum.segment(network->headOffset(other), network->head(other).parameterCount())
                             .cwiseAbs()
                             .maxCoeff(),
                    0.0);
    }

    void testMeanMatchesOracleGradient()
    {
        // 1500 samples: two chunks of the evaluation subset, weighted by their counts.
        const auto network = mtw::test::makeTestNetwork(1500, 20, 1500);
        mtw::core::Rng rng(5);
        const mtw::core::Vector theta = network->initialParameters(rng);
        TaskGradientOracle oracle(*network, 0, 1500);
        Eigen::VectorXd losses;
        Eigen::MatrixXd gradients;
        oracle.evaluate(theta.cast<double>(), losses, &gradients);
        const std::vector<SubsetChunk> chunks = gatherEvaluationSubset(*network, 1500);
        QCOMPARE(chunks.size(), std::size_t(2));
        for (int task = 0; task < network->taskCount(); ++task) {
            Eigen::VectorXd sum = Eigen::VectorXd::Zero(network->parameterCount());
            double lossSum = 0;
            for (const SubsetChunk& chunk : chunks) {
                const PerExampleTaskGradients result
                    = perExampleTaskGradients(*network, theta, task, chunk, TargetSource::Data);
                sum += result.sum;
                lossSum += result.loss * static_cast<double>(chunk.count);
            }
            const Eigen::VectorXd expected = gradients.row(task).transpose();
            MTW_COMPARE_VECTORS(sum / 1500.0, expected, 1e-5, 1e-6 * expected.cwiseAbs().maxCoeff());
            MTW_COMPARE_NEAR(lossSum / 1500.0, losses(task), 1e-9, 0.0);
        }
    }

    void testSampledTargetsAreSeeded()
    {
        const auto network = makeNetwork(false);
        mtw::core::Rng init(3);
        const mtw::core::Vector theta = network->initialParameters(init);
        const std::vector<SubsetChunk> chunks = gatherEvaluationSubset(*network, 40);
        for (int task = 0; task < network->taskCount(); ++task) {
            mtw::core::Rng first(9), second(9), other(10);
            const auto a = perExampleTaskGradients(*network, theta, task, chunks[0], TargetSource::ModelSample, &first);
            const auto b
                = perExampleTaskGradients(*network, theta, task, chunks[0], TargetSource::ModelSample, &second);
            const auto c = perExampleTaskGradients(*network, theta, task, chunks[0], TargetSource::ModelSample, &other);
            QVERIFY(a.squaredNorms == b.squaredNorms);
            QVERIFY(a.sum == b.sum);
            QVERIFY(a.squaredNorms != c.squaredNorms);
        }
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
            perExampleTaskGradients(*network, theta, 0, chunks[0], TargetSource::ModelSample, nullptr));
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument, perExampleTaskGradients(*network, theta, 3, chunks[0], TargetSource::Data));
    }

    void testDeterministicAcrossThreads()
    {
        // The generic (Conv2d) route splits the samples into blocks whose partial sums are added
        // in block order.
        const auto network = makeNetwork(true, 200);
        mtw::core::Rng init(3);
        const mtw::core::Vector theta = network->initialParameters(init);
        const std::vector<SubsetChunk> chunks = gatherEvaluationSubset(*network, 200);
        PerExampleTaskGradients one, two;
        tbb::task_arena(1).execute(
            [&] { one = perExampleTaskGradients(*network, theta, 0, chunks[0], TargetSource::Data); });
        tbb::task_arena(2).execute(
            [&] { two = perExampleTaskGradients(*network, theta, 0, chunks[0], TargetSource::Data); });
        QVERIFY(one.squaredNorms == two.squaredNorms);
        QVERIFY(one.sum == two.sum);
    }
};

QTEST_GUILESS_MAIN(TestPerExampleGradients)
#include "tst_per_example_gradients.moc"
