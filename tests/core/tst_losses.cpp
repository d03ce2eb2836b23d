// Losses: hand-computed values and gradients checked by central finite differences.
#include "common/compare.h"
#include "core/loss.h"
#include "finite_difference.h"

#include <QTest>
#include <cmath>

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
    void badLabelsAreRejected()
    {
        Matrix logits = Matrix::Zero(3, 1);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, core::crossEntropy(logits, { 3 }, nullptr));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, core::crossEntropy(logits, { 0, 1 }, nullptr));
    }
};

QTEST_GUILESS_MAIN(TestLosses)
#include "tst_losses.moc"
