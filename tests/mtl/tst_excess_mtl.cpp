// ExcessMTL: Adagrad-preconditioned excess-risk estimates e_t, weights lambda_t <- lambda_t
// exp(eta e_t / e0_t) renormalised to sum T. Both preconditioners, by hand.
#include "common/compare.h"
#include "loss_weighting_test_support.h"

#include <QTest>
#include <cmath>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;
using test::vec;

namespace {
VectorXd normalisedExp(const VectorXd& ratios, double eta)
{
    const VectorXd e = (eta * ratios).array().exp().matrix();
    return 2.0 * e / e.sum();
}
} // namespace

class TestExcessMtl : public QObject {
    Q_OBJECT
private slots:
    void diagonalPreconditioner()
    {
        auto method = test::makeMethod("excess_mtl", 2);
        QVERIFY(method->needsJacobian());
        MatrixXd J1(2, 2), J2(2, 2);
        J1 << 1, 2, 3, 0;
        J2 << 1, 2, 0, 3;
        // Step 1: A = ((1, 4), (9, 0)); e = (1/1 + 4/2, 9/3 + 0) = (3, 3) = e0; lambda stays 1.
        const mtl::MethodOutput first = test::runStep(*method, J1, vec({ 1, 1 }));
        MTW_COMPARE_VECTORS(first.weights, VectorXd::Ones(2), 0, 0);
        MTW_COMPARE_NEAR(first.extras.at("excess_risk_0"), 3.0, 1e-7, 0);
        // Step 2: A = ((2, 8), (9, 9)); e = (1/sqrt2 + 4/sqrt8, 0 + 9/3) = (sqrt 2 * 1.5, 3);
        // ratios (sqrt(2)/2, 1).
        const mtl::MethodOutput second = test::runStep(*method, J2, vec({ 1, 1 }));
        MTW_COMPARE_VECTORS(second.weights, normalisedExp(vec({ std::sqrt(2.0) / 2, 1.0 }), 0.01), 1e-8, 0);
        QVERIFY(second.weights(1) > second.weights(0));
    }
    void scalarPreconditionerUsesTheGramianOnly()
    {
        auto method = test::makeMethod("excess_mtl", 2, { { "preconditioner", std::string("scalar") } });
        QVERIFY(!method->needsJacobian());
        MatrixXd J1(2, 2), J2(2, 2);
        J1 << 1, 2, 3, 0; // |g|^2 = (5, 9)
        J2 << 2, 4, 3, 0; // |g|^2 = (20, 9)
        // Step 1: A = (5, 9), e0 = (5/sqrt5, 9/3) = (sqrt5, 3).
        test::runStep(*method, J1, vec({ 1, 1 }));
        // Step 2: A = (25, 18), e = (20/5, 9/sqrt18) = (4, 3/sqrt2); ratios (4/sqrt5, 1/sqrt2).
        const mtl::MethodOutput second = test::runStep(*method, J2, vec({ 1, 1 }), 0);
        const VectorXd ratios = vec({ 4 / std::sqrt(5.0), 1 / std::sqrt(2.0) });
        MTW_COMPARE_VECTORS(second.weights, normalisedExp(ratios, 0.01), 1e-8, 0);
    }
    void stepSizeScalesTheUpdate()
    {
        auto method = test::makeMethod("excess_mtl", 2, { { "robust_step_size", 1.0 } });
        MatrixXd J1(2, 2), J2(2, 2);
        J1 << 1, 2, 3, 0;
        J2 << 1, 2, 0, 3;
        test::runStep(*method, J1, vec({ 1, 1 }));
        const mtl::MethodOutput second = test::runStep(*method, J2, vec({ 1, 1 }));
        MTW_COMPARE_VECTORS(second.weights, normalisedExp(vec({ std::sqrt(2.0) / 2, 1.0 }), 1.0), 1e-7, 0);
    }
    void invalidParametersAreRejected()
    {
        auto error = mtl::MethodRegistry::instance().check("excess_mtl", { { "robust_step_size", -1.0 } }, 2);
        QVERIFY(error.has_value() && error->find("robust_step_size") != std::string::npos);
        QVERIFY(mtl::MethodRegistry::instance()
                    .check("excess_mtl", { { "preconditioner", std::string("full") } }, 2)
                    .has_value());
    }
};

QTEST_GUILESS_MAIN(TestExcessMtl)
#include "tst_excess_mtl.moc"
