// Nash-MTL: TorchJD's example, the orthogonal closed form, the fixed point, clipping, state.
#include "aggregation_test_support.h"
#include "common/compare.h"
#include "method_test_support.h"

#include <QTest>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;

class TestNashMtl : public QObject {
    Q_OBJECT
private slots:
    void torchjdExample() {
        MatrixXd J(2, 3);
        J << -4, 1, 1, 6, 1, 1;
        const test::MethodResult result = test::runMethod("nash_mtl", {}, J);
        MTW_COMPARE_VECTORS(result.direction, (VectorXd(3) << 0.0542, 0.7061, 0.7061).finished(), 0, 1e-4);
    }

    void orthogonalGradients() {
        // G = diag(9, 16): alpha_i^2 G_ii = 1, alpha = (1/3, 1/4), d = (1, 1) of norm sqrt(2).
        MatrixXd J(2, 2);
        J << 3, 0, 0, 4;
        const test::MethodResult raw = test::runMethod("nash_mtl", { { "max_norm", 0.0 } }, J);
        MTW_COMPARE_VECTORS(raw.weights, (VectorXd(2) << 1.0 / 3, 0.25).finished(), 1e-9, 1e-12);
        const test::MethodResult clipped = test::runMethod("nash_mtl", {}, J);
        MTW_COMPARE_VECTORS(clipped.weights, VectorXd(raw.weights / std::sqrt(2.0)), 1e-9, 1e-12);
        MTW_COMPARE_NEAR(clipped.direction.norm(), 1.0, 1e-9, 0);
    }

    void fixedPointWhereTheCccpConverges() {
        for (std::uint64_t seed = 1; seed <= 8; ++seed) {
            const MatrixXd J = 0.3 * test::randomMatrix(3, 7, seed);
            const MatrixXd shifted = J.rowwise() + 0.5 * J.colwise().mean().normalized();
            const test::MethodResult result = test::runMethod("nash_mtl", { { "max_norm", 0.0 } }, shifted);
            const VectorXd alpha = result.weights;
            const VectorXd residual = alpha.cwiseProduct(shifted * shifted.transpose() * alpha).array() - 1.0;
            QVERIFY2(
                residual.cwiseAbs().maxCoeff() < 1e-6, qPrintable(QString::number(residual.cwiseAbs().maxCoeff())));
        }
    }

    void stateRoundTripsAndWeightsAreReused() {
        const MatrixXd J1 = test::randomMatrix(3, 8, 1).rowwise() + VectorXd::Ones(8).transpose();
        const MatrixXd J2 = test::randomMatrix(3, 8, 2).rowwise() + VectorXd::Ones(8).transpose();
        const VectorXd losses = VectorXd::Ones(3);
        auto first = mtl::MethodRegistry::instance().create("nash_mtl", { { "update_weights_every", 2LL } }, 3);
        const VectorXd w1 = test::runMethod(*first, J1, losses, 1, 0).weights;
        auto second = mtl::MethodRegistry::instance().create("nash_mtl", { { "update_weights_every", 2LL } }, 3);
        second->setState(first->state());
        // Step 1 reuses alpha (only the clipping sees the new gradients).
        const VectorXd a = test::runMethod(*first, J2, losses, 1, 1).weights;
        const VectorXd b = test::runMethod(*second, J2, losses, 1, 1).weights;
        QCOMPARE(a, b);
        const VectorXd unclippedRatio = a.cwiseQuotient(w1);
        MTW_COMPARE_VECTORS(unclippedRatio, VectorXd::Constant(3, unclippedRatio(0)), 1e-12, 1e-14);
    }

    void infeasibleGivesZeroWeights() {
        MatrixXd J(2, 2);
        J << 1, 1, -1, -1;
        const test::MethodResult result = test::runMethod("nash_mtl", {}, J);
        MTW_COMPARE_VECTORS(result.weights, VectorXd::Zero(2), 0, 0);
        QCOMPARE(result.raw.extras.at("feasible"), 0.0);
    }
};

QTEST_GUILESS_MAIN(TestNashMtl)
#include "tst_nash_mtl.moc"
