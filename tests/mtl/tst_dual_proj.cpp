// DualProj: TorchJD's example and hand-projected means.
#include "aggregation_test_support.h"
#include "common/compare.h"
#include "method_test_support.h"

#include <QTest>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;

class TestDualProj : public QObject {
    Q_OBJECT
private slots:
    void torchjdExample()
    {
        MatrixXd J(2, 3);
        J << -4, 1, 1, 6, 1, 1;
        const test::MethodResult result = test::runMethod("dual_proj", {}, J);
        MTW_COMPARE_VECTORS(result.direction, (VectorXd(3) << 0.5563, 1.1109, 1.1109).finished(), 0, 1e-4);
    }

    void meanAlreadyInTheCone()
    {
        // g1 = (1, 0), g2 = (-1, 1): mean (0, 1/2) has g_i . mean >= 0.
        MatrixXd J(2, 2);
        J << 1, 0, -1, 1;
        MTW_COMPARE_VECTORS(
            test::runMethod("dual_proj", { { "reg_eps", 0.0 } }, J).weights, VectorXd::Constant(2, 0.5), 1e-12, 1e-14);
    }

    void meanProjected()
    {
        // g1 = (1, 0), g2 = (-2, 1): mean (-1/2, 1/2) conflicts with g1; its projection onto
        // {x1 >= 0, x2 >= 2 x1} is (0, 1/2) = J^T (1, 1/2).
        MatrixXd J(2, 2);
        J << 1, 0, -2, 1;
        const test::MethodResult result = test::runMethod("dual_proj", { { "reg_eps", 0.0 } }, J);
        MTW_COMPARE_VECTORS(result.weights, (VectorXd(2) << 1.0, 0.5).finished(), 1e-12, 1e-14);
        MTW_COMPARE_VECTORS(result.direction, (VectorXd(2) << 0.0, 0.5).finished(), 1e-12, 1e-14);
    }

    void zeroGramianKeepsTheMean()
    {
        // trace < norm_eps: the normalized Gramian is 0 and the projection keeps u = 1/T.
        const MatrixXd J = MatrixXd::Zero(3, 4);
        MTW_COMPARE_VECTORS(test::runMethod("dual_proj", {}, J).weights, VectorXd::Constant(3, 1.0 / 3), 1e-12, 1e-14);
    }
};

QTEST_GUILESS_MAIN(TestDualProj)
#include "tst_dual_proj.moc"
