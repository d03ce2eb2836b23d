// Losses: hand-computed values and gradients checked by central finite differences.
#include "common/compare.h"
#include "core/loss.h"
#include "finite_difference.h"

#include <QTest>
#include <cmath>
#include <limits>

using namespace mtw;
using core::Matrix;

class TestLosses : public QObject {
    Q_OBJECT
private slots:
    void crossEntropyByHand()
    {
        // One sample, logits (0, ln 3): softmax = (1/4, 3/4); label 1 -> -ln(3/4).
        Matrix logits(2, 1);
        logits << 0.0f, static_cast<float>(std::log(3.0));
        Matrix gradient;
        const double loss = core::crossEntropy(logits, { 1 }, &gradient);
        MTW_COMPARE_NEAR(loss, -std::log(0.75), 1e-6, 1e-7);
        MTW_COMPARE_VECTORS(gradient, (Eigen::Vector2d(0.25, -0.25)), 1e-6, 1e-7);
    }
    void crossEntropyGradientMatchesFiniteDifferences()
    {
        core::Rng rng(2);
        Matrix logits(4, 3);
        for (core::Index i = 0; i < logits.size(); ++i)
            logits.data()[i] = static_cast<float>(rng.normal());
        const std::vector<int> labels { 0, 3, 1 };
        Matrix gradient;
        core::crossEntropy(logits, labels, &gradient);
        auto fn = [&](const Eigen::VectorXd& z) {
            return core::crossEntropy(Eigen::Map<const Eigen::MatrixXd>(z.data(), 4, 3).cast<float>(), labels, nullptr);
        };
        const Eigen::MatrixXd l = logits.cast<double>();
        MTW_COMPARE_VECTORS(
            gradient, test::centralDifference(fn, Eigen::Map<const Eigen::VectorXd>(l.data(), 12), 1e-3), 1e-3, 1e-4);
    }
    void crossEntropyMatchesLongDoubleReference()
    {
        // The exps run in packets (not std::exp): the loss and gradient stay within a few ulps of a
        // long-double softmax, for class counts on and off the packet size, logits far apart included.
        core::Rng rng(7);
        for (const core::Index classes : { 1, 2, 3, 4, 5, 7, 8, 10, 13, 40 }) {
            Matrix logits(classes, 6);
            for (core::Index i = 0; i < logits.size(); ++i)
                logits.data()[i] = static_cast<float>(8 * rng.normal());
            logits(0, 5) = 90.0f; // exp of the others' differences underflows towards 0
            std::vector<int> labels;
            for (core::Index b = 0; b < logits.cols(); ++b)
                labels.push_back(static_cast<int>(b % classes));
            Matrix gradient;
            const double loss = core::crossEntropy(logits, labels, &gradient);
            long double total = 0;
            Eigen::MatrixXd expected(classes, logits.cols());
            for (core::Index b = 0; b < logits.cols(); ++b) {
                const long double top = logits.col(b).maxCoeff();
                long double sum = 0;
                for (core::Index c = 0; c < classes; ++c)
                    sum += std::exp(static_cast<long double>(logits(c, b)) - top);
                total += top + std::log(sum) - logits(labels[static_cast<std::size_t>(b)], b);
                for (core::Index c = 0; c < classes; ++c)
                    expected(c, b) = static_cast<double>((std::exp(static_cast<long double>(logits(c, b)) - top) / sum
                                                             - (c == labels[static_cast<std::size_t>(b)] ? 1 : 0))
                        / static_cast<long double>(logits.cols()));
            }
            MTW_COMPARE_NEAR(loss, static_cast<double>(total / logits.cols()), 1e-14, 1e-14);
            MTW_COMPARE_VECTORS(gradient, expected, 1e-7, 1e-9);
        }
    }
    void crossEntropyOfNonFiniteLogitIsNotFinite()
    {
        // A NaN or an infinity in a class other than the label still makes the loss non-finite:
        // the trainer reports such a step instead of training on.
        for (const float bad : { std::nanf(""), std::numeric_limits<float>::infinity() })
            for (core::Index place = 0; place < 5; ++place) {
                Matrix logits = Matrix::Constant(5, 2, 0.5f);
                logits(place, 1) = bad;
                QVERIFY(!std::isfinite(core::crossEntropy(logits, { 0, place == 0 ? 1 : 0 }, nullptr)));
            }
    }
    void crossEntropyColumnDoesNotDependOnItsNeighbours()
    {
        // A column's gradient is the same bits wherever the column stands in the batch.
        core::Rng rng(3);
        Matrix logits(10, 7);
        for (core::Index i = 0; i < logits.size(); ++i)
            logits.data()[i] = static_cast<float>(3 * rng.normal());
        const std::vector<int> labels { 1, 4, 9, 0, 2, 7, 5 };
        Matrix gradient;
        core::crossEntropy(logits, labels, &gradient);
        // The same columns in reverse order: each column's gradient is the same bits.
        const Matrix reversed = logits.rowwise().reverse();
        const std::vector<int> reversedLabels(labels.rbegin(), labels.rend());
        Matrix reversedGradient;
        core::crossEntropy(reversed, reversedLabels, &reversedGradient);
        QVERIFY(reversedGradient.rowwise().reverse() == gradient);
    }
    void meanSquaredErrorByHand()
    {
        Matrix prediction(1, 2), target(1, 2);
        prediction << 1.0f, 3.0f;
        target << 0.0f, 1.0f;
        Matrix gradient;
        MTW_COMPARE_NEAR(core::meanSquaredError(prediction, target, &gradient), 2.5, 0, 1e-12); // (1 + 4) / 2
        MTW_COMPARE_VECTORS(gradient, (Eigen::Vector2d(1.0, 2.0)), 0, 1e-7);
    }
    void binaryCrossEntropyByHand()
    {
        Matrix logits(1, 1), target(1, 1);
        logits << 0.0f;
        target << 1.0f;
        Matrix gradient;
        MTW_COMPARE_NEAR(core::binaryCrossEntropy(logits, target, &gradient), std::log(2.0), 1e-7, 1e-9);
        MTW_COMPARE_NEAR(gradient(0, 0), -0.5, 1e-7, 1e-9);
        logits << 100.0f; // stable for large logits
        MTW_COMPARE_NEAR(core::binaryCrossEntropy(logits, target, nullptr), 0.0, 0, 1e-12);
    }
    void unlabelledSamplesAreLeftOut()
    {
        // Partial supervision: the loss over a batch with unlabelled samples is the loss over its
        // labelled samples alone; their gradients are the subset's, the others' zero.
        core::Rng rng(4);
        Matrix logits(3, 5);
        for (core::Index i = 0; i < logits.size(); ++i)
            logits.data()[i] = static_cast<float>(rng.normal());
        const int none = core::unlabelledLabel;
        Matrix gradient, subsetGradient;
        const double loss = core::crossEntropy(logits, { 2, none, 0, none, 1 }, &gradient);
        Matrix subset(3, 3);
        subset << logits.col(0), logits.col(2), logits.col(4);
        MTW_COMPARE_NEAR(loss, core::crossEntropy(subset, { 2, 0, 1 }, &subsetGradient), 0, 1e-12);
        QCOMPARE(core::labelledCount(std::vector<int> { 2, none, 0, none, 1 }), core::Index(3));
        QVERIFY(gradient.col(1).isZero(0) && gradient.col(3).isZero(0));
        QCOMPARE(gradient.col(2), subsetGradient.col(1));
        QCOMPARE(core::crossEntropy(logits.leftCols(2), { none, none }, &gradient), 0.0);
        QVERIFY(gradient.isZero(0));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, core::crossEntropy(logits.leftCols(1), { -2 }, nullptr));

        // Regression and binary targets: a NaN column is unlabelled. MSE by hand over the two
        // labelled columns: ((1 - 0)^2 + (3 - 1)^2) / 2 = 2.5, gradient 2 r / 2.
        Matrix prediction(1, 3), target(1, 3);
        prediction << 1.0f, 7.0f, 3.0f;
        target << 0.0f, std::nanf(""), 1.0f;
        MTW_COMPARE_NEAR(core::meanSquaredError(prediction, target, &gradient), 2.5, 0, 1e-12);
        MTW_COMPARE_VECTORS(gradient, (Eigen::Vector3d(1.0, 0.0, 2.0)), 0, 1e-7);
        QCOMPARE(core::labelledCount(target), core::Index(2));
        Matrix logit(1, 2), label(1, 2);
        logit << 0.0f, 5.0f;
        label << 1.0f, std::nanf("");
        MTW_COMPARE_NEAR(core::binaryCrossEntropy(logit, label, &gradient), std::log(2.0), 1e-7, 1e-9);
        MTW_COMPARE_VECTORS(gradient, (Eigen::Vector2d(-0.5, 0.0)), 1e-7, 1e-9);
    }
    void badLabelsAreRejected()
    {
        Matrix logits = Matrix::Zero(3, 1);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, core::crossEntropy(logits, { 3 }, nullptr));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, core::crossEntropy(logits, { 0, 1 }, nullptr));
    }
};

QTEST_GUILESS_MAIN(TestLosses)
#include "tst_losses.moc"
