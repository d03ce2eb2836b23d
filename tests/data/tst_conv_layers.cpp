// Conv2d and MaxPool2d against naive double-precision references: forward values, and the
// backward (parameterGradient, backwardInput, jacobianRows, accumulateGramian) against central
// finite differences of the reference in double. The loss is L_t = <R_t, Y> with random R_t,
// so dY_t = R_t and T tasks stack side by side. In a network, the Gramian-only backward keeps a
// conv layer's Jacobian rows and combineTasks takes d = J^T w from them.
// TBB first: Qt defines an `emit` macro that breaks oneTBB headers.
#include <tbb/task_arena.h>

#include "common/compare.h"
#include "common/conv_reference.h"
#include "core/conv2d.h"
#include "core/linear.h"
#include "core/max_pool2d.h"
#include "core/pool_channel.h"
#include "core/sequential.h"
#include "fd_check.h"

#include <QTest>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

using namespace mtw::core;
using mtw::test::convReference;

namespace {
using Eigen::MatrixXd;
using Eigen::VectorXd;

MatrixXd poolReference(const MatrixXd& X, ImageShape in, Index k, Index s)
{
    const Index Ho = (in.height - k) / s + 1, Wo = (in.width - k) / s + 1;
    MatrixXd Y(in.channels * Ho * Wo, X.cols());
    for (Index b = 0; b < X.cols(); ++b)
        for (Index c = 0; c < in.channels; ++c)
            for (Index oy = 0; oy < Ho; ++oy)
                for (Index ox = 0; ox < Wo; ++ox) {
                    double best = -1e300;
                    for (Index ky = 0; ky < k; ++ky)
                        for (Index kx = 0; kx < k; ++kx)
                            best = std::max(best, X((c * in.height + oy * s + ky) * in.width + ox * s + kx, b));
                    Y((c * Ho + oy) * Wo + ox, b) = best;
                }
    return Y;
}

MatrixXd randomMatrix(Index rows, Index cols, Rng& rng)
{
    MatrixXd m(rows, cols);
    for (Index i = 0; i < m.size(); ++i)
        m.data()[i] = rng.uniform(-1, 1);
    return m;
}
} // namespace

class TestConvLayers : public QObject {
    Q_OBJECT
private slots:
    void convMatchesReferenceAndFiniteDifferences_data()
    {
        QTest::addColumn<int>("stride");
        QTest::addColumn<int>("padding");
        QTest::newRow("stride1") << 1 << 0;
        // Stride 1: the input gradient as a convolution of the padded deltas (2 = k - 1 - 0, 1, 0).
        QTest::newRow("stride1-pad1") << 1 << 1;
        QTest::newRow("stride1-pad2") << 1 << 2;
        QTest::newRow("stride2-pad1") << 2 << 1;
    }
    void convMatchesReferenceAndFiniteDifferences()
    {
        QFETCH(int, stride);
        QFETCH(int, padding);
        const ImageShape in { 2, 6, 5 };
        const Index F = 3, k = 3, B = 4, T = 2;
        const Conv2d conv(in, F, k, stride, padding);
        Rng rng(1);
        Vector theta(conv.parameterCount());
        conv.initialize(theta.data(), rng);
        const MatrixXd X = randomMatrix(in.size(), B, rng);
        const Matrix Xf = X.cast<Scalar>();
        Matrix Y;
        conv.forward(theta.data(), Xf, Y);
        const VectorXd thetaD = theta.cast<double>();
        MTW_COMPARE_VECTORS(Y, convReference(thetaD, X, in, F, k, stride, padding), 1e-5, 1e-5);
        QCOMPARE(Y.rows(), conv.outputSize());

        const MatrixXd R = randomMatrix(Y.rows(), T * B, rng);
        const Matrix Rf = R.cast<Scalar>();
        // Per-task parameter gradients by finite differences of the reference.
        MatrixXd expectedJ(T, conv.parameterCount());
        for (Index t = 0; t < T; ++t) {
            auto loss = [&](const VectorXd& p) {
                return (convReference(p, X, in, F, k, stride, padding).array() * R.middleCols(t * B, B).array()).sum();
            };
            expectedJ.row(t) = mtw::test::centralDifference(loss, thetaD, 1e-6).transpose();
        }
        Vector gradient(conv.parameterCount());
        conv.parameterGradient(theta.data(), Xf, Rf.leftCols(B), gradient.data());
        MTW_COMPARE_VECTORS(gradient, expectedJ.row(0).transpose(), 1e-4, 1e-4);
        Matrix J(T, conv.parameterCount());
        conv.jacobianRows(theta.data(), Xf, Rf, T, J.data(), T);
        MTW_COMPARE_VECTORS(J, expectedJ, 1e-4, 1e-4);
        MatrixXd G = MatrixXd::Zero(T, T);
        conv.accumulateGramian(theta.data(), Xf, Rf, T, G);
        MTW_COMPARE_VECTORS(G, expectedJ * expectedJ.transpose(), 1e-4, 1e-3);
        // Input gradients, stacked for both tasks.
        Matrix dX;
        conv.backwardInput(theta.data(), Xf, Y, Rf, dX);
        QCOMPARE(dX.cols(), T * B);
        for (Index t = 0; t < T; ++t) {
            auto loss = [&](const VectorXd& x) {
                const MatrixXd input = Eigen::Map<const MatrixXd>(x.data(), in.size(), B);
                return (
                    convReference(thetaD, input, in, F, k, stride, padding).array() * R.middleCols(t * B, B).array())
                    .sum();
            };
            const VectorXd expected
                = mtw::test::centralDifference(loss, Eigen::Map<const VectorXd>(X.data(), X.size()), 1e-6);
            MTW_COMPARE_VECTORS(dX.middleCols(t * B, B).reshaped(), expected, 1e-4, 1e-4);
        }
    }

    void convFiltersAreOutputChannels()
    {
        const Conv2d conv({ 2, 5, 5 }, 4, 3);
        QCOMPARE(conv.filterCount(), Index(4));
        std::vector<Index> indices;
        conv.filterRange(1, indices);
        QCOMPARE(indices.size(), std::size_t(2 * 9 + 1));
        QCOMPARE(indices.front(), Index(18));
        QCOMPARE(indices.back(), Index(4 * 18 + 1));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Conv2d({ 1, 3, 3 }, 1, 5));
    }

    void maxPoolMatchesReferenceAndFiniteDifferences()
    {
        const ImageShape in { 3, 6, 7 };
        const Index k = 2, B = 3, T = 2;
        const MaxPool2d pool(in, k);
        Rng rng(2);
        const MatrixXd X = randomMatrix(in.size(), B, rng);
        const Matrix Xf = X.cast<Scalar>();
        Matrix Y;
        pool.forward(nullptr, Xf, Y);
        MTW_COMPARE_VECTORS(Y, poolReference(X, in, k, k), 1e-6, 1e-6);
        QCOMPARE(pool.outputShape().width, Index(3)); // floor mode
        // Overlapping and strided windows: the row-wise forward against the reference too.
        for (const auto& [kernel, stride] : { std::pair<Index, Index> { 3, 2 }, { 3, 1 }, { 2, 3 } }) {
            Matrix Ys;
            MaxPool2d(in, kernel, stride).forward(nullptr, Xf, Ys);
            QCOMPARE(Ys, poolReference(X, in, kernel, stride).cast<Scalar>().eval());
        }
        const MatrixXd R = randomMatrix(Y.rows(), T * B, rng);
        Matrix dX;
        pool.backwardInput(nullptr, Xf, Y, R.cast<Scalar>(), dX);
        for (Index t = 0; t < T; ++t) {
            auto loss = [&](const VectorXd& x) {
                return (poolReference(Eigen::Map<const MatrixXd>(x.data(), in.size(), B), in, k, k).array()
                    * R.middleCols(t * B, B).array())
                    .sum();
            };
            const VectorXd expected
                = mtw::test::centralDifference(loss, Eigen::Map<const VectorXd>(X.data(), X.size()), 1e-7);
            MTW_COMPARE_VECTORS(dX.middleCols(t * B, B).reshaped(), expected, 1e-5, 1e-5);
        }
    }

    // The gradient of a 2 x 2 window goes to its first maximum in scan order: ties keep the first,
    // a leading NaN keeps its place and a later one never wins; pixels outside every window (the
    // odd last row and column) get 0. Two samples, two tasks' deltas stacked.
    void maxPoolGradientGoesToTheFirstMaximum()
    {
        const float nan = std::numeric_limits<float>::quiet_NaN();
        const MaxPool2d pool({ 1, 3, 5 }, 2);
        Matrix X(15, 2);
        X.col(0) << 1, 1, 5, 2, 9, /**/ 0, 1, 5, 7, 9, /**/ 3, 3, 3, 3, 3;
        X.col(1) << nan, 2, 1, nan, 0, /**/ 3, 1, 3, 2, 0, /**/ 0, 0, 0, 0, 0;
        Matrix dY(2, 4);
        for (Index j = 0; j < 4; ++j)
            dY.col(j) << Scalar(10 * (j + 1)), Scalar(10 * (j + 1) + 1);
        Matrix dX;
        pool.backwardInput(nullptr, X, Matrix(), dY, dX);
        for (Index j = 0; j < 4; ++j) {
            Vector expected = Vector::Zero(15);
            expected(0) = dY(0, j); // window 0: the first of the tied ones, or the leading NaN
            expected(j % 2 == 0 ? 8 : 7) = dY(1, j); // window 1: the 7, or the 3 after a NaN
            QCOMPARE(dX.col(j), expected);
        }
    }

    // Each window's value is its first maximum in scan order, bit for bit: of tied +0 and -0 the
    // first stays, a leading NaN stays and a later one never wins; the gradient goes to that pixel
    // as 0 + dy (so -0 becomes +0, as adding onto zeros does), all other pixels get +0. Rows of 3
    // outputs (scalars), 5 (two overlapping 4-float vectors), 8, 14 (two overlapping 8-float
    // vectors with AVX) and 17; odd and even heights; two tasks' deltas stacked. poolChannelOf
    // gives forward's bits.
    void maxPoolKeepsTheFirstMaximum()
    {
        const Scalar nan = std::numeric_limits<Scalar>::quiet_NaN();
        const Scalar values[] = { 1, 2, 0, -0.0f, nan, -3 };
        const auto bits = [](const Matrix& M) {
            std::vector<std::uint32_t> all(static_cast<std::size_t>(M.size()));
            std::memcpy(all.data(), M.data(), all.size() * sizeof(Scalar));
            return all;
        };
        Rng rng(5);
        for (const Index height : { 5, 6 })
            for (const Index width : { 7, 11, 16, 29, 34 }) {
                const ImageShape in { 2, height, width };
                const MaxPool2d pool(in, 2);
                const ImageShape out = pool.outputShape();
                const Index B = 3;
                Matrix X(in.size(), B), dY(out.channels * out.height * out.width, 2 * B);
                for (Index i = 0; i < X.size(); ++i)
                    X.data()[i] = values[rng.index(6)];
                for (Index i = 0; i < dY.size(); ++i)
                    dY.data()[i] = i % 5 == 0 ? -0.0f : Scalar(i % 7) - 3;
                Matrix Y, dX;
                pool.forward(nullptr, X, Y);
                pool.backwardInput(nullptr, X, Y, dY, dX);
                Matrix expectedY(Y.rows(), B), expectedDX = Matrix::Zero(in.size(), 2 * B);
                for (Index b = 0; b < B; ++b)
                    for (Index c = 0; c < in.channels; ++c)
                        for (Index oy = 0; oy < out.height; ++oy)
                            for (Index ox = 0; ox < out.width; ++ox) {
                                const auto at = [&](Index ky, Index kx) {
                                    return (c * in.height + 2 * oy + ky) * in.width + 2 * ox + kx;
                                };
                                Index winner = at(0, 0);
                                for (const auto& [ky, kx] : { std::pair<Index, Index> { 0, 1 }, { 1, 0 }, { 1, 1 } })
                                    winner = X(at(ky, kx), b) > X(winner, b) ? at(ky, kx) : winner;
                                const Index o = (c * out.height + oy) * out.width + ox;
                                expectedY(o, b) = X(winner, b);
                                for (const Index j : { b, b + B })
                                    expectedDX(winner, j) = Scalar(0) + dY(o, j);
                            }
                QVERIFY2(bits(Y) == bits(expectedY), qPrintable(QString("forward, %1 x %2").arg(height).arg(width)));
                QVERIFY2(bits(dX) == bits(expectedDX), qPrintable(QString("backward, %1 x %2").arg(height).arg(width)));
                const Index outChannel = out.height * out.width;
                Vector channel(outChannel);
                pool.poolChannelOf(pooling::ChannelPixels { X.col(2).data() + in.height * in.width }, channel.data());
                QVERIFY(std::memcmp(channel.data(), Y.col(2).data() + outChannel, outChannel * sizeof(Scalar)) == 0);
            }
    }

    void convIsDeterministicAcrossBatchChunks()
    {
        // Many samples: each result equals the sample evaluated alone.
        const Conv2d conv({ 1, 8, 8 }, 2, 3);
        Rng rng(3);
        Vector theta(conv.parameterCount());
        conv.initialize(theta.data(), rng);
        const Matrix X = randomMatrix(64, 150, rng).cast<Scalar>();
        Matrix Y, y;
        conv.forward(theta.data(), X, Y);
        conv.forward(theta.data(), X.col(137), y);
        QVERIFY(Y.col(137) == y.col(0)); // each sample alone: the same bits
    }

    void convIsBitIdenticalForAnyThreadCount()
    {
        // More samples than one partial sum of the weight gradients (16) and stacked deltas of 3
        // tasks: every product the network uses, under 1 and 3 threads, must agree bit for bit.
        const ImageShape in { 2, 9, 8 };
        const Conv2d conv(in, 4, 3, 1, 1);
        const Index B = 37, T = 3;
        Rng rng(4);
        Vector theta(conv.parameterCount());
        conv.initialize(theta.data(), rng);
        const Matrix X = randomMatrix(in.size(), B, rng).cast<Scalar>();
        const Matrix R = randomMatrix(conv.outputSize(), T * B, rng).cast<Scalar>();
        struct Results {
            Matrix Y, dX, J;
            Vector gradient;
        };
        auto compute = [&](int threads) {
            Results r;
            tbb::task_arena(threads).execute([&] {
                conv.forward(theta.data(), X, r.Y);
                conv.backwardInput(theta.data(), X, r.Y, R, r.dX);
                r.gradient.resize(conv.parameterCount());
                conv.parameterGradient(theta.data(), X, R.leftCols(B), r.gradient.data());
                r.J.resize(T, conv.parameterCount());
                conv.jacobianRows(theta.data(), X, R, T, r.J.data(), T);
            });
            return r;
        };
        const Results one = compute(1), three = compute(3);
        QVERIFY(one.Y == three.Y);
        QVERIFY(one.dX == three.dX);
        QVERIFY(one.gradient == three.gradient);
        QVERIFY(one.J == three.J);
        // The first task's Jacobian row is the parameter gradient of its delta, bit for bit.
        QVERIFY(one.J.row(0).transpose() == one.gradient);
    }

    void gramianPathKeepsConvRowsForTheCombination()
    {
        Sequential net;
        net.add(std::make_unique<Conv2d>(ImageShape { 1, 7, 7 }, 3, 3));
        net.add(std::make_unique<Linear>(3 * 5 * 5, 4));
        Rng rng(6);
        Vector theta(net.parameterCount());
        net.initialize(theta.data(), rng);
        const Index B = 20, T = 3;
        const Matrix X = randomMatrix(49, B, rng).cast<Scalar>();
        const Matrix deltas = randomMatrix(4, T * B, rng).cast<Scalar>();
        Sequential::Workspace work;
        net.forward(theta.data(), X, work);
        Eigen::MatrixXd explicitJ(T, net.parameterCount());
        for (Index t = 0; t < T; ++t) {
            Vector g(net.parameterCount());
            net.backward(theta.data(), work, deltas.middleCols(t * B, B), g.data(), nullptr);
            explicitJ.row(t) = g.cast<double>().transpose();
        }
        Eigen::MatrixXd G = Eigen::MatrixXd::Zero(T, T);
        net.backwardTasks(theta.data(), work, deltas, T, nullptr, 0, &G);
        QCOMPARE(work.jacobianRows.size(), std::size_t(2));
        QCOMPARE(work.jacobianRows[0].rows(), T); // the conv layer's rows are kept
        QCOMPARE(work.jacobianRows[1].size(), Index(0)); // Linear takes its kernel or direct route
        MTW_COMPARE_VECTORS(G, explicitJ * explicitJ.transpose(), 1e-4, 1e-4);
        Vector weights(T);
        weights << 0.5f, -1.5f, 2.0f;
        Vector d(net.parameterCount());
        net.combineTasks(theta.data(), work, weights, d.data());
        MTW_COMPARE_VECTORS(d, explicitJ.transpose() * weights.cast<double>(), 1e-4, 1e-5);
        // A new forward pass drops the rows: they belonged to the previous parameters.
        net.forward(theta.data(), X, work);
        QVERIFY(work.jacobianRows.empty());
    }
};

QTEST_GUILESS_MAIN(TestConvLayers)
#include "tst_conv_layers.moc"
