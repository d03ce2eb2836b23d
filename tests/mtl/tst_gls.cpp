// GLS: w_t = (prod L)^(1/T) / (T L_t), checked on hand-computed examples.
#include "common/compare.h"
#include "loss_weighting_test_support.h"
#include "method_test_support.h"

#include <QTest>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;
using test::vec;

class TestGls : public QObject {
    Q_OBJECT
private slots:
    void weightsAreGeometricMeanOverTaskLoss_data()
    {
        QTest::addColumn<VectorXd>("losses");
        QTest::addColumn<VectorXd>("expected");
        // (1 * 4)^(1/2) = 2: w = 2 / (2 [1, 4]).
        QTest::newRow("two-tasks") << vec({ 1, 4 }) << vec({ 1.0, 0.25 });
        // (1 * 2 * 4)^(1/3) = 2: w = 2 / (3 [1, 2, 4]).
        QTest::newRow("three-tasks") << vec({ 1, 2, 4 }) << vec({ 2.0 / 3, 1.0 / 3, 1.0 / 6 });
        // Equal losses: w = 1/T, the mean.
        QTest::newRow("equal-losses") << vec({ 0.3, 0.3 }) << vec({ 0.5, 0.5 });
    }
    void weightsAreGeometricMeanOverTaskLoss()
    {
        QFETCH(VectorXd, losses);
        QFETCH(VectorXd, expected);
        const MatrixXd J = MatrixXd::Identity(losses.size(), losses.size() + 1);
        auto method = test::makeMethod("gls", static_cast<int>(losses.size()));
        const mtl::MethodOutput out = test::runStep(*method, J, losses);
        MTW_COMPARE_VECTORS(out.weights, expected, 1e-14, 1e-15);
        QVERIFY(method->weightsHeads());
    }
    void directionIsGradientOfGeometricMean()
    {
        // d/dtheta sqrt(L1 L2) with g1 = (1, 0), g2 = (0, 1), L = (1, 4): (sqrt(4)/2 * 1, sqrt(1)/2 * 1) ...
        // = (1/2)(L2/L1)^(1/2) g1 + (1/2)(L1/L2)^(1/2) g2 = (1, 0.25).
        MatrixXd J(2, 2);
        J << 1, 0, 0, 1;
        const test::MethodResult result = test::runMethod("gls", {}, J, vec({ 1, 4 }));
        MTW_COMPARE_VECTORS(result.direction, vec({ 1.0, 0.25 }), 1e-14, 1e-15);
    }
    void nonPositiveLossIsRefused()
    {
        auto method = test::makeMethod("gls", 2);
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument, test::runStep(*method, MatrixXd::Identity(2, 2), vec({ 1, 0 })));
    }
};

QTEST_GUILESS_MAIN(TestGls)
#include "tst_gls.moc"
