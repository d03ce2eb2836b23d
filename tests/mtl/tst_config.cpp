// ConFIG: orthogonal gradients of different norms by hand, equal cosines of the update with every
// task gradient, and agreement with TorchJD's Jacobian formula (pinv of the unit rows, computed
// here with a complete orthogonal decomposition) on random Jacobians with T < P and T > P.
#include "common/compare.h"
#include "method_test_support.h"

#include <QTest>
#include <cmath>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

VectorXd jacobianFormula(const MatrixXd& J)
{
    MatrixXd units = J;
    for (Eigen::Index t = 0; t < J.rows(); ++t)
        units.row(t) /= J.row(t).norm();
    const VectorXd best = units.completeOrthogonalDecomposition().pseudoInverse() * VectorXd::Ones(J.rows());
    const VectorXd unit = best / best.norm();
    return (J * unit).sum() * unit;
}

MatrixXd randomJacobian(int tasks, int params, std::uint64_t seed)
{
    core::Rng rng(seed);
    MatrixXd J(tasks, params);
    for (Eigen::Index i = 0; i < J.size(); ++i)
        J.data()[i] = rng.normal();
    return J;
}

} // namespace

class TestConFig : public QObject {
    Q_OBJECT
private slots:
    void orthogonalGradients()
    {
        // Units e_1, e_2: pinv(U) 1 = (1, 1), u = (1, 1)/sqrt(2); length = (2 + 1)/sqrt(2), so
        // d = (1.5, 1.5) = 0.75 g_1 + 1.5 g_2.
        MatrixXd J(2, 2);
        J << 2, 0, //
            0, 1;
        const test::MethodResult result = test::runMethod("config", {}, J);
        MTW_COMPARE_VECTORS(result.direction, (VectorXd(2) << 1.5, 1.5).finished(), 1e-12, 1e-14);
        MTW_COMPARE_VECTORS(result.weights, (VectorXd(2) << 0.75, 1.5).finished(), 1e-12, 1e-14);
    }

    void updateHasEqualCosinesWithEveryTask()
    {
        const MatrixXd J = randomJacobian(3, 6, 8);
        const VectorXd d = test::runMethod("config", {}, J).direction;
        VectorXd cosines(3);
        for (int t = 0; t < 3; ++t)
            cosines(t) = J.row(t).dot(d) / (J.row(t).norm() * d.norm());
        MTW_COMPARE_VECTORS(cosines, VectorXd::Constant(3, cosines(0)), 1e-9, 1e-12);
        QVERIFY(cosines(0) > 0);
    }

    void matchesJacobianFormula_data()
    {
        QTest::addColumn<int>("tasks");
        QTest::addColumn<int>("params");
        QTest::newRow("fewer-tasks") << 3 << 7;
        QTest::newRow("square") << 4 << 4;
        QTest::newRow("more-tasks") << 5 << 3;
    }
    void matchesJacobianFormula()
    {
        QFETCH(int, tasks);
        QFETCH(int, params);
        for (std::uint64_t seed : { 1u, 2u, 3u }) {
            const MatrixXd J = randomJacobian(tasks, params, seed);
            MTW_COMPARE_VECTORS(test::runMethod("config", {}, J).direction, jacobianFormula(J), 1e-8, 1e-10);
        }
    }

    void zeroRowIsIgnored()
    {
        // A zero gradient has a zero unit row (TorchJD's nan_to_num) and adds nothing.
        MatrixXd J(3, 2);
        J << 2, 0, //
            0, 0, //
            0, 1;
        const test::MethodResult result = test::runMethod("config", {}, J);
        MTW_COMPARE_VECTORS(result.direction, (VectorXd(2) << 1.5, 1.5).finished(), 1e-12, 1e-14);
        MTW_COMPARE_NEAR(result.weights(1), 0.0, 0, 0);
    }
};

QTEST_GUILESS_MAIN(TestConFig)
#include "tst_config.moc"
