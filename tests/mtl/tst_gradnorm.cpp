// GradNorm: weights start at 1, each step moves them by one Adam step on the GradNorm loss and
// renormalises them to sum T; the gradient norms are sqrt(diag G). Updates checked by hand.
#include "common/compare.h"
#include "loss_weighting_test_support.h"

#include <QTest>
#include <cmath>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;
using test::vec;

class TestGradNorm : public QObject {
    Q_OBJECT
private slots:
    void largerGradientLosesWeight()
    {
        auto method = test::makeMethod("gradnorm", 2);
        MatrixXd J(2, 2);
        J << 2, 0, 0, 1; // |g| = (2, 1)
        // Step 0: w = (1, 1); L = L(0) so r = (1, 1); G_w = (2, 1), target = mean = 1.5:
        // dL_grad/dw = (sign(0.5) 2, sign(-0.5) 1) = (2, -1); Adam's first step: -lr g/(|g| + 1e-8).
        const mtl::MethodOutput first = test::runStep(*method, J, vec({ 1, 1 }));
        MTW_COMPARE_VECTORS(first.weights, VectorXd::Ones(2), 0, 0);
        VectorXd w = vec({ 1 - 0.025 * 2 / (2 + 1e-8), 1 + 0.025 * 1 / (1 + 1e-8) });
        w *= 2 / w.sum();
        const mtl::MethodOutput second = test::runStep(*method, J, vec({ 1, 1 }));
        MTW_COMPARE_VECTORS(second.weights, w, 1e-14, 0);
        MTW_COMPARE_NEAR(second.weights(0), 0.975, 0, 1e-9);
    }
    void slowerTaskGainsWeight()
    {
        auto method = test::makeMethod("gradnorm", 2);
        const MatrixXd J = MatrixXd::Identity(2, 2); // |g| = (1, 1)
        // Step 0: G_w = (1, 1) equals its target 1: zero gradient, Adam leaves w = (1, 1).
        test::runStep(*method, J, vec({ 1, 1 }));
        // Step 1: L / L(0) = (2, 1), r = (4/3, 2/3), targets (4/3)^1.5 > 1 > (2/3)^1.5:
        // gradient (-1, +1). Adam's second step with m = 0.1 g, v = 0.001 g^2:
        // update = lr (0.1/0.19) / (sqrt(0.001/0.001999) + 1e-8) per unit of sign(g).
        const mtl::MethodOutput second = test::runStep(*method, J, vec({ 2, 1 }));
        MTW_COMPARE_VECTORS(second.weights, VectorXd::Ones(2), 0, 0);
        MTW_COMPARE_NEAR(second.extras.at("relative_inverse_rate_0"), 4.0 / 3, 1e-14, 0);
        const double move = 0.025 * (0.1 / (1 - 0.81)) / (std::sqrt(0.001 / (1 - 0.998001)) + 1e-8);
        const mtl::MethodOutput third = test::runStep(*method, J, vec({ 2, 1 }));
        MTW_COMPARE_VECTORS(third.weights, vec({ 1 + move, 1 - move }), 1e-12, 0);
    }
    void invalidParametersAreRejected()
    {
        auto error = mtl::MethodRegistry::instance().check("gradnorm", { { "alpha", -1.0 } }, 2);
        QVERIFY(error.has_value() && error->find("alpha") != std::string::npos);
        error = mtl::MethodRegistry::instance().check("gradnorm", { { "lr", 0.0 } }, 2);
        QVERIFY(error.has_value() && error->find("lr") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestGradNorm)
#include "tst_gradnorm.moc"
