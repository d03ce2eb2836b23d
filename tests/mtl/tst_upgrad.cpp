// UPGrad: TorchJD's example, a hand-projected conflicting pair, non-conflicting inputs, T = 10 KKT,
// and the condition of its non-conflict claim: badly scaled rows (reg_eps) and tiny ones (norm_eps).
#include "aggregation_test_support.h"
#include "common/compare.h"
#include "method_test_support.h"

#include <QTest>
#include <cmath>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;

class TestUpGrad : public QObject {
    Q_OBJECT
private slots:
    void torchjdExample()
    {
        MatrixXd J(2, 3);
        J << -4, 1, 1, 6, 1, 1;
        const test::MethodResult result = test::runMethod("upgrad", {}, J);
        MTW_COMPARE_VECTORS(result.direction, (VectorXd(3) << 0.2929, 1.9004, 1.9004).finished(), 0, 1e-4);
    }

    void conflictingPair()
    {
        // g1 = (1, 0), g2 = (-1, 1); dual cone {x1 >= 0, x2 >= x1}. pi(g1) = (1/2, 1/2) = J^T (1, 1/2),
        // pi(g2) = (0, 1) = J^T (1, 1): weights (1, 3/4), d = (1/4, 3/4).
        MatrixXd J(2, 2);
        J << 1, 0, -1, 1;
        const test::MethodResult result = test::runMethod("upgrad", { { "reg_eps", 0.0 } }, J);
        MTW_COMPARE_VECTORS(result.weights, (VectorXd(2) << 1.0, 0.75).finished(), 1e-12, 1e-14);
        MTW_COMPARE_VECTORS(result.direction, (VectorXd(2) << 0.25, 0.75).finished(), 1e-12, 1e-14);
    }

    void nonConflictingInputIsTheMean()
    {
        MatrixXd J(3, 2);
        J << 1, 0, 1, 1, 0, 2;
        MTW_COMPARE_VECTORS(
            test::runMethod("upgrad", { { "reg_eps", 0.0 } }, J).weights, VectorXd::Constant(3, 1.0 / 3), 1e-12, 1e-14);
    }

    void regularizationPerturbsSlightly()
    {
        const MatrixXd J = test::randomMatrix(5, 9, 2);
        const VectorXd exact = test::runMethod("upgrad", { { "reg_eps", 0.0 } }, J).direction;
        const VectorXd regularized = test::runMethod("upgrad", {}, J).direction;
        QVERIFY((exact - regularized).norm() <= 1e-2 * exact.norm());
        QVERIFY((J * exact).minCoeff() >= -1e-9 * J.norm() * exact.norm());
    }

    void badlyScaledNeedsExactProjection_data()
    {
        QTest::addColumn<MatrixXd>("J");
        // Row norms 1e4 apart (issue 10). With the default reg_eps = 1e-4 the regularization,
        // 1e-4 trace(G) ~ 1e4 |g_small|^2, swamps the small tasks' rows of the Gramian.
        MatrixXd conflicting(3, 4);
        conflicting << 1e4, 0, 0, 0, //
            -1, 1, 0, 0, //
            -1, -1, 1, 0;
        QTest::newRow("conflicting-1e4") << conflicting;
        MatrixXd random = test::randomMatrix(5, 10, 42);
        random.row(0) *= 1e4;
        QTest::newRow("random-row-1e4") << random;
    }
    void badlyScaledNeedsExactProjection()
    {
        QFETCH(MatrixXd, J);
        const double trace = J.squaredNorm(); // trace(G)
        // Defaults: only the KKT bound of the regularized QPs, J d >= -reg_eps trace(G) w, holds --
        // and some task does lose ground.
        const test::MethodResult regularized = test::runMethod("upgrad", {}, J);
        const VectorXd progress = J * regularized.direction;
        const VectorXd bound = -1e-4 * trace * regularized.weights;
        for (Eigen::Index i = 0; i < J.rows(); ++i)
            QVERIFY2(progress(i) >= bound(i) - 1e-9 * std::abs(bound(i)), qPrintable(QString::number(i)));
        QVERIFY2(progress.minCoeff() < 0.0, qPrintable(QString::number(progress.minCoeff())));
        // reg_eps = 0, norm_eps = 0: the exact projection, non-conflicting task by task.
        const test::MethodResult exact = test::runMethod("upgrad", { { "reg_eps", 0.0 }, { "norm_eps", 0.0 } }, J);
        const VectorXd exactProgress = J * exact.direction;
        for (Eigen::Index i = 0; i < J.rows(); ++i)
            QVERIFY2(exactProgress(i) >= -1e-12 * J.row(i).norm() * exact.direction.norm(),
                qPrintable(QString("task %1: %2").arg(i).arg(exactProgress(i))));
    }

    void tinyGradientsGiveTheMean()
    {
        // trace(G) < norm_eps: the Gramian is zeroed, every projection is its own preference
        // vector, the weights are 1/T -- the mean, which conflicts here (no guarantee below norm_eps).
        MatrixXd J(2, 2);
        J << 1e-3, 0, -2e-3, 1e-4; // trace 5.01e-6 < 1e-4
        const test::MethodResult result = test::runMethod("upgrad", { { "reg_eps", 0.0 } }, J);
        MTW_COMPARE_VECTORS(result.weights, VectorXd::Constant(2, 0.5), 0, 1e-15);
        QVERIFY((J * result.direction).minCoeff() < 0.0);
        const VectorXd exact = test::runMethod("upgrad", { { "reg_eps", 0.0 }, { "norm_eps", 0.0 } }, J).direction;
        QVERIFY((J * exact).minCoeff() >= -1e-12 * J.norm() * exact.norm());
    }

    void manyTasksNonConflicting()
    {
        for (int params : { 6, 25 }) {
            const MatrixXd J = test::randomMatrix(10, params, 5);
            const VectorXd d = test::runMethod("upgrad", { { "reg_eps", 0.0 } }, J).direction;
            QVERIFY((J * d).minCoeff() >= -1e-9 * J.norm() * d.norm());
        }
    }
};

QTEST_GUILESS_MAIN(TestUpGrad)
#include "tst_upgrad.moc"
