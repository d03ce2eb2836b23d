// CAGrad: symmetric hand example, TorchJD's example, rescale options, non-conflict for c >= 1, and
// TorchJD's absolute trace threshold (trace_eps).
#include "aggregation_test_support.h"
#include "common/compare.h"
#include "method_test_support.h"

#include <QTest>
#include <cmath>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;

class TestCaGrad : public QObject {
    Q_OBJECT
private slots:
    void torchjdExample()
    {
        MatrixXd J(2, 3);
        J << -4, 1, 1, 6, 1, 1;
        const test::MethodResult result = test::runMethod("cagrad", { { "c", 0.5 }, { "rescale", 0LL } }, J);
        MTW_COMPARE_VECTORS(result.direction, (VectorXd(3) << 0.1835, 1.2041, 1.2041).finished(), 0, 1e-4);
    }

    void orthogonalEqualGradients_data()
    {
        QTest::addColumn<long long>("rescale");
        QTest::addColumn<double>("divisor");
        // By symmetry w = (1/2, 1/2), g_w = g0, so d = (1 + c) g0: weights (1 + c) / 2.
        QTest::newRow("rescale-none") << 0LL << 1.0;
        QTest::newRow("rescale-1-plus-c2") << 1LL << 1.0 + 0.4 * 0.4;
        QTest::newRow("rescale-1-plus-c") << 2LL << 1.4;
    }
    void orthogonalEqualGradients()
    {
        QFETCH(long long, rescale);
        QFETCH(double, divisor);
        const MatrixXd J = MatrixXd::Identity(2, 2);
        const test::MethodResult result = test::runMethod("cagrad", { { "rescale", rescale } }, J);
        MTW_COMPARE_VECTORS(result.weights, VectorXd::Constant(2, 1.4 / 2 / divisor), 1e-12, 1e-14);
    }

    void zeroRadiusIsTheMean()
    {
        const MatrixXd J = test::randomMatrix(3, 5, 4);
        const test::MethodResult result = test::runMethod("cagrad", { { "c", 0.0 } }, J);
        MTW_COMPARE_VECTORS(result.weights, VectorXd::Constant(3, 1.0 / 3), 0, 1e-15);
    }

    void worstCaseImprovementIsOptimal()
    {
        // The primal: d maximizes min_i g_i^T d on |d - g0| <= c |g0|. Random directions on the
        // sphere never beat it.
        const MatrixXd J = test::randomMatrix(4, 6, 9);
        const double c = 0.4;
        const VectorXd d = test::runMethod("cagrad", { { "c", c }, { "rescale", 0LL } }, J).direction;
        const VectorXd g0 = J.colwise().mean().transpose();
        MTW_COMPARE_NEAR((d - g0).norm(), c * g0.norm(), 1e-9, 1e-12);
        const double best = (J * d).minCoeff();
        core::Rng rng(3);
        for (int k = 0; k < 2000; ++k) {
            VectorXd z(6);
            for (int i = 0; i < 6; ++i)
                z(i) = rng.normal();
            const VectorXd candidate = g0 + c * g0.norm() * z.normalized();
            QVERIFY((J * candidate).minCoeff() <= best + 1e-9);
        }
    }

    void traceThreshold_data()
    {
        QTest::addColumn<double>("scale");
        QTest::addColumn<double>("traceEps");
        QTest::addColumn<bool>("zero");
        // TorchJD's example J0 has trace(J0 J0^T) = 18 + 38 = 56; s J0 has trace 56 s^2.
        const double below = std::sqrt(0.5e-4 / 56), above = std::sqrt(2e-4 / 56);
        QTest::newRow("default-below") << below << 0.0 << false; // no threshold: scale-invariant weights
        QTest::newRow("torchjd-below") << below << 1e-4 << true;
        QTest::newRow("torchjd-above") << above << 1e-4 << false;
        QTest::newRow("unit-scale") << 1.0 << 1e-4 << false;
    }
    void traceThreshold()
    {
        QFETCH(double, scale);
        QFETCH(double, traceEps);
        QFETCH(bool, zero);
        MatrixXd J(2, 3);
        J << -4, 1, 1, 6, 1, 1;
        const std::map<std::string, core::ParameterValue> params { { "c", 0.5 }, { "rescale", 0LL },
            { "trace_eps", traceEps } };
        const test::MethodResult result = test::runMethod("cagrad", params, scale * J);
        if (zero) {
            MTW_COMPARE_VECTORS(result.weights, VectorXd::Zero(2), 0, 0);
            return;
        }
        // The weights do not depend on the scale of J: the direction is s times TorchJD's output.
        MTW_COMPARE_VECTORS(
            result.direction, VectorXd(scale * (VectorXd(3) << 0.1835, 1.2041, 1.2041).finished()), 0, 1e-4 * scale);
        MTW_COMPARE_VECTORS(result.weights, test::runMethod("cagrad", params, J).weights, 1e-12, 0);
    }

    void traceThresholdIsStrict()
    {
        // trace(G) = 4 * 2^-16 = 2^-14 exactly: TorchJD zeroes the Gramian only when trace < eps.
        MatrixXd J(2, 2);
        J << 1, 1, 1, -1;
        J *= std::ldexp(1.0, -8);
        const double trace = std::ldexp(1.0, -14);
        QCOMPARE((J * J.transpose()).trace(), trace);
        QVERIFY(test::runMethod("cagrad", { { "trace_eps", trace } }, J).weights.norm() > 0.0);
        MTW_COMPARE_VECTORS(test::runMethod("cagrad", { { "trace_eps", std::nextafter(trace, 1.0) } }, J).weights,
            VectorXd::Zero(2), 0, 0);
    }

    void nonConflictingForLargeRadius_data()
    {
        QTest::addColumn<double>("c");
        QTest::newRow("c-1") << 1.0;
        QTest::newRow("c-2") << 2.0;
        QTest::newRow("c-10") << 10.0;
    }
    void nonConflictingForLargeRadius()
    {
        QFETCH(double, c);
        for (int tasks : { 2, 3, 5, 8 }) {
            for (std::uint64_t seed = 1; seed <= 6; ++seed) {
                const MatrixXd J = test::randomMatrix(tasks, 6, seed);
                const VectorXd d = test::runMethod("cagrad", { { "c", c } }, J).direction;
                const double scale = J.norm() * std::max(d.norm(), 1e-12);
                QVERIFY2((J * d).minCoeff() >= -1e-6 * scale, qPrintable(QString("T=%1 seed=%2").arg(tasks).arg(seed)));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestCaGrad)
#include "tst_cagrad.moc"
