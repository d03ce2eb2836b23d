// MoCo: two steps on g_1 = (2, 0), g_2 = (0, 1) with losses (1, 3) by hand (LibMTL's loss-scaled
// normalisation, softmax), the paper's simplex-projection variant, the unnormalised variant, the
// state round trip, validation.
#include "common/compare.h"
#include "method_test_support.h"

#include <QTest>
#include <cmath>

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

VectorXd handLosses()
{
    return (VectorXd(2) << 1.0, 3.0).finished();
}

std::unique_ptr<mtl::Method> create(std::map<std::string, core::ParameterValue> params = {})
{
    return mtl::MethodRegistry::instance().create("moco", params, 2);
}

// softmax of (a, b): the first entry.
double softmaxFirst(double a, double b)
{
    return 1.0 / (1.0 + std::exp(b - a));
}

} // namespace

class TestMoco : public QObject {
    Q_OBJECT
private slots:
    void twoStepsByHand()
    {
        auto method = create();
        // Step 1 (k = 1, beta = 0.5, gamma = 0.1): h = (L_t g_t/|g_t|) = (1, 0), (0, 3);
        // Y = 0.5 H, so y_1 = (0.5, 0), y_2 = (0, 1.5); Y Y^T = diag(0.25, 2.25);
        // lambda = softmax(0.5 - 0.1 * (0.125, 1.125)) = softmax(0.4875, 0.3875).
        const test::MethodResult first = test::runMethod(*method, handJacobian(), handLosses());
        QVERIFY(first.raw.hasDirection);
        const double l1 = softmaxFirst(0.4875, 0.3875);
        MTW_COMPARE_VECTORS(first.weights, (VectorXd(2) << l1, 1 - l1).finished(), 1e-7, 1e-9);
        MTW_COMPARE_VECTORS(first.direction, (VectorXd(2) << 0.5 * l1, 1.5 * (1 - l1)).finished(), 1e-6, 1e-7);

        // Step 2 (k = 2): beta_2 = 0.5/sqrt(2), gamma_2 = 0.1/sqrt(2); Y moves towards H:
        // y_1 = (a, 0), a = 0.5 + beta_2 (1 - 0.5); y_2 = (0, b), b = 1.5 + beta_2 (3 - 1.5).
        const test::MethodResult second = test::runMethod(*method, handJacobian(), handLosses(), 7, 1);
        const double beta2 = 0.5 / std::sqrt(2.0);
        const double gamma2 = 0.1 / std::sqrt(2.0);
        const double a = 0.5 + beta2 * 0.5;
        const double b = 1.5 + beta2 * 1.5;
        const double m1 = l1 - gamma2 * a * a * l1;
        const double m2 = (1 - l1) - gamma2 * b * b * (1 - l1);
        const double l1Second = softmaxFirst(m1, m2);
        MTW_COMPARE_VECTORS(second.weights, (VectorXd(2) << l1Second, 1 - l1Second).finished(), 1e-7, 1e-9);
        MTW_COMPARE_VECTORS(second.direction, (VectorXd(2) << a * l1Second, b * (1 - l1Second)).finished(), 1e-6, 1e-7);
    }

    void simplexProjectionVariant()
    {
        // Same first step; the moved lambda (0.4875, 0.3875) sums to 0.875, so the projection
        // adds 0.0625 to both: (0.55, 0.45).
        auto method = create({ { "lambda_update", std::string("projection") } });
        const test::MethodResult result = test::runMethod(*method, handJacobian(), handLosses());
        MTW_COMPARE_VECTORS(result.weights, (VectorXd(2) << 0.55, 0.45).finished(), 1e-7, 1e-9);
        MTW_COMPARE_VECTORS(result.direction, (VectorXd(2) << 0.275, 0.675).finished(), 1e-6, 1e-7);
    }

    void unnormalisedVariantTracksRawGradients()
    {
        // y_1 = (1, 0), y_2 = (0, 0.5); lambda = softmax(0.5 - 0.1 * (0.5, 0.125)).
        auto method = create({ { "normalize_gradients", false } });
        const test::MethodResult result = test::runMethod(*method, handJacobian(), handLosses());
        const double l1 = softmaxFirst(0.45, 0.4875);
        MTW_COMPARE_VECTORS(result.direction, (VectorXd(2) << l1, 0.5 * (1 - l1)).finished(), 1e-6, 1e-7);
    }

    void stateRoundTrips()
    {
        core::Rng rng(2);
        MatrixXd J(3, 5);
        for (Eigen::Index i = 0; i < J.size(); ++i)
            J.data()[i] = rng.normal();
        const VectorXd losses = (VectorXd(3) << 0.5, 1.0, 2.0).finished();
        auto original = mtl::MethodRegistry::instance().create("moco", {}, 3);
        test::runMethod(*original, J, losses);
        auto restored = mtl::MethodRegistry::instance().create("moco", {}, 3);
        restored->setState(original->state());
        QCOMPARE(restored->state(), original->state());
        const MatrixXd J2 = 0.5 * J;
        const test::MethodResult a = test::runMethod(*original, J2, losses, 7, 1);
        const test::MethodResult b = test::runMethod(*restored, J2, losses, 7, 1);
        MTW_COMPARE_VECTORS(a.direction, b.direction, 0, 0);
        MTW_COMPARE_VECTORS(a.weights, b.weights, 0, 0);
        QCOMPARE(original->state().at("step").at(0), 2.0);
    }

    void invalidParametersAreNamed_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<double>("value");
        QTest::newRow("beta") << "beta" << 1.5;
        QTest::newRow("gamma") << "gamma" << -1.0;
        QTest::newRow("rho") << "rho" << -0.5;
        QTest::newRow("beta_sigma") << "beta_sigma" << -1.0;
    }
    void invalidParametersAreNamed()
    {
        QFETCH(QString, name);
        QFETCH(double, value);
        const auto error = mtl::MethodRegistry::instance().check("moco", { { name.toStdString(), value } }, 2);
        QVERIFY(error.has_value());
        QVERIFY(error->find(name.toStdString()) != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestMoco)
#include "tst_moco.moc"
