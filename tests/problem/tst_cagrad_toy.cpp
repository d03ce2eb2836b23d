// The CAGrad/Nash-MTL toy and the Pareto MTL synthetic: exact gradients against finite
// differences, the official subgradient convention at (0, 0), the fronts, and the
// Pareto-stationarity measure on hand-computable gradients.
#include "../core/finite_difference.h"
#include "common/compare.h"
#include "problem/cagrad_toy.h"
#include "problem/pareto_mtl_synthetic.h"

#include <QTest>

using namespace mtw;

class TestCagradToy : public QObject {
    Q_OBJECT
private slots:
    void gradientsMatchFiniteDifferences_data()
    {
        QTest::addColumn<double>("x1");
        QTest::addColumn<double>("x2");
        QTest::newRow("upper-left-start") << -8.5 << 7.5;
        QTest::newRow("lower-half") << 9.0 << -1.0;
        QTest::newRow("near-pareto-set") << 2.0 << -8.0;
        QTest::newRow("cagrad-start") << -8.5 << -5.0;
    }
    void gradientsMatchFiniteDifferences()
    {
        QFETCH(double, x1);
        QFETCH(double, x2);
        const problem::CagradToy toy({ x1, x2 }, { 0.1, 1.0 });
        Eigen::VectorXd losses;
        Eigen::MatrixXd J;
        toy.value(Eigen::Vector2d(x1, x2), losses, &J);
        for (int task = 0; task < 2; ++task) {
            auto fn = [&](const Eigen::VectorXd& x) {
                Eigen::VectorXd l;
                toy.value(x, l, nullptr);
                return l(task);
            };
            const Eigen::VectorXd numeric = test::centralDifference(fn, Eigen::Vector2d(x1, x2), 1e-6);
            MTW_COMPARE_VECTORS(J.row(task).transpose(), numeric, 1e-5, 1e-7);
        }
    }
    void originMovesUnderTheOfficialSubgradient()
    {
        // At (0, 0) both gates are 0; PyTorch's clamp passes the gradient at the bound, so the
        // gate derivative 0.5 survives and the point can leave the origin.
        const problem::CagradToy toy({ 0, 0 }, { 1, 1 });
        Eigen::VectorXd losses;
        Eigen::MatrixXd J;
        toy.value(Eigen::Vector2d::Zero(), losses, &J);
        MTW_COMPARE_NEAR(losses(0), 0.0, 0, 1e-15);
        QVERIFY(J.norm() > 0.1);
        QVERIFY(std::abs(J(0, 1)) > 0.1);
    }
    void paretoFrontIsTheImageOfTheSegment()
    {
        const problem::CagradToy toy({ 0, 0 }, { 1, 1 });
        const auto front = toy.paretoFront(3);
        QCOMPARE(front.size(), std::size_t(3));
        Eigen::VectorXd middle;
        toy.value(Eigen::Vector2d(0, problem::CagradToy::paretoX2), middle, nullptr);
        MTW_COMPARE_VECTORS(front[1], middle, 0, 1e-12);
        // Along the front L1 decreases and L2 increases from x1 = -7 to 7.
        QVERIFY(front[0](0) > front[2](0));
        QVERIFY(front[0](1) < front[2](1));
    }
    void stationarityMeasure()
    {
        // Opposite gradients: 0 is in the hull. Equal gradients: the gradient itself.
        MTW_COMPARE_NEAR(problem::paretoStationarity(Eigen::Vector2d(1, 0), Eigen::Vector2d(-2, 0)), 0.0, 0, 1e-15);
        MTW_COMPARE_NEAR(problem::paretoStationarity(Eigen::Vector2d(3, 4), Eigen::Vector2d(3, 4)), 5.0, 0, 1e-12);
        // Orthogonal unit vectors: the midpoint, norm 1/sqrt(2).
        MTW_COMPARE_NEAR(
            problem::paretoStationarity(Eigen::Vector2d(1, 0), Eigen::Vector2d(0, 1)), std::sqrt(0.5), 0, 1e-12);
        // (1, 0) and (2, 1): the hull's closest point to 0 is the endpoint (1, 0).
        MTW_COMPARE_NEAR(problem::paretoStationarity(Eigen::Vector2d(1, 0), Eigen::Vector2d(2, 1)), 1.0, 0, 1e-12);
    }
    void paretoMtlSyntheticGradientsAndFront()
    {
        const problem::ParetoMtlSynthetic synthetic(20);
        core::Rng rng(1);
        const Eigen::VectorXd x = synthetic.initialParameters(rng).cast<double>();
        QVERIFY(x.cwiseAbs().maxCoeff() <= 0.5);
        Eigen::VectorXd losses;
        Eigen::MatrixXd J;
        synthetic.value(x, losses, &J);
        for (int task = 0; task < 2; ++task) {
            auto fn = [&](const Eigen::VectorXd& z) {
                Eigen::VectorXd l;
                synthetic.value(z, l, nullptr);
                return l(task);
            };
            MTW_COMPARE_VECTORS(J.row(task).transpose(), test::centralDifference(fn, x, 1e-6), 1e-5, 1e-8);
        }
        // Front end point t = 1: x = 1/sqrt(n) * 1 gives (0, 1 - e^-4).
        const Eigen::VectorXd end = Eigen::VectorXd::Constant(20, 1.0 / std::sqrt(20.0));
        synthetic.value(end, losses, nullptr);
        MTW_COMPARE_VECTORS(losses, synthetic.paretoFront(2)[1], 1e-12, 1e-12);
    }
};

QTEST_GUILESS_MAIN(TestCagradToy)
#include "tst_cagrad_toy.moc"
