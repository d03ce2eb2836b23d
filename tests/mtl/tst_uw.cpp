// UW: w_t = 1/(2 e^s_t); one Adam step on s with dL/ds_t = (1 - L_t e^-s_t)/2, checked by hand.
#include "common/compare.h"
#include "loss_weighting_test_support.h"

#include <QTest>
#include <cmath>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;
using test::vec;

namespace {
// Adam's first step moves each parameter by lr * g / (|g| + 1e-8) (bias-corrected moments: m = g, v = g^2).
double firstAdamStep(double lr, double g)
{
    return lr * g / (std::abs(g) + 1e-8);
}
} // namespace

class TestUw : public QObject {
    Q_OBJECT
private slots:
    void initialWeightsFollowInitialLogVariance()
    {
        auto method = test::makeMethod("uw", 2);
        const mtl::MethodOutput out = test::runStep(*method, MatrixXd::Identity(2, 3), vec({ 1, 3 }));
        // s = -0.5: w = 1 / (2 e^-0.5) = e^0.5 / 2.
        MTW_COMPARE_VECTORS(out.weights, VectorXd::Constant(2, std::exp(0.5) / 2), 1e-15, 0);
        MTW_COMPARE_NEAR(out.extras.at("log_variance_1"), -0.5, 0, 0);
    }
    void oneAdamStepOnLogVariance()
    {
        auto method = test::makeMethod("uw", 2, { { "lr", 0.1 }, { "init", 0.0 } });
        const MatrixXd J = MatrixXd::Identity(2, 2);
        // s = 0, L = (0.5, 3): dL/ds = (1 - L)/2 = (0.25, -1): s1 = (-0.1, +0.1) (up to Adam's eps).
        test::runStep(*method, J, vec({ 0.5, 3 }));
        const VectorXd s1 = vec({ -firstAdamStep(0.1, 0.25), -firstAdamStep(0.1, -1.0) });
        const mtl::MethodOutput out = test::runStep(*method, J, vec({ 0.5, 3 }));
        MTW_COMPARE_VECTORS(out.weights, VectorXd(0.5 * (-s1.array()).exp()), 1e-14, 0);
        // The task with the larger loss gets the larger variance, hence the smaller weight.
        QVERIFY(out.weights(1) < out.weights(0));
    }
    void invalidParametersAreRejected()
    {
        const auto error = mtl::MethodRegistry::instance().check("uw", { { "lr", 0.0 } }, 2);
        QVERIFY(error.has_value());
        QVERIFY(error->find("lr") != std::string::npos);
        QVERIFY(mtl::MethodRegistry::instance().check("uw", { { "init", 100.0 } }, 2).has_value());
    }
};

QTEST_GUILESS_MAIN(TestUw)
#include "tst_uw.moc"
