// Loss landscapes: filter normalisation, gradient and PCA planes, the factored first-layer
// evaluator against per-point evaluation, progressive refinement and cancellation, exact
// analytic contours, and bit-identical results with 1 and 2 threads.
// TBB first: Qt defines an `emit` macro that breaks oneTBB headers.
#include <tbb/task_arena.h>

#include "analysis/factored_network_evaluator.h"
#include "analysis/loss_landscape.h"
#include "analysis_fixtures.h"
#include "common/compare.h"
#include "problem/cagrad_toy.h"

#include <QTest>

using namespace mtw::analysis;
using mtw::core::Index;
using mtw::core::Vector;

namespace {

Vector initialTheta(const mtw::problem::MultiTaskProblem& problem)
{
    mtw::core::Rng rng(3);
    return problem.initialParameters(rng);
}

bool identical(const LandscapeResult& a, const LandscapeResult& b)
{
    if (a.taskLosses.size() != b.taskLosses.size() || a.totalLoss != b.totalLoss)
        return false;
    for (std::size_t t = 0; t < a.taskLosses.size(); ++t)
        if (a.taskLosses[t] != b.taskLosses[t])
            return false;
    return a.xs == b.xs && a.ys == b.ys;
}

} // namespace

class TestLossLandscape : public QObject {
    Q_OBJECT
private slots:
    void testRefinementLevels()
    {
        QCOMPARE(refinementLevels(9, 33), (std::vector<int> { 9, 17, 33 }));
        QCOMPARE(refinementLevels(9, 40), (std::vector<int> { 9, 17, 33 }));
        QCOMPARE(refinementLevels(41, 41), (std::vector<int> { 41 }));
        QCOMPARE(refinementLevels(5, 3), (std::vector<int> { 5 }));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, refinementLevels(1, 9));
    }

    void testFilterNormalization()
    {
        const auto network = mtw::test::makeTestNetwork();
        const Vector theta = initialTheta(*network);
        const LandscapePlane plane = filterNormalizedPlane(*network, theta, 42);
        // Trunk layer 0 is Linear(20 -> 16): each row of W of d1 has the norm of theta's row; biases zero.
        const Index out = 16, in = 20;
        for (Index o = 0; o < out; ++o) {
            double dNorm = 0, tNorm = 0;
            for (Index k = 0; k < in; ++k) {
                dNorm += std::pow(plane.d1(o + k * out), 2);
                tNorm += std::pow(theta(o + k * out), 2);
            }
            MTW_COMPARE_NEAR(std::sqrt(dNorm), std::sqrt(tNorm), 1e-5, 1e-7);
            QCOMPARE(plane.d1(out * in + o), 0.0f);
            QCOMPARE(plane.d2(out * in + o), 0.0f);
        }
        // Heads too: the bias of head 1 (last 2 parameters) is zeroed.
        QCOMPARE(plane.d1(plane.d1.size() - 1), 0.0f);
        // Seeded: same seed, same directions; another seed differs.
        QVERIFY(filterNormalizedPlane(*network, theta, 42).d1 == plane.d1);
        QVERIFY(filterNormalizedPlane(*network, theta, 43).d1 != plane.d1);
        // Analytic problems: orthonormal plain directions.
        mtw::problem::CagradToy toy({ -8.5, 7.5 }, { 1, 1 });
        const LandscapePlane plain = filterNormalizedPlane(toy, initialTheta(toy), 1);
        MTW_COMPARE_NEAR(plain.d1.norm(), 1.0, 1e-6, 0);
        MTW_COMPARE_NEAR(plain.d2.norm(), 1.0, 1e-6, 0);
        MTW_COMPARE_NEAR(plain.d1.dot(plain.d2), 0.0, 0, 1e-6);
    }

    void testFactoredMatchesPerPoint_data()
    {
        QTest::addColumn<bool>("convolutional");
        QTest::newRow("linear first layer") << false;
        QTest::newRow("convolution first") << true;
    }

    void testFactoredMatchesPerPoint()
    {
        QFETCH(bool, convolutional);
        const auto network
            = convolutional ? mtw::test::makeTestConvNetwork(1500, 1500) : mtw::test::makeTestNetwork(1500, 20, 1500);
        const Vector theta = initialTheta(*network);
        TaskGradientOracle oracle(*network, 0, 1500);
        const std::vector<LandscapePlane> planes
            = { filterNormalizedPlane(*network, theta, 9), taskGradientPlane(oracle, theta, 0, 1) };
        for (const LandscapePlane& plane : planes) {
            QVERIFY(FactoredNetworkEvaluator::applies(*network));
            const auto factored = makePlaneEvaluator(*network, plane, true, 1500);
            const auto perPoint = makePlaneEvaluator(*network, plane, false, 1500);
            QVERIFY(factored->isFactored());
            QVERIFY(!perPoint->isFactored());
            // The origin is the problem's own lossesAt (same subset, same chunking).
            QVERIFY(perPoint->lossesAt(0, 0) == network->lossesAt(theta));
            std::vector<PlanePoint> points;
            for (double a : { -1.0, -0.3, 0.0, 0.55, 1.0 })
                for (double b : { -0.8, 0.0, 0.25, 1.0 }) {
                    MTW_COMPARE_VECTORS(factored->lossesAt(a, b), perPoint->lossesAt(a, b), 1e-5, 0);
                    points.push_back({ a, b });
                }
            // A batch (the stored outputs read once for all its points) gives each point's own bits.
            points.push_back(points.front());
            const std::vector<Eigen::VectorXd> batch = factored->lossesAtEach(points);
            QCOMPARE(batch.size(), points.size());
            for (std::size_t k = 0; k < points.size(); ++k)
                QVERIFY2(batch[k] == factored->lossesAt(points[k].a, points[k].b), qPrintable(QString::number(k)));
        }
    }

    void testGradientPlane()
    {
        const auto network = mtw::test::makeTestNetwork();
        const Vector theta = initialTheta(*network);
        TaskGradientOracle oracle(*network, 0, 1500);
        Eigen::VectorXd losses;
        Eigen::MatrixXd gradients;
        oracle.evaluate(theta.cast<double>(), losses, &gradients);
        const LandscapePlane plane = taskGradientPlane(oracle, theta, 0, 1);
        MTW_COMPARE_NEAR(plane.d1.norm(), 1.0, 1e-5, 0);
        MTW_COMPARE_NEAR(plane.d2.norm(), 1.0, 1e-5, 0);
        MTW_COMPARE_NEAR(plane.d1.dot(plane.d2), 0.0, 0, 1e-5);
        const Eigen::VectorXd g0 = gradients.row(0).transpose().normalized();
        MTW_COMPARE_VECTORS(plane.d1.cast<double>(), g0, 1e-4, 1e-6);
        // The second gradient lies in the plane.
        const Eigen::VectorXd g1 = gradients.row(1).transpose();
        const Eigen::VectorXd inPlane = plane.d1.cast<double>() * plane.d1.cast<double>().dot(g1)
            + plane.d2.cast<double>() * plane.d2.cast<double>().dot(g1);
        MTW_COMPARE_VECTORS(inPlane, g1, 1e-4, 1e-6 * g1.norm());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, taskGradientPlane(oracle, theta, 1, 1));
    }

    void testOracleMatchesProblem()
    {
        const auto network = mtw::test::makeTestNetwork();
        const Vector theta = initialTheta(*network);
        TaskGradientOracle oracle(*network, 0, 1500);
        QVERIFY(oracle.losses(theta.cast<double>()) == network->lossesAt(theta));
        // Directional derivative of each task loss against central differences.
        Eigen::VectorXd losses;
        Eigen::MatrixXd gradients;
        oracle.evaluate(theta.cast<double>(), losses, &gradients);
        mtw::core::Rng rng(2);
        Eigen::VectorXd v(theta.size());
        for (Index i = 0; i < v.size(); ++i)
            v(i) = rng.normal();
        v.normalize();
        const double h = 1e-2;
        const Eigen::VectorXd plus = oracle.losses(theta.cast<double>() + h * v);
        const Eigen::VectorXd minus = oracle.losses(theta.cast<double>() - h * v);
        MTW_COMPARE_VECTORS((plus - minus) / (2 * h), gradients * v, 2e-2, 1e-4);
        // Task 0's gradient is zero on task 1's head.
        QCOMPARE(gradients.row(0).segment(network->headOffset(1), network->head(1).parameterCount()).norm(), 0.0);
    }

    void testPcaPlane()
    {
        // Points on a parabola in the plane spanned by two orthonormal u, w around c.
        const Index P = 50;
        mtw::core::Rng rng(4);
        Eigen::VectorXd u(P), w(P), c(P);
        for (Index i = 0; i < P; ++i) {
            u(i) = rng.normal();
            w(i) = rng.normal();
            c(i) = rng.normal();
        }
        u.normalize();
        w -= u.dot(w) * u;
        w.normalize();
        std::vector<Vector> trajectory;
        for (int k = 0; k <= 10; ++k) {
            const double s = 1.0 - k / 10.0;
            trajectory.push_back((c + 3 * s * u + 0.5 * s * s * w).cast<float>());
        }
        const LandscapePlane plane = trajectoryPcaPlane(trajectory);
        QVERIFY(plane.origin == trajectory.back());
        MTW_COMPARE_NEAR(plane.explainedVariance.sum(), 1.0, 1e-5, 0);
        QVERIFY(plane.explainedVariance(0) > plane.explainedVariance(1));
        const Eigen::MatrixXd coordinates = projectOntoPlane(plane, trajectory);
        for (std::size_t k = 0; k < trajectory.size(); ++k) {
            const Eigen::VectorXd rebuilt = plane.origin.cast<double>()
                + coordinates(static_cast<Index>(k), 0) * plane.d1.cast<double>()
                + coordinates(static_cast<Index>(k), 1) * plane.d2.cast<double>();
            MTW_COMPARE_VECTORS(rebuilt, trajectory[k].cast<double>(), 0, 1e-4);
        }
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, trajectoryPcaPlane({ trajectory[0], trajectory[1] }));
    }

    void testAnalyticContourIsExact()
    {
        mtw::problem::CagradToy toy({ -8.5, 7.5 }, { 1, 1 });
        const LandscapePlane plane = parameterAxesPlane();
        LandscapeOptions options;
        options.xMin = -10;
        options.xMax = 10;
        options.yMin = -10;
        options.yMax = 10;
        options.initialResolution = 5;
        options.finalResolution = 17;
        options.totalWeights.resize(2); // not from a Vector2d: GCC 12's -Warray-bounds false positive under AVX
        options.totalWeights << 0.25, 0.75;
        std::vector<Vector> trajectory = { Vector(Eigen::Vector2f(-8.5f, 7.5f)), Vector(Eigen::Vector2f(1.0f, -2.0f)) };
        std::vector<int> seen;
        const LandscapeResult result = computeLandscape(toy, plane, options, trajectory,
            [&](const LandscapeResult& level) { seen.push_back(static_cast<int>(level.xs.size())); });
        QCOMPARE(seen, (std::vector<int> { 5, 9, 17 }));
        QVERIFY(result.finished && !result.cancelled && !result.factored);
        QCOMPARE(result.evaluatedPoints, 17LL * 17);
        QCOMPARE(result.taskNames.size(), std::size_t(2));
        for (int i = 0; i < 17; ++i)
            for (int j = 0; j < 17; ++j) {
                Eigen::VectorXd losses;
                toy.value(
                    Eigen::Vector2d(result.xs[static_cast<std::size_t>(i)], result.ys[static_cast<std::size_t>(j)]),
                    losses, nullptr);
                QCOMPARE(result.taskLosses[0](i, j), losses(0));
                QCOMPARE(result.taskLosses[1](i, j), losses(1));
                MTW_COMPARE_NEAR(result.totalLoss(i, j), 0.25 * losses(0) + 0.75 * losses(1), 1e-14, 1e-14);
            }
        QCOMPARE(result.xs.front(), -10.0);
        QCOMPARE(result.xs[8], 0.0);
        MTW_COMPARE_VECTORS(result.trajectory, (Eigen::Matrix2d() << -8.5, 7.5, 1.0, -2.0).finished(), 0, 1e-12);
    }

    void testRefinementReusesPointsAndCancels()
    {
        const auto network = mtw::test::makeTestNetwork();
        const Vector theta = initialTheta(*network);
        const LandscapePlane plane = filterNormalizedPlane(*network, theta, 5);
        const auto evaluator = makePlaneEvaluator(*network, plane, true, 1500);
        LandscapeOptions options;
        options.initialResolution = 3;
        options.finalResolution = 9;
        std::vector<LandscapeResult> levels;
        const LandscapeResult full = computeLandscape(
            *evaluator, plane, options, {}, {}, [&](const LandscapeResult& level) { levels.push_back(level); });
        QCOMPARE(levels.size(), std::size_t(3));
        QCOMPARE(full.evaluatedPoints, 81LL);
        // Coarse points are the fine grid's even points, and a direct evaluation.
        for (int i = 0; i < 5; ++i)
            for (int j = 0; j < 5; ++j)
                QCOMPARE(levels[1].totalLoss(i, j), full.totalLoss(2 * i, 2 * j));
        QVERIFY(evaluator->lossesAt(full.xs[3], full.ys[6])
            == Eigen::Vector2d(full.taskLosses[0](3, 6), full.taskLosses[1](3, 6)));
        // Cancel after the first level: that level comes back, flagged.
        std::atomic<bool> cancel { false };
        const LandscapeResult stopped = computeLandscape(
            *evaluator, plane, options, {}, {}, [&](const LandscapeResult&) { cancel = true; }, &cancel);
        QVERIFY(stopped.cancelled);
        QVERIFY(!stopped.finished);
        QCOMPARE(stopped.level, 0);
        QCOMPARE(stopped.xs.size(), std::size_t(3));
        QVERIFY(stopped.totalLoss == levels[0].totalLoss);
    }

    void testDeterministicAcrossThreadCounts_data()
    {
        QTest::addColumn<bool>("convolutional");
        QTest::newRow("linear first layer") << false;
        QTest::newRow("convolution first") << true;
    }
    void testDeterministicAcrossThreadCounts()
    {
        // The points go in batches of 8 on one thread and of 6 (the first level's 25) or 3 on
        // two or four threads: the bits must not follow.
        QFETCH(bool, convolutional);
        const auto network = convolutional ? mtw::test::makeTestConvNetwork(1500, 1500) : mtw::test::makeTestNetwork();
        const Vector theta = initialTheta(*network);
        const LandscapePlane plane = filterNormalizedPlane(*network, theta, 8);
        LandscapeOptions options;
        options.initialResolution = 5;
        options.finalResolution = 9;
        for (bool factored : { true, false }) {
            const auto evaluator = makePlaneEvaluator(*network, plane, factored, 1500);
            LandscapeResult one, two, four;
            tbb::task_arena(1).execute([&] { one = computeLandscape(*evaluator, plane, options); });
            tbb::task_arena(2).execute([&] { two = computeLandscape(*evaluator, plane, options); });
            tbb::task_arena(4).execute([&] { four = computeLandscape(*evaluator, plane, options); });
            QVERIFY(identical(one, two));
            QVERIFY(identical(one, four));
        }
    }
};

QTEST_GUILESS_MAIN(TestLossLandscape)
#include "tst_loss_landscape.moc"
