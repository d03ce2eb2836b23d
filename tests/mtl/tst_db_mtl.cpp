// DB-MTL: EMA of log-loss gradients, each scaled to the largest norm; a direction, from J.
#include "common/compare.h"
#include "loss_weighting_test_support.h"

#include <QTest>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;
using test::vec;

class TestDbMtl : public QObject {
    Q_OBJECT
private slots:
    void directionFromAveragedLogLossGradients()
    {
        auto method = test::makeMethod("db_mtl", 2);
        QVERIFY(method->needsJacobian());
        MatrixXd J(2, 2);
        J << 1, 0, 0, 2;
        const VectorXd losses = vec({ 1, 4 });
        // h = g / L = (1, 0), (0, 0.5). Step 1: b = 0.1 h, norms (0.1, 0.05): alpha = (1, 2): d = (0.1, 0.1).
        const mtl::MethodOutput first = test::runStep(*method, J, losses);
        QVERIFY(first.hasDirection);
        MTW_COMPARE_VECTORS(first.direction, vec({ 0.1, 0.1 }), 1e-6, 0);
        // Heads get the plain log-loss gradient: weights 1 / L.
        MTW_COMPARE_VECTORS(first.weights, vec({ 1, 0.25 }), 1e-7, 0);
        // Step 2: b = 0.9 (0.1 h) + 0.1 h = 0.19 h: d = (0.19, 0.19).
        const mtl::MethodOutput second = test::runStep(*method, J, losses);
        MTW_COMPARE_VECTORS(second.direction, vec({ 0.19, 0.19 }), 1e-6, 0);
        MTW_COMPARE_NEAR(second.extras.at("alpha_1"), 2.0, 1e-6, 0);
    }
    void averageFollowsTheGradientsDirectionHistory()
    {
        auto method = test::makeMethod("db_mtl", 2);
        MatrixXd J1(2, 2), J2(2, 2);
        J1 << 1, 0, 0, 1;
        J2 << 0, 1, 0, 1;
        const VectorXd losses = vec({ 1, 1 });
        test::runStep(*method, J1, losses);
        // b_0 = 0.9 (0.1, 0) + 0.1 (0, 1) = (0.09, 0.1); b_1 = (0, 0.19): largest norm 0.19.
        const mtl::MethodOutput out = test::runStep(*method, J2, losses);
        const VectorXd b0 = vec({ 0.09, 0.1 });
        const VectorXd expected = 0.19 / b0.norm() * b0 + vec({ 0, 0.19 });
        MTW_COMPARE_VECTORS(out.direction, expected, 1e-6, 0);
    }
    void decayingFactor()
    {
        auto method = test::makeMethod("db_mtl", 1, { { "beta_sigma", 1.0 } });
        const MatrixXd J = MatrixXd::Identity(1, 1);
        test::runStep(*method, J, vec({ 1 }));
        // Step 2: factor 0.9 / 2 = 0.45: b = 0.45 * 0.1 + 0.55 * 1 = 0.595.
        MTW_COMPARE_VECTORS(test::runStep(*method, J, vec({ 1 })).direction, vec({ 0.595 }), 1e-6, 0);
    }
    void invalidParametersAreRejected()
    {
        auto error = mtl::MethodRegistry::instance().check("db_mtl", { { "beta", 1.5 } }, 2);
        QVERIFY(error.has_value() && error->find("beta") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestDbMtl)
#include "tst_db_mtl.moc"
