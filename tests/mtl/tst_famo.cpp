// FAMO: w_t = z_t / (c (L_t + eps)), z = softmax(xi); xi takes one Adam step (weight decay gamma)
// along J_softmax^T delta with delta = log L_prev - log L. Checked by hand.
#include "common/compare.h"
#include "loss_weighting_test_support.h"

#include <QTest>
#include <cmath>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;
using test::vec;

namespace {
VectorXd famoWeights(const VectorXd& z, const VectorXd& losses)
{
    const VectorXd scaled = z.cwiseQuotient(VectorXd(losses.array() + 1e-8));
    return scaled / scaled.sum();
}
} // namespace

class TestFamo : public QObject {
    Q_OBJECT
private slots:
    void firstStepWeightsAreInverseLosses()
    {
        auto method = test::makeMethod("famo", 2);
        // z = (1/2, 1/2): w proportional to (1/1, 1/3), summing to 1: (3/4, 1/4).
        const mtl::MethodOutput out = test::runStep(*method, MatrixXd::Identity(2, 2), vec({ 1, 3 }));
        MTW_COMPARE_VECTORS(out.weights, vec({ 0.75, 0.25 }), 1e-7, 0);
        MTW_COMPARE_VECTORS(out.weights, famoWeights(vec({ 0.5, 0.5 }), vec({ 1, 3 })), 1e-15, 0);
    }
    void improvedTaskLosesLogit()
    {
        auto method = test::makeMethod("famo", 2);
        const MatrixXd J = MatrixXd::Identity(2, 2);
        test::runStep(*method, J, vec({ 1, 3 }));
        // Task 0 halved its loss, task 1 did not: delta = (log 2, 0) (with eps), z = (1/2, 1/2),
        // grad = z (delta - z.delta) = (+, -) log(2)/4; xi = 0 so the decay adds nothing; Adam's first
        // step: xi = (-lr, +lr) (times |g| / (|g| + 1e-8)).
        const double delta = std::log(1 + 1e-8) - std::log(0.5 + 1e-8);
        const double g = 0.25 * delta;
        const double step = 0.025 * g / (g + 1e-8);
        const VectorXd xi = vec({ -step, step });
        const VectorXd z = xi.array().exp() / xi.array().exp().sum();
        const mtl::MethodOutput out = test::runStep(*method, J, vec({ 0.5, 3 }));
        MTW_COMPARE_VECTORS(out.weights, famoWeights(z, vec({ 0.5, 3 })), 1e-14, 0);
        MTW_COMPARE_NEAR(out.extras.at("z_0"), z(0), 1e-14, 0);
        QVERIFY(z(0) < 0.5);
    }
    void weightDecayPullsLogitsBack()
    {
        // After one logit update the losses stop changing (delta = 0). Without decay, Adam's momentum
        // keeps moving xi_0 down; a strong decay gamma xi pulls it back towards 0.
        auto zAfterTwoUpdates = [](double gamma) {
            auto method = test::makeMethod("famo", 2, { { "gamma", gamma } });
            const MatrixXd J = MatrixXd::Identity(2, 2);
            test::runStep(*method, J, vec({ 1, 1 }));
            const double z1 = test::runStep(*method, J, vec({ 0.5, 1 })).extras.at("z_0");
            const double z2 = test::runStep(*method, J, vec({ 0.5, 1 })).extras.at("z_0");
            return std::pair { z1, z2 };
        };
        const auto [z1Free, z2Free] = zAfterTwoUpdates(0.0);
        const auto [z1Decay, z2Decay] = zAfterTwoUpdates(10.0);
        MTW_COMPARE_NEAR(z1Decay, z1Free, 1e-15, 0); // xi = 0 before the first update: no decay yet
        QVERIFY(z2Free < z1Free);
        QVERIFY(z2Decay > z1Decay && z2Decay < 0.5);
    }
    void invalidParametersAreRejected()
    {
        auto error = mtl::MethodRegistry::instance().check("famo", { { "w_lr", 0.0 } }, 2);
        QVERIFY(error.has_value() && error->find("w_lr") != std::string::npos);
        error = mtl::MethodRegistry::instance().check("famo", { { "gamma", -1.0 } }, 2);
        QVERIFY(error.has_value() && error->find("gamma") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestFamo)
#include "tst_famo.moc"
