// EMA loss weighting: w_t = 1 / EMA(L_t), optionally rescaled to sum T.
#include "common/compare.h"
#include "loss_weighting_test_support.h"

#include <QTest>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;
using test::vec;

class TestEmaLw : public QObject {
    Q_OBJECT
private slots:
    void weightsAreInverseAverages()
    {
        auto method = test::makeMethod("ema_lw", 2, { { "beta", 0.5 } });
        const MatrixXd J = MatrixXd::Identity(2, 2);
        // Step 0: a = L = (2, 4): w = (1/2, 1/4).
        MTW_COMPARE_VECTORS(test::runStep(*method, J, vec({ 2, 4 })).weights, vec({ 0.5, 0.25 }), 1e-15, 0);
        // Step 1: a = 0.5 (2, 4) + 0.5 (4, 2) = (3, 3): w = (1/3, 1/3).
        MTW_COMPARE_VECTORS(test::runStep(*method, J, vec({ 4, 2 })).weights, vec({ 1.0 / 3, 1.0 / 3 }), 1e-15, 0);
    }
    void sumNormalizationGivesTaskCount()
    {
        auto method = test::makeMethod("ema_lw", 2, { { "normalization", std::string("sum") } });
        // (1/2, 1/4) rescaled to sum 2: (4/3, 2/3).
        const mtl::MethodOutput out = test::runStep(*method, MatrixXd::Identity(2, 2), vec({ 2, 4 }));
        MTW_COMPARE_VECTORS(out.weights, vec({ 4.0 / 3, 2.0 / 3 }), 1e-15, 0);
    }
    void defaultBetaAveragesSlowly()
    {
        auto method = test::makeMethod("ema_lw", 1);
        const MatrixXd J = MatrixXd::Identity(1, 1);
        test::runStep(*method, J, vec({ 1 }));
        // a = 0.9 * 1 + 0.1 * 11 = 2.
        MTW_COMPARE_VECTORS(test::runStep(*method, J, vec({ 11 })).weights, vec({ 0.5 }), 1e-15, 0);
    }
    void invalidParametersAreRejected()
    {
        QVERIFY(mtl::MethodRegistry::instance().check("ema_lw", { { "beta", 1.0 } }, 2).has_value());
        QVERIFY(mtl::MethodRegistry::instance()
                    .check("ema_lw", { { "normalization", std::string("max") } }, 2)
                    .has_value());
    }
};

QTEST_GUILESS_MAIN(TestEmaLw)
#include "tst_ema_lw.moc"
