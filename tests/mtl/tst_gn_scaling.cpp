// Gradient-norm scaling: w_t = mean_j |g_j| / |g_t| from diag(G).
#include "common/compare.h"
#include "loss_weighting_test_support.h"
#include "method_test_support.h"

#include <QTest>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;
using test::vec;

class TestGnScaling : public QObject {
    Q_OBJECT
private slots:
    void everyGradientGetsTheMeanNorm()
    {
        MatrixXd J(2, 2);
        J << 3, 0, 0, 1; // |g| = (3, 1), mean 2
        const test::MethodResult result = test::runMethod("gn_scaling", {}, J);
        MTW_COMPARE_VECTORS(result.weights, vec({ 2.0 / 3, 2.0 }), 1e-15, 0);
        MTW_COMPARE_VECTORS(result.direction, vec({ 2, 2 }), 1e-15, 0);
    }
    void threeTasksWithObliqueGradients()
    {
        MatrixXd J(3, 2);
        J << 3, 4, 0, 1, -6, 8; // |g| = (5, 1, 10), mean 16/3
        const test::MethodResult result = test::runMethod("gn_scaling", {}, J);
        MTW_COMPARE_VECTORS(result.weights, vec({ 16.0 / 15, 16.0 / 3, 16.0 / 30 }), 1e-14, 0);
        const VectorXd weightedNorms = result.weights.cwiseProduct(vec({ 5, 1, 10 }));
        MTW_COMPARE_VECTORS(weightedNorms, VectorXd::Constant(3, 16.0 / 3), 1e-14, 0);
    }
    void targetsChangeOnlyTheCommonNorm()
    {
        // |g| = (3, 1): max gives both norm 3, min and unit norm 1; every direction is parallel to
        // the mean target's (2, 2): the targets change the step's length only.
        MatrixXd J(2, 2);
        J << 3, 0, 0, 1;
        const test::MethodResult max = test::runMethod("gn_scaling", { { "target", std::string("max") } }, J);
        MTW_COMPARE_VECTORS(max.weights, vec({ 1, 3 }), 1e-15, 0);
        MTW_COMPARE_VECTORS(max.direction, vec({ 3, 3 }), 1e-15, 0);
        const test::MethodResult min = test::runMethod("gn_scaling", { { "target", std::string("min") } }, J);
        MTW_COMPARE_VECTORS(min.weights, vec({ 1.0 / 3, 1 }), 1e-15, 0);
        const test::MethodResult unit = test::runMethod("gn_scaling", { { "target", std::string("unit") } }, J);
        MTW_COMPARE_VECTORS(unit.weights, vec({ 1.0 / 3, 1 }), 1e-15, 0);
        MTW_COMPARE_VECTORS(unit.direction, vec({ 1, 1 }), 1e-15, 0);
        // Unit norms: the same weights for any scale of the gradients.
        const test::MethodResult scaled
            = test::runMethod("gn_scaling", { { "target", std::string("unit") } }, MatrixXd(1000.0 * J));
        MTW_COMPARE_VECTORS(scaled.direction, vec({ 1, 1 }), 1e-12, 0);
    }
    void zeroGradientKeepsUnitWeight()
    {
        MatrixXd J(2, 2);
        J << 0, 0, 0, 2;
        MTW_COMPARE_VECTORS(test::runMethod("gn_scaling", {}, J).weights, vec({ 1, 0.5 }), 1e-15, 0);
    }
};

QTEST_GUILESS_MAIN(TestGnScaling)
#include "tst_gn_scaling.moc"
