// The L2-regularised logistic-regression head (analysis/logistic_head.h) against independently
// computed values: the gradient by central finite differences, the solution's gradient ~ 0, a
// one-dimensional two-point case solved by hand, and a plain gradient descent run to the end.
#include "analysis/logistic_head.h"
#include "core/rng.h"

#include <QTest>
#include <cmath>

using namespace mtw;

namespace {

struct Data {
    Eigen::MatrixXd features;
    std::vector<int> labels;
};

// Three overlapping Gaussian classes in 4-D (not separable: the penalty is not the only bound).
Data gaussianClasses(int perClass, int classes, std::uint64_t seed)
{
    core::Rng rng(seed);
    Data data;
    data.features.resize(4, perClass * classes);
    for (int c = 0; c < classes; ++c)
        for (int i = 0; i < perClass; ++i) {
            const Eigen::Index col = c * perClass + i;
            for (Eigen::Index r = 0; r < 4; ++r)
                data.features(r, col) = rng.normal() + (r == c % 4 ? 1.5 : 0.0);
            data.labels.push_back(c);
        }
    return data;
}

} // namespace

class TestLogisticHead : public QObject {
    Q_OBJECT
private slots:
    void gradientMatchesFiniteDifferences()
    {
        const Data data = gaussianClasses(7, 3, 1);
        core::Rng rng(2);
        Eigen::MatrixXd W(3, 4);
        Eigen::VectorXd b(3);
        for (Eigen::Index i = 0; i < W.size(); ++i)
            W.data()[i] = rng.normal();
        for (Eigen::Index i = 0; i < 3; ++i)
            b(i) = rng.normal();
        Eigen::MatrixXd gW;
        Eigen::VectorXd gb;
        const double l2 = 0.3;
        analysis::logisticHeadObjective(W, b, data.features, data.labels, l2, &gW, &gb);
        const double h = 1e-6;
        for (Eigen::Index i = 0; i < W.size(); ++i) {
            Eigen::MatrixXd plus = W, minus = W;
            plus.data()[i] += h;
            minus.data()[i] -= h;
            const double numeric = (analysis::logisticHeadObjective(plus, b, data.features, data.labels, l2)
                                       - analysis::logisticHeadObjective(minus, b, data.features, data.labels, l2))
                / (2 * h);
            QVERIFY2(std::abs(numeric - gW.data()[i]) < 1e-7, qPrintable(QString::number(i)));
        }
        for (Eigen::Index i = 0; i < 3; ++i) {
            Eigen::VectorXd plus = b, minus = b;
            plus(i) += h;
            minus(i) -= h;
            const double numeric = (analysis::logisticHeadObjective(W, plus, data.features, data.labels, l2)
                                       - analysis::logisticHeadObjective(W, minus, data.features, data.labels, l2))
                / (2 * h);
            QVERIFY(std::abs(numeric - gb(i)) < 1e-7);
        }
    }

    void solutionIsStationary()
    {
        const Data data = gaussianClasses(10, 5, 3);
        analysis::LogisticHeadOptions options;
        options.l2 = 1e-2;
        const analysis::LogisticHead head = analysis::fitLogisticHead(data.features, data.labels, 5, options);
        QVERIFY(head.converged);
        QVERIFY(head.gradientNorm <= 1e-9);
        QVERIFY(std::abs(head.bias.sum()) < 1e-10); // the normalisation the header promises
        // The gradient by finite differences of F at the solution, not the solver's own number.
        const double h = 1e-5;
        for (Eigen::Index i = 0; i < head.weights.size(); ++i) {
            Eigen::MatrixXd plus = head.weights, minus = head.weights;
            plus.data()[i] += h;
            minus.data()[i] -= h;
            const double numeric
                = (analysis::logisticHeadObjective(plus, head.bias, data.features, data.labels, options.l2)
                      - analysis::logisticHeadObjective(minus, head.bias, data.features, data.labels, options.l2))
                / (2 * h);
            QVERIFY2(std::abs(numeric) < 1e-7, qPrintable(QString::number(numeric)));
        }
        // Every perturbation raises F (a minimum, not a saddle).
        core::Rng rng(4);
        for (int trial = 0; trial < 20; ++trial) {
            Eigen::MatrixXd W = head.weights;
            for (Eigen::Index i = 0; i < W.size(); ++i)
                W.data()[i] += 1e-3 * rng.normal();
            QVERIFY(
                analysis::logisticHeadObjective(W, head.bias, data.features, data.labels, options.l2) > head.objective);
        }
    }

    // x = +1 is class 1, x = -1 class 0. By symmetry b = 0 and w_1 = -w_0 = a, the loss of both
    // points is log(1 + e^{-2a}) and F(a) = log(1 + e^{-2a}) + lambda a^2, so F'(a) = 0 gives
    // lambda a (1 + e^{2a}) = 1: for lambda = 2 / (1 + e), a = 1/2.
    void twoPointsByHand()
    {
        Eigen::MatrixXd features(1, 2);
        features << 1.0, -1.0;
        analysis::LogisticHeadOptions options;
        options.l2 = 2.0 / (1.0 + std::exp(1.0));
        const analysis::LogisticHead head = analysis::fitLogisticHead(features, { 1, 0 }, 2, options);
        QVERIFY(head.converged);
        QVERIFY(std::abs(head.weights(1, 0) - 0.5) < 1e-9);
        QVERIFY(std::abs(head.weights(0, 0) + 0.5) < 1e-9);
        QVERIFY(std::abs(head.bias(0)) < 1e-9 && std::abs(head.bias(1)) < 1e-9);
        QVERIFY(std::abs(head.objective - (std::log(1 + std::exp(-1.0)) + options.l2 * 0.25)) < 1e-12);
        QCOMPARE(head.accuracy(features, { 1, 0 }), 1.0);
    }

    // Plain gradient descent with step 1 / L, L = ||Z||_2^2 / n + lambda bounding the Hessian
    // (the softmax Jacobian's norm is at most 1/2 < 1), run for long, reaches the same minimiser.
    void agreesWithGradientDescent()
    {
        const Data data = gaussianClasses(6, 3, 5);
        const double l2 = 0.05;
        const analysis::LogisticHead head = analysis::fitLogisticHead(data.features, data.labels, 3, { l2 });
        Eigen::MatrixXd augmented(5, data.features.cols());
        augmented << data.features, Eigen::RowVectorXd::Ones(data.features.cols());
        const double n = static_cast<double>(data.features.cols());
        const double lipschitz = augmented.operatorNorm() * augmented.operatorNorm() / n + l2;
        Eigen::MatrixXd W = Eigen::MatrixXd::Zero(3, 4);
        Eigen::VectorXd b = Eigen::VectorXd::Zero(3);
        Eigen::MatrixXd gW;
        Eigen::VectorXd gb;
        for (int step = 0; step < 200000; ++step) {
            analysis::logisticHeadObjective(W, b, data.features, data.labels, l2, &gW, &gb);
            W -= gW / lipschitz;
            b -= gb / lipschitz;
        }
        QVERIFY2((W - head.weights).cwiseAbs().maxCoeff() < 1e-7,
            qPrintable(QString::number((W - head.weights).cwiseAbs().maxCoeff())));
        QVERIFY((b - head.bias).cwiseAbs().maxCoeff() < 1e-7);
    }

    void badInputIsRefused()
    {
        const Data data = gaussianClasses(2, 2, 6);
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument, analysis::fitLogisticHead(data.features, data.labels, 2, { 0.0 }));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, analysis::fitLogisticHead(data.features, data.labels, 1));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, analysis::fitLogisticHead(data.features, { 0, 1, 2, 0 }, 2));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, analysis::fitLogisticHead(data.features, { 0, 1 }, 2));
    }
};

QTEST_GUILESS_MAIN(TestLogisticHead)
#include "tst_logistic_head.moc"
