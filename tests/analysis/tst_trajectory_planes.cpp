// The plane through three points (Garipov et al. 2018) and the 1-D interpolation between two
// parameter vectors (Goodfellow et al. 2015): the points sit where the construction puts them
// and the landscape there is the problem's loss at those points; the interpolation's ends are
// the two points' losses exactly, its middle the loss at their mean, and the values do not
// depend on the thread count.
// TBB first: Qt defines an `emit` macro that breaks oneTBB headers.
#include <tbb/task_arena.h>

#include "analysis/landscape_plane.h"
#include "analysis/loss_interpolation.h"
#include "analysis/plane_evaluator.h"
#include "analysis_fixtures.h"
#include "common/compare.h"

#include <QTest>

using namespace mtw::analysis;
using mtw::core::Vector;

namespace {

Vector randomPoint(const mtw::problem::MultiTaskProblem& problem, std::uint64_t seed)
{
    mtw::core::Rng rng(seed);
    return problem.initialParameters(rng);
}

} // namespace

class TestTrajectoryPlanes : public QObject {
    Q_OBJECT
private slots:
    void threePointsSitWhereTheConstructionPutsThem()
    {
        // w1 = 0, w2 = 3 e1, w3 = e1 + 2 e2 in R^4: u^ = e1, v^ = e2; the points at (0, 0), (3, 0), (1, 2).
        const Vector w1 = Vector::Zero(4);
        Vector w2 = Vector::Zero(4), w3 = Vector::Zero(4);
        w2(0) = 3;
        w3(0) = 1;
        w3(1) = 2;
        const LandscapePlane plane = threePointPlane(w1, w2, w3);
        QCOMPARE(plane.kind, PlaneKind::ThreePoints);
        QCOMPARE(planeKindName(plane.kind), std::string("three-points"));
        const Eigen::MatrixXd at = projectOntoPlane(plane, { w1, w2, w3 });
        MTW_COMPARE_NEAR(at(0, 0), 0.0, 0, 1e-7);
        MTW_COMPARE_NEAR(at(0, 1), 0.0, 0, 1e-7);
        MTW_COMPARE_NEAR(at(1, 0), 3.0, 1e-6, 0);
        MTW_COMPARE_NEAR(at(1, 1), 0.0, 0, 1e-6);
        MTW_COMPARE_NEAR(at(2, 0), 1.0, 1e-6, 0);
        MTW_COMPARE_NEAR(at(2, 1), 2.0, 1e-6, 0);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, threePointPlane(w1, w1, w3));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, threePointPlane(w1, w2, Vector(2 * w2)));
    }

    void theSurfaceAtTheThreePointsIsTheirLoss()
    {
        const auto network = mtw::test::makeTestNetwork(300, 10, 300);
        const Vector w1 = randomPoint(*network, 1), w2 = randomPoint(*network, 2), w3 = randomPoint(*network, 3);
        const LandscapePlane plane = threePointPlane(w1, w2, w3);
        const Eigen::MatrixXd at = projectOntoPlane(plane, { w1, w2, w3 });
        const ProblemPlaneEvaluator evaluator(*network, plane);
        const Vector points[3] = { w1, w2, w3 };
        for (int k = 0; k < 3; ++k)
            MTW_COMPARE_VECTORS(evaluator.lossesAt(at(k, 0), at(k, 1)), network->lossesAt(points[k]), 1e-5, 1e-4);
    }

    void interpolationEndsAreTheRunsLosses()
    {
        const auto network = mtw::test::makeTestNetwork(300, 10, 300);
        const Vector a = randomPoint(*network, 5), b = randomPoint(*network, 6);
        const std::vector<double> alphas = interpolationAlphas(-0.5, 1.5, 5); // -0.5, 0, 0.5, 1, 1.5
        QCOMPARE(alphas.size(), std::size_t(5));
        QCOMPARE(alphas[1], 0.0);
        QCOMPARE(alphas[3], 1.0);
        const LossInterpolation curve = interpolateLosses(*network, a, b, alphas);
        QCOMPARE(curve.taskNames, (std::vector<std::string> { "classes", "values" }));
        QCOMPARE(curve.trainLosses.rows(), 5);
        QVERIFY(curve.trainLosses.row(1).transpose() == network->lossesAt(a)); // bit for bit
        QVERIFY(curve.trainLosses.row(3).transpose() == network->lossesAt(b));
        const Vector middle = 0.5f * a + 0.5f * b;
        MTW_COMPARE_VECTORS(curve.trainLosses.row(2).transpose(), network->lossesAt(middle), 1e-6, 1e-5);
        const Vector beyond = -0.5f * a + 1.5f * b;
        MTW_COMPARE_VECTORS(curve.trainLosses.row(4).transpose(), network->lossesAt(beyond), 1e-6, 1e-5);
        QCOMPARE(curve.validationLosses.size() > 0, network->hasValidation());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, interpolationAlphas(0, 1, 1));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, interpolateLosses(*network, a, Vector::Zero(3), alphas));
    }

    void alphasAlwaysHoldTheEndsAndTheBarrierIsAboveTheChord()
    {
        QCOMPARE(interpolationAlphas(-0.3, 1.3, 3), (std::vector<double> { -0.3, 0.0, 0.5, 1.0, 1.3 }));
        QCOMPARE(interpolationAlphas(0.1, 0.9, 3), (std::vector<double> { 0.1, 0.5, 0.9 }));
        QCOMPARE(interpolationAlphas(-1, 2, 4), (std::vector<double> { -1, 0, 1, 2 }));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, interpolationAlphas(1, 0, 3));
        const std::vector<double> alphas { -0.5, 0, 0.5, 1 };
        Eigen::VectorXd losses(4);
        losses << 9, 1, 3, 2; // the chord is 1.5 at alpha 0.5; -0.5 lies outside [0, 1]
        QCOMPARE(lossBarrier(alphas, losses), 1.5);
        losses << 9, 1, 1, 2;
        QCOMPARE(lossBarrier(alphas, losses), 0.0);
        QVERIFY(std::isnan(lossBarrier({ 0.0, 0.5 }, Eigen::Vector2d(1, 2))));
    }

    void interpolationIsTheSameOnOneAndTwoThreads()
    {
        const auto network = mtw::test::makeTestNetwork(300, 10, 300);
        const Vector a = randomPoint(*network, 8), b = randomPoint(*network, 9);
        const std::vector<double> alphas = interpolationAlphas(0, 1, 9);
        LossInterpolation one, two;
        tbb::task_arena(1).execute([&] { one = interpolateLosses(*network, a, b, alphas); });
        tbb::task_arena(2).execute([&] { two = interpolateLosses(*network, a, b, alphas); });
        QVERIFY(one.trainLosses == two.trainLosses);
    }
};

QTEST_APPLESS_MAIN(TestTrajectoryPlanes)
#include "tst_trajectory_planes.moc"
