// Per-layer diagnostics (problem/layer_diagnostics.h): each shared layer's Gramian equals
// J_k J_k^T over that layer's columns of the materialized Jacobian, and the layers sum to the
// whole Gramian -- for an MLP trunk, a convolutional trunk (Conv2d takes the Jacobian-row route,
// Linear the input-kernel route), in representation space (which walks the trunk once more for
// them) and for MMoE (each depth sums its experts' blocks). The heads' representations give the
// CKA of the heads' hidden activations computed here over the whole data set (the batch is the
// data set in another order, which CKA does not see). Nothing is formed unless asked, and an
// ask covers one call.
#include "analysis/centered_kernel_alignment.h"
#include "common/compare.h"
#include "core/activation.h"
#include "core/conv2d.h"
#include "core/linear.h"
#include "problem/hard_sharing_network.h"
#include "problem/mmoe_network.h"
#include "problem/network_builder.h"

#include <QTest>

using namespace mtw;
using core::Index;

namespace {

constexpr Index samples = 24;

data::DatasetPtr dataset(Index features)
{
    auto data = std::make_shared<data::MultiTaskDataset>();
    core::Rng rng(3);
    data->features.resize(features, samples);
    for (Index i = 0; i < data->features.size(); ++i)
        data->features.data()[i] = static_cast<float>(rng.normal());
    for (int t = 0; t < 3; ++t) {
        data::TaskTargets task;
        task.name = "task" + std::to_string(t);
        task.kind = data::TargetKind::Classification;
        task.classCount = 3;
        for (Index i = 0; i < samples; ++i)
            task.labels.push_back(static_cast<int>(rng.index(3)));
        data->tasks.push_back(task);
    }
    for (Index i = 0; i < samples; ++i)
        data->train.push_back(i);
    return data;
}

std::vector<core::Sequential> heads(Index inputs, const data::MultiTaskDataset& data)
{
    std::vector<core::Sequential> result;
    for (const data::TaskTargets& task : data.tasks)
        result.push_back(problem::buildHead(inputs, { 5 }, "tanh", task.outputSize()));
    return result;
}

std::unique_ptr<problem::HardSharingNetwork> mlpNetwork()
{
    data::DatasetPtr data = dataset(7);
    return std::make_unique<problem::HardSharingNetwork>(
        "mlp", data, problem::buildMlp(7, { 8, 6 }, "tanh"), heads(6, *data), static_cast<int>(samples));
}

std::unique_ptr<problem::HardSharingNetwork> convNetwork()
{
    data::DatasetPtr data = dataset(36);
    core::Sequential trunk;
    trunk.add(std::make_unique<core::Conv2d>(core::ImageShape { 1, 6, 6 }, 2, 3));
    trunk.add(std::make_unique<core::Activation>(core::ActivationKind::Tanh, 32));
    trunk.add(std::make_unique<core::Linear>(32, 6));
    return std::make_unique<problem::HardSharingNetwork>(
        "cnn", data, std::move(trunk), heads(6, *data), static_cast<int>(samples));
}

// Checks the layers' Gramians against the Jacobian's column blocks [offset, offset + count) per
// layer, each block list summed into one layer.
void checkAgainstJacobian(const problem::LayerDiagnostics& layers, const problem::StepGradients& step,
    const std::vector<std::vector<std::pair<Index, Index>>>& blocks)
{
    const Eigen::MatrixXd J = step.jacobian.cast<double>();
    QCOMPARE(layers.gramians.size(), blocks.size());
    Eigen::MatrixXd sum = Eigen::MatrixXd::Zero(J.rows(), J.rows());
    for (std::size_t k = 0; k < blocks.size(); ++k) {
        Eigen::MatrixXd expected = Eigen::MatrixXd::Zero(J.rows(), J.rows());
        for (const auto& [offset, count] : blocks[k])
            expected += J.middleCols(offset, count) * J.middleCols(offset, count).transpose();
        MTW_COMPARE_VECTORS(layers.gramians[k].values, expected, 1e-4, 1e-6);
        sum += layers.gramians[k].values;
    }
    MTW_COMPARE_VECTORS(sum, step.gramian, 1e-4, 1e-6);
}

// One step at theta, on the batch the stream seeded 2 draws, with the layer diagnostics asked for.
template <class Network>
problem::LayerDiagnostics diagnosedStep(
    Network& net, const core::Vector& theta, problem::GradientRequest request, problem::StepGradients& step)
{
    core::Rng rng(2);
    net.requestLayerDiagnostics();
    net.computeGradients(theta, request, rng, step);
    return net.takeLayerDiagnostics();
}

} // namespace

class TestLayerDiagnostics : public QObject {
    Q_OBJECT
private slots:
    void mlpLayersSplitTheGramian()
    {
        auto net = mlpNetwork();
        core::Rng init(1);
        const core::Vector theta = net->initialParameters(init);
        problem::StepGradients step;
        const problem::LayerDiagnostics layers
            = diagnosedStep(*net, theta, { problem::GradientSpace::SharedParameters, true }, step);
        const core::Sequential& trunk = net->trunk();
        // Linear(7, 8) at 0 (64 parameters), Linear(8, 6) after the activation (54 parameters).
        checkAgainstJacobian(layers, step, { { { 0, 64 } }, { { 64, 54 } } });
        QCOMPARE(trunk.parameterOffset(2), 64);
        QCOMPARE(layers.gramians[0].label, std::string("L1 Linear 64"));
        QCOMPARE(layers.gramians[1].label, std::string("L2 Linear 54"));

        // The heads' hidden layer (5 tanh units) over the data set, here, in sample order.
        std::vector<core::Matrix> hidden;
        core::Sequential::Workspace work;
        const core::Matrix Z = trunk.forward(theta.data(), net->dataset().features, work);
        for (int t = 0; t < 3; ++t) {
            core::Sequential::Workspace headWork;
            net->head(t).forward(theta.data() + net->headOffset(t), Z, headWork);
            hidden.push_back(headWork.activations[2]); // Linear, Tanh, then the output Linear's input
        }
        QCOMPARE(layers.representations.size(), std::size_t(3));
        QCOMPARE(layers.representations[0].rows(), 5);
        QCOMPARE(layers.representations[0].cols(), samples);
        MTW_COMPARE_VECTORS(analysis::ckaMatrix(layers.representations), analysis::ckaMatrix(hidden), 1e-5, 1e-6);
        QVERIFY(analysis::ckaMatrix(hidden)(0, 1) < 0.999); // different heads, different representations

        // Handed over once; the next call forms nothing unless asked again.
        QVERIFY(net->takeLayerDiagnostics().gramians.empty());
        core::Rng rng(3);
        net->computeGradients(theta, { problem::GradientSpace::SharedParameters, false }, rng, step);
        const problem::LayerDiagnostics unasked = net->takeLayerDiagnostics();
        QVERIFY(unasked.gramians.empty());
        QVERIFY(unasked.representations.empty());
    }

    void convolutionLayersSplitTheGramian()
    {
        auto net = convNetwork();
        core::Rng init(1);
        const core::Vector theta = net->initialParameters(init);
        problem::StepGradients step;
        const problem::LayerDiagnostics layers
            = diagnosedStep(*net, theta, { problem::GradientSpace::SharedParameters, true }, step);
        // Conv2d: 2 filters of 9 weights and 2 biases (20); Linear(32, 6): 198.
        checkAgainstJacobian(layers, step, { { { 0, 20 } }, { { 20, 198 } } });
        QCOMPARE(layers.gramians[0].label, std::string("L1 Conv2d 20"));

        // The Gramian-only path (Conv2d forms its rows, Linear uses the input kernel) agrees.
        auto again = convNetwork();
        problem::StepGradients gramianOnly;
        checkAgainstJacobian(
            diagnosedStep(*again, theta, { problem::GradientSpace::SharedParameters, false }, gramianOnly), step,
            { { { 0, 20 } }, { { 20, 198 } } });
    }

    void representationSpaceStillGivesTheLayers()
    {
        auto net = mlpNetwork();
        core::Rng init(1), rng(2);
        const core::Vector theta = net->initialParameters(init);
        problem::StepGradients exact;
        net->computeGradients(theta, { problem::GradientSpace::SharedParameters, true }, rng, exact);

        auto inRepresentation = mlpNetwork();
        problem::StepGradients step;
        const problem::LayerDiagnostics layers
            = diagnosedStep(*inRepresentation, theta, { problem::GradientSpace::Representation, false }, step);
        checkAgainstJacobian(layers, exact, { { { 0, 64 } }, { { 64, 54 } } });
        QCOMPARE(inRepresentation->trunkBackwardDeltas(), 3LL); // the extra walk, T deltas
    }

    void mmoeDepthsSumTheirExperts()
    {
        data::DatasetPtr data = dataset(5);
        std::vector<core::Sequential> experts, gates, towers;
        for (int k = 0; k < 2; ++k)
            experts.push_back(problem::buildMlp(5, { 4, 3 }, "tanh"));
        for (const data::TaskTargets& task : data->tasks) {
            core::Sequential gate;
            gate.add(std::make_unique<core::Linear>(5, 2));
            gates.push_back(std::move(gate));
            towers.push_back(problem::buildHead(3, { 4 }, "tanh", task.outputSize()));
        }
        problem::MmoeNetwork net("mmoe", data, std::move(experts), std::move(gates), std::move(towers), 12);
        core::Rng init(1);
        const core::Vector theta = net.initialParameters(init);
        problem::StepGradients step;
        const problem::LayerDiagnostics layers
            = diagnosedStep(net, theta, { problem::GradientSpace::SharedParameters, true }, step);
        // Each expert: Linear(5, 4) = 24, Linear(4, 3) = 15; expert 1 starts at 39.
        checkAgainstJacobian(layers, step, { { { 0, 24 }, { 39, 24 } }, { { 24, 15 }, { 63, 15 } } });
        QCOMPARE(layers.gramians[1].label, std::string("L2 Linear 15 x 2 experts"));
        QCOMPARE(layers.representations.size(), std::size_t(3));
        QCOMPARE(layers.representations[2].rows(), 4);
    }
};

QTEST_APPLESS_MAIN(TestLayerDiagnostics)
#include "tst_layer_diagnostics.moc"
