// UPGrad: TorchJD's example, a hand-projected conflicting pair, non-conflicting inputs, T = 10 KKT.
#include "aggregation_test_support.h"
#include "common/compare.h"
#include "method_test_support.h"

#include <QTest>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;

class TestUpGrad : public QObject {
    Q_OBJECT
private slots:
    void torchjdExample() {
        MatrixXd J(2, 3);
        J << -4, 1, 1, 6, 1, 1;
        const test::MethodResult result = test::runMethod("upgrad", {}, J);
        MTW_COMPARE_VECTORS(result.direction, (VectorXd(3) << 0.2929, 1.9004, 1.9004).finished(), 0, 1e-4);
    }

    void conflictingPair() {
        // g1 = (1, 0), g2 = (-1, 1); dual cone {x1 >= 0, x2 >= x1}. pi(g1) = (1/2, 1/2) = J^T (1, 1/2),
        // pi(g2) = (0, 1) = J^T (1, 1): weights (1, 3/4), d = (1/4, 3/4).
        MatrixXd J(2, 2);
        J << 1, 0, -1, 1;
        const test::MethodResult result = test::runMethod("upgrad", { { "reg_eps", 0.0 } }, J);
        MTW_COMPARE_VECTORS(result.weights, (VectorXd(2) << 1.0, 0.75).finished(), 1e-12, 1e-14);
        MTW_COMPARE_VECTORS(result.direction, (VectorXd(2) << 0.25, 0.75).finished(), 1e-12, 1e-14);
    }

    void nonConflictingInputIsTheMean() {
        MatrixXd J(3, 2);
        J << 1, 0, 1, 1, 0, 2;
        MTW_COMPARE_VECTORS(
            test::runMethod("upgrad", { { "reg_eps", 0.0 } }, J).weights, VectorXd::Constant(3, 1.0 / 3), 1e-12, 1e-14);
    }

    void regularizationPerturbsSlightly() {
        const MatrixXd J = test::randomMatrix(5, 9, 2);
        const VectorXd exact = test::runMethod("upgrad", { { "reg_eps", 0.0 } }, J).direction;
        const VectorXd regularized = test::runMethod("upgrad", {}, J).direction;
        QVERIFY((exact - regularized).norm() <= 1e-2 * exact.norm());
        QVERIFY((J * exact).minCoeff() >= -1e-9 * J.norm() * exact.norm());
    }

    void manyTasksNonConflicting() {
        for (int params : { 6, 25 }) {
            const MatrixXd J = test::randomMatrix(10, params, 5);
            const VectorXd d = test::runMethod("upgrad", { { "reg_eps", 0.0 } }, J).direction;
            QVERIFY((J * d).minCoeff() >= -1e-9 * J.norm() * d.norm());
        }
    }
};

QTEST_GUILESS_MAIN(TestUpGrad)
#include "tst_upgrad.moc"
