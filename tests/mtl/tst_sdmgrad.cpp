// SDMGrad: one inner iteration on G = diag(4, 1) by hand (scale 1.5, step 5, projection onto the
// simplex), the carried-over weights on the next call, symmetric gradients keeping 1/T, the
// weights summing to one, the state round trip, validation.
#include "common/compare.h"
#include "method_test_support.h"

#include <QTest>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

MatrixXd handJacobian()
{
    MatrixXd J(2, 2);
    J << 2, 0, //
        0, 1;
    return J;
}

} // namespace

class TestSdmGrad : public QObject {
    Q_OBJECT
private slots:
    void oneIterationByHand()
    {
        auto method = mtl::MethodRegistry::instance().create("sdmgrad", { { "niter", 1LL } }, 2);
        // A = diag(4, 1) / 1.5^2; grad = A (w + 0.3/2) = A (0.65, 0.65) = (52/45, 13/45);
        // w - 5 grad = (-5.2778, -0.9444) projects to (0, 1); weights = (w + 0.15) / 1.3.
        const test::MethodResult first = test::runMethod(*method, handJacobian(), VectorXd::Ones(2));
        MTW_COMPARE_VECTORS(first.weights, (VectorXd(2) << 0.15 / 1.3, 1.15 / 1.3).finished(), 1e-7, 1e-12);

        // Next call starts from w = (0, 1): grad = A (0.15, 1.15) = (0.6, 1.15) / 2.25;
        // w - 5 grad = (-4/3, -14/9); the projection shifts by 35/18: w = (11/18, 7/18).
        const test::MethodResult second = test::runMethod(*method, handJacobian(), VectorXd::Ones(2), 7, 1);
        MTW_COMPARE_VECTORS(second.weights,
            (VectorXd(2) << (11.0 / 18.0 + 0.15) / 1.3, (7.0 / 18.0 + 0.15) / 1.3).finished(), 1e-7, 1e-9);
        QCOMPARE(method->state().at("w").size(), std::size_t(2));
        MTW_COMPARE_NEAR(method->state().at("w")[0], 11.0 / 18.0, 1e-7, 1e-9);
    }

    void symmetricGradientsKeepEqualWeights()
    {
        const test::MethodResult result = test::runMethod("sdmgrad", {}, MatrixXd::Identity(3, 3));
        MTW_COMPARE_VECTORS(result.weights, VectorXd::Constant(3, 1.0 / 3.0), 1e-12, 1e-12);
    }

    void weightsSumToOneAndKeepTheFloor()
    {
        core::Rng rng(6);
        MatrixXd J(4, 9);
        for (Eigen::Index i = 0; i < J.size(); ++i)
            J.data()[i] = rng.normal();
        const test::MethodResult result = test::runMethod("sdmgrad", {}, J);
        MTW_COMPARE_NEAR(result.weights.sum(), 1.0, 0, 1e-12);
        // w >= 0 on the simplex, so every weight is at least (lambda / T) / (1 + lambda).
        QVERIFY(result.weights.minCoeff() >= 0.3 / 4 / 1.3 - 1e-12);
    }

    void stateRoundTrips()
    {
        core::Rng rng(7);
        MatrixXd J(3, 4);
        for (Eigen::Index i = 0; i < J.size(); ++i)
            J.data()[i] = rng.normal();
        auto original = mtl::MethodRegistry::instance().create("sdmgrad", {}, 3);
        test::runMethod(*original, J, VectorXd::Ones(3));
        auto restored = mtl::MethodRegistry::instance().create("sdmgrad", {}, 3);
        restored->setState(original->state());
        QCOMPARE(restored->state(), original->state());
        MTW_COMPARE_VECTORS(test::runMethod(*original, J, VectorXd::Ones(3), 7, 1).weights,
            test::runMethod(*restored, J, VectorXd::Ones(3), 7, 1).weights, 0, 0);
    }

    void invalidParametersAreNamed()
    {
        for (const char* name : { "lambda", "lr" }) {
            const auto error = mtl::MethodRegistry::instance().check("sdmgrad", { { name, -1.0 } }, 2);
            QVERIFY(error.has_value());
            QVERIFY(error->find(name) != std::string::npos);
        }
        const auto error = mtl::MethodRegistry::instance().check("sdmgrad", { { "niter", 0LL } }, 2);
        QVERIFY(error.has_value());
        QVERIFY(error->find("niter") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestSdmGrad)
#include "tst_sdmgrad.moc"
