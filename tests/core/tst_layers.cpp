// Every layer's backward against central finite differences, and the multi-task products
// (Jacobian rows, Gramian by both of Linear's routes, combined gradients) against explicit
// per-task gradients; Linear's Gramian over many column groups, bit for bit for any thread count.
// TBB first: Qt defines an `emit` macro that breaks oneTBB headers.
#include <tbb/task_arena.h>

#include "common/compare.h"
#include "core/activation.h"
#include "core/linear.h"
#include "core/sequential.h"
#include "finite_difference.h"

#include <QTest>

using namespace mtw;
using core::Matrix;
using core::Vector;

namespace {

Matrix randomMatrix(core::Index rows, core::Index cols, core::Rng& rng, double scale = 1.0)
{
    Matrix m(rows, cols);
    for (core::Index i = 0; i < m.size(); ++i)
        m.data()[i] = static_cast<core::Scalar>(scale * rng.normal());
    return m;
}

// Checks parameter and input gradients of `layer` for the loss sum(R .* Y).
void checkLayer(const core::Layer& layer, core::Index batch, std::uint64_t seed, double tolerance)
{
    core::Rng rng(seed);
    Vector params(layer.parameterCount());
    layer.initialize(params.data(), rng);
    const Matrix X = randomMatrix(layer.inputSize(), batch, rng);
    const Matrix R = randomMatrix(layer.outputSize(), batch, rng);
    Matrix Y, dX;
    layer.forward(params.data(), X, Y);
    layer.backwardInput(params.data(), X, Y, R, dX);
    Vector dParams(layer.parameterCount());
    layer.parameterGradient(params.data(), X, R, dParams.data());

    auto lossOfParams = [&](const Eigen::VectorXd& p) {
        const Vector pf = p.cast<core::Scalar>();
        Matrix out;
        layer.forward(pf.data(), X, out);
        return (out.cast<double>().array() * R.cast<double>().array()).sum();
    };
    auto lossOfInput = [&](const Eigen::VectorXd& x) {
        const Matrix xf = Eigen::Map<const Eigen::MatrixXd>(x.data(), X.rows(), X.cols()).cast<core::Scalar>();
        Matrix out;
        layer.forward(params.data(), xf, out);
        return (out.cast<double>().array() * R.cast<double>().array()).sum();
    };
    if (layer.parameterCount() > 0) {
        const Eigen::VectorXd numeric = test::centralDifference(lossOfParams, params.cast<double>(), 1e-2);
        MTW_COMPARE_VECTORS(dParams, numeric, tolerance, tolerance);
    }
    const Eigen::MatrixXd Xd = X.cast<double>();
    const Eigen::VectorXd numericInput
        = test::centralDifference(lossOfInput, Eigen::Map<const Eigen::VectorXd>(Xd.data(), Xd.size()), 1e-2);
    MTW_COMPARE_VECTORS(Eigen::Map<const Vector>(dX.data(), dX.size()), numericInput, tolerance, tolerance);
}

} // namespace

class TestLayers : public QObject {
    Q_OBJECT
private slots:
    void linearBackwardMatchesFiniteDifferences() { checkLayer(core::Linear(5, 4), 3, 1, 2e-3); }

    void activationBackwardMatchesFiniteDifferences_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("relu") << "relu";
        QTest::newRow("tanh") << "tanh";
        QTest::newRow("sigmoid") << "sigmoid";
        QTest::newRow("identity") << "identity";
    }
    void activationBackwardMatchesFiniteDifferences()
    {
        QFETCH(QString, name);
        // Inputs ~N(0,1): ReLU's kink is hit with probability ~0 for a step of 1e-2 at 24 points
        // only if no |x| < 1e-2; the seed is chosen so none is.
        checkLayer(core::Activation(core::activationFromName(name.toStdString()), 6), 4, 3, 2e-3);
    }

    void sequentialBackwardMatchesFiniteDifferences()
    {
        core::Sequential net;
        net.add(std::make_unique<core::Linear>(4, 6));
        net.add(std::make_unique<core::Activation>(core::ActivationKind::Tanh, 6));
        net.add(std::make_unique<core::Linear>(6, 3));
        core::Rng rng(5);
        Vector params(net.parameterCount());
        net.initialize(params.data(), rng);
        const Matrix X = randomMatrix(4, 5, rng);
        const Matrix R = randomMatrix(3, 5, rng);
        core::Sequential::Workspace work;
        net.forward(params.data(), X, work);
        Vector gradient(net.parameterCount());
        Matrix dX;
        net.backward(params.data(), work, R, gradient.data(), &dX);
        auto loss = [&](const Eigen::VectorXd& p) {
            const Vector pf = p.cast<core::Scalar>();
            core::Sequential::Workspace w;
            return (net.forward(pf.data(), X, w).cast<double>().array() * R.cast<double>().array()).sum();
        };
        MTW_COMPARE_VECTORS(gradient, test::centralDifference(loss, params.cast<double>(), 1e-2), 2e-3, 2e-3);
    }

    // Multi-task products: T stacked deltas through a two-layer trunk; Jacobian rows, the
    // Gramian (via both Linear routes: batch smaller and larger than the input width) and
    // combineTasks must equal what per-task single backward passes give.
    void multiTaskProductsMatchPerTaskGradients_data()
    {
        QTest::addColumn<int>("inputs");
        QTest::addColumn<int>("batch");
        QTest::newRow("kernel-route-wide-input") << 40 << 6;
        QTest::newRow("direct-route-large-batch") << 5 << 30;
    }
    void multiTaskProductsMatchPerTaskGradients()
    {
        QFETCH(int, inputs);
        QFETCH(int, batch);
        const core::Index tasks = 3;
        core::Sequential net;
        net.add(std::make_unique<core::Linear>(inputs, 7));
        net.add(std::make_unique<core::Activation>(core::ActivationKind::ReLU, 7));
        net.add(std::make_unique<core::Linear>(7, 4));
        core::Rng rng(9);
        Vector params(net.parameterCount());
        net.initialize(params.data(), rng);
        const Matrix X = randomMatrix(inputs, batch, rng);
        const Matrix deltas = randomMatrix(4, tasks * batch, rng);
        core::Sequential::Workspace work;
        net.forward(params.data(), X, work);

        Eigen::MatrixXd explicitJ(tasks, net.parameterCount());
        for (core::Index t = 0; t < tasks; ++t) {
            Vector g(net.parameterCount());
            net.backward(params.data(), work, deltas.middleCols(t * batch, batch), g.data(), nullptr);
            explicitJ.row(t) = g.cast<double>().transpose();
        }
        Matrix J(tasks, net.parameterCount());
        Eigen::MatrixXd G = Eigen::MatrixXd::Zero(tasks, tasks);
        net.backwardTasks(params.data(), work, deltas, tasks, J.data(), tasks, &G);
        MTW_COMPARE_VECTORS(J, explicitJ, 1e-4, 1e-5);
        const Eigen::MatrixXd explicitG = explicitJ * explicitJ.transpose();
        MTW_COMPARE_VECTORS(G, explicitG, 1e-4, 1e-4);

        Vector weights(tasks);
        weights << 0.5f, -1.25f, 2.0f;
        Vector combined(net.parameterCount());
        net.combineTasks(params.data(), work, weights, combined.data());
        const Eigen::VectorXd expected = explicitJ.transpose() * weights.cast<double>();
        MTW_COMPARE_VECTORS(combined, expected, 1e-4, 1e-5);
    }

    // Stacked deltas over many column blocks, blocks that cut a task's deltas in two: each
    // column gets its own sample's derivative, and the bits are those of 1 thread on 3.
    void activationBackwardOverStackedBlocks_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("relu") << static_cast<int>(core::ActivationKind::ReLU);
        QTest::newRow("tanh") << static_cast<int>(core::ActivationKind::Tanh);
        QTest::newRow("sigmoid") << static_cast<int>(core::ActivationKind::Sigmoid);
    }
    void activationBackwardOverStackedBlocks()
    {
        QFETCH(int, kind);
        const core::Index rows = 3, batch = 5000, tasks = 5; // blocks of 10922 columns
        const core::Activation layer(static_cast<core::ActivationKind>(kind), rows);
        core::Rng rng(44);
        const Matrix X = randomMatrix(rows, batch, rng), dY = randomMatrix(rows, tasks * batch, rng);
        std::vector<Matrix> Y(2), dX(2);
        for (int run = 0; run < 2; ++run)
            tbb::task_arena(run == 0 ? 1 : 3).execute([&] {
                layer.forward(nullptr, X, Y[static_cast<std::size_t>(run)]);
                layer.backwardInput(
                    nullptr, X, Y[static_cast<std::size_t>(run)], dY, dX[static_cast<std::size_t>(run)]);
            });
        QVERIFY(Y[0] == Y[1] && dX[0] == dX[1]);
        const Eigen::ArrayXXd x = X.cast<double>().array();
        Eigen::ArrayXXd slope = (x > 0).cast<double>();
        if (kind == static_cast<int>(core::ActivationKind::Tanh))
            slope = 1 - x.tanh().square();
        if (kind == static_cast<int>(core::ActivationKind::Sigmoid))
            slope = (1 / (1 + (-x).exp())) * (1 - 1 / (1 + (-x).exp()));
        for (core::Index t = 0; t < tasks; ++t)
            MTW_COMPARE_VECTORS(dX[0].middleCols(t * batch, batch).reshaped(),
                (dY.middleCols(t * batch, batch).cast<double>().array() * slope).matrix().reshaped(), 1e-6, 1e-6);
    }

    // Jacobian rows written into a taller matrix (leading dimension above T) equal the packed
    // ones, and the rows between them stay untouched.
    void linearJacobianRowsWithAnyLeadingDimension()
    {
        const core::Index tasks = 3, batch = 9, ld = tasks + 2;
        const core::Linear layer(6, 5);
        core::Rng rng(33);
        Vector params(layer.parameterCount());
        layer.initialize(params.data(), rng);
        const Matrix X = randomMatrix(6, batch, rng);
        const Matrix deltas = randomMatrix(5, tasks * batch, rng);
        Matrix packed(tasks, layer.parameterCount());
        layer.jacobianRows(params.data(), X, deltas, tasks, packed.data(), tasks);
        Matrix tall = Matrix::Constant(ld, layer.parameterCount(), 7.0f);
        layer.jacobianRows(params.data(), X, deltas, tasks, tall.data(), ld);
        QVERIFY(tall.topRows(tasks) == packed);
        QVERIFY((tall.bottomRows(ld - tasks).array() == 7.0f).all());
    }

    void linearFiltersAreRowsWithBias()
    {
        core::Linear layer(3, 2);
        std::vector<core::Index> indices;
        layer.filterRange(1, indices);
        QCOMPARE(indices, (std::vector<core::Index> { 1, 3, 5, 7 }));
        QCOMPARE(layer.filterCount(), core::Index(2));
    }

    // Linear's Gramian sums small per-column GEMMs in groups of 16 columns (the kernel route's
    // B columns, the direct route's inputs + 1): with several groups it must still equal J J^T of
    // the layer's Jacobian rows, and give the same bits with 1 and 3 threads.
    void linearGramianOverManyColumnGroups_data()
    {
        QTest::addColumn<int>("inputs");
        QTest::addColumn<int>("batch");
        QTest::addColumn<int>("outputs");
        // Routes by Linear's cost model: B (in + T out) < T out in takes the kernel.
        QTest::newRow("kernel-route-37-columns") << 300 << 37 << 40;
        QTest::newRow("direct-route-41-columns") << 40 << 200 << 6;
    }
    void linearGramianOverManyColumnGroups()
    {
        QFETCH(int, inputs);
        QFETCH(int, batch);
        QFETCH(int, outputs);
        const core::Index tasks = 5;
        const core::Linear layer(inputs, outputs);
        core::Rng rng(21);
        Vector params(layer.parameterCount());
        layer.initialize(params.data(), rng);
        const Matrix X = randomMatrix(inputs, batch, rng);
        const Matrix deltas = randomMatrix(outputs, tasks * batch, rng);
        Matrix J(tasks, layer.parameterCount());
        layer.jacobianRows(params.data(), X, deltas, tasks, J.data(), tasks);
        const Eigen::MatrixXd explicitG = J.cast<double>() * J.cast<double>().transpose();
        std::vector<Eigen::MatrixXd> byThreads;
        for (int threads : { 1, 3 })
            tbb::task_arena(threads).execute([&] {
                Eigen::MatrixXd G = Eigen::MatrixXd::Zero(tasks, tasks);
                layer.accumulateGramian(params.data(), X, deltas, tasks, G);
                byThreads.push_back(G);
            });
        MTW_COMPARE_VECTORS(byThreads[0], explicitG, 1e-4, 1e-4);
        QVERIFY(byThreads[0] == byThreads[1]);
        QVERIFY(byThreads[0] == byThreads[0].transpose());
    }
};

QTEST_GUILESS_MAIN(TestLayers)
#include "tst_layers.moc"
