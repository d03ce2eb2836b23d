// Hand-computed examples for EW, Sum, fixed weights and RLW.
#include "common/compare.h"
#include "method_test_support.h"

#include <QTest>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;

class TestScalarization : public QObject {
    Q_OBJECT
private slots:
    void equalWeightsAverage()
    {
        MatrixXd J(2, 3);
        J << 1, 0, 2, //
            3, 4, 0;
        const test::MethodResult result = test::runMethod("ew", {}, J);
        MTW_COMPARE_VECTORS(result.weights, VectorXd::Constant(2, 0.5), 0, 1e-15);
        MTW_COMPARE_VECTORS(result.direction, (VectorXd(3) << 2, 2, 1).finished(), 0, 1e-15);
    }
    void sumAddsGradients()
    {
        MatrixXd J(2, 2);
        J << 1, -1, 2, 5;
        MTW_COMPARE_VECTORS(test::runMethod("sum", {}, J).direction, (VectorXd(2) << 3, 4).finished(), 0, 1e-15);
    }
    void fixedWeightsNeedOnePerTask()
    {
        MatrixXd J(2, 2);
        J << 1, 0, 0, 1;
        const test::MethodResult result
            = test::runMethod("fixed", { { "weights", std::vector<double> { 0.25, 2.0 } } }, J);
        MTW_COMPARE_VECTORS(result.direction, (VectorXd(2) << 0.25, 2.0).finished(), 0, 1e-15);
        const auto error
            = mtl::MethodRegistry::instance().check("fixed", { { "weights", std::vector<double> { 1.0 } } }, 2);
        QVERIFY(error.has_value());
        QVERIFY(error->find("one entry per task") != std::string::npos);
        QVERIFY(mtl::MethodRegistry::instance().check("fixed", {}, 2).has_value());
    }
    void randomWeightsAreSoftmaxOfNormals()
    {
        MatrixXd J = MatrixXd::Identity(3, 3);
        const test::MethodResult result = test::runMethod("rlw", {}, J, {}, 99);
        core::Rng rng(99);
        VectorXd z(3);
        for (int t = 0; t < 3; ++t)
            z(t) = rng.normal();
        const VectorXd expected = z.array().exp() / z.array().exp().sum();
        MTW_COMPARE_VECTORS(result.weights, expected, 1e-12, 1e-15);
        MTW_COMPARE_NEAR(result.weights.sum(), 1.0, 0, 1e-12);
    }
};

QTEST_GUILESS_MAIN(TestScalarization)
#include "tst_scalarization.moc"
