// Curvature: finite-difference Hessian-vector products and power iteration against analytic
// Hessians (a quadratic, the CAGrad toy), SAM sharpness in closed form, the mean task cosine, and
// determinism on a network with 1 and 2 threads.
// TBB first: Qt defines an `emit` macro that breaks oneTBB headers.
#include <tbb/task_arena.h>

#include "analysis/curvature.h"
#include "analysis_fixtures.h"
#include "common/compare.h"
#include "problem/cagrad_toy.h"

#include <QTest>
#include <algorithm>
#include <cmath>

using namespace mtw::analysis;

namespace {

mtw::test::QuadraticProblem makeQuadratic()
{
    Eigen::Matrix3d A1, A2;
    A1 << 4, 1, 0, 1, 3, 0.5, 0, 0.5, -1;
    A2 << 2, 0, 0, 0, -5, 0, 0, 0, 1;
    return mtw::test::QuadraticProblem(
        { A1, A2 }, { Eigen::Vector3d(1, -2, 0.5), Eigen::Vector3d(0, 1, 1) }, { 3.0, 10.0 });
}

double largestMagnitudeEigenvalue(const Eigen::MatrixXd& H)
{
    const Eigen::VectorXd values = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(H).eigenvalues();
    return std::abs(values(0)) > std::abs(values(values.size() - 1)) ? values(0) : values(values.size() - 1);
}

// Analytic Hessian of the CAGrad toy's task 1 (unit scale) where x2 < 0: L1 = c2(x2) f(x1, x2),
// c2 = tanh(-x2/2), f = ((7 - x1)^2 + 0.1 (x2 + 8)^2) / 10 - 20.
Eigen::Matrix2d cagradToyHessianTask1(double x1, double x2)
{
    const double u = 0.5 * x2;
    const double sech2 = 1.0 / std::pow(std::cosh(u), 2);
    const double c = -std::tanh(u);
    const double c1 = -0.5 * sech2;
    const double c2 = 0.5 * sech2 * std::tanh(u);
    const double f = (std::pow(7 - x1, 2) + 0.1 * std::pow(x2 + 8, 2)) / 10 - 20;
    const double fx1 = -(7 - x1) / 5, fx2 = 0.02 * (x2 + 8);
    Eigen::Matrix2d H;
    H(0, 0) = 0.2 * c;
    H(0, 1) = H(1, 0) = c1 * fx1;
    H(1, 1) = c2 * f + 2 * c1 * fx2 + 0.02 * c;
    return H;
}

} // namespace

class TestCurvature : public QObject {
    Q_OBJECT
private slots:
    void testHessianVectorProductOnQuadratic()
    {
        mtw::test::QuadraticProblem problem = makeQuadratic();
        TaskGradientOracle oracle(problem);
        const Eigen::Vector3d theta(0.3, -1, 2), v = Eigen::Vector3d(1, 2, -1).normalized();
        MTW_COMPARE_VECTORS(hessianVectorProduct(oracle, theta, 0, v), problem.A(0) * v, 1e-8, 1e-8);
        MTW_COMPARE_VECTORS(hessianVectorProduct(oracle, theta, -1, v), (problem.A(0) + problem.A(1)) * v, 1e-8, 1e-8);
    }

    void testTopEigenvalueOnQuadratic_data()
    {
        QTest::addColumn<int>("task");
        QTest::newRow("task-0") << 0;
        QTest::newRow("task-1-negative-dominant") << 1;
        QTest::newRow("total") << -1;
    }
    void testTopEigenvalueOnQuadratic()
    {
        QFETCH(int, task);
        mtw::test::QuadraticProblem problem = makeQuadratic();
        TaskGradientOracle oracle(problem);
        const Eigen::MatrixXd H = task >= 0 ? problem.A(task) : Eigen::MatrixXd(problem.A(0) + problem.A(1));
        CurvatureOptions options;
        options.tolerance = 1e-10;
        options.maxIterations = 500;
        const HessianEigen top = hessianTopEigenvalue(oracle, Eigen::Vector3d(1, 1, 1), task, options);
        QVERIFY(top.converged);
        MTW_COMPARE_NEAR(top.eigenvalue, largestMagnitudeEigenvalue(H), 1e-6, 1e-8);
        MTW_COMPARE_VECTORS(H * top.eigenvector, top.eigenvalue * top.eigenvector, 1e-3, 1e-3);
    }

    void testTopEigenvalueOnCagradToy()
    {
        mtw::problem::CagradToy toy({ -8.5, 7.5 }, { 1, 1 });
        TaskGradientOracle oracle(toy);
        const double x1 = 2, x2 = -3;
        const Eigen::Matrix2d H = cagradToyHessianTask1(x1, x2);
        const Eigen::Vector2d v = Eigen::Vector2d(0.6, 0.8);
        MTW_COMPARE_VECTORS(hessianVectorProduct(oracle, Eigen::Vector2d(x1, x2), 0, v, 1e-4), H * v, 1e-6, 1e-7);
        CurvatureOptions options;
        options.tolerance = 1e-9;
        options.maxIterations = 1000;
        options.epsilon = 1e-4;
        const HessianEigen top = hessianTopEigenvalue(oracle, Eigen::Vector2d(x1, x2), 0, options);
        MTW_COMPARE_NEAR(top.eigenvalue, largestMagnitudeEigenvalue(H), 1e-5, 1e-8);
    }

    void testSamSharpnessOnQuadratic()
    {
        // L(theta + rho u) - L(theta) = rho |g| + rho^2 / 2 u^T A u with u = g / |g|.
        mtw::test::QuadraticProblem problem = makeQuadratic();
        TaskGradientOracle oracle(problem);
        const Eigen::Vector3d theta(0.5, 0.2, -0.4);
        const Eigen::Vector3d g = problem.A(0) * theta + problem.b(0);
        const Eigen::Vector3d u = g.normalized();
        const double rho = 0.05;
        MTW_COMPARE_NEAR(samSharpness(oracle, theta, 0, rho),
            rho * g.norm() + 0.5 * rho * rho * u.dot(problem.A(0) * u), 1e-10, 1e-12);
        // At the minimiser of a task the gradient vanishes: sharpness 0 by convention.
        const Eigen::Vector3d minimiser = -problem.A(1).ldlt().solve(problem.b(1));
        QCOMPARE(samSharpness(oracle, minimiser, 1, rho), 0.0);
    }

    void testMeanTaskCosine()
    {
        mtw::test::QuadraticProblem problem = makeQuadratic();
        TaskGradientOracle oracle(problem);
        const Eigen::Vector3d theta(0.5, 0.2, -0.4);
        const Eigen::Vector3d g0 = problem.A(0) * theta + problem.b(0), g1 = problem.A(1) * theta + problem.b(1);
        MTW_COMPARE_NEAR(meanTaskCosine(oracle, theta), g0.dot(g1) / (g0.norm() * g1.norm()), 1e-12, 1e-14);
    }

    void testRejectsBadArguments()
    {
        mtw::test::QuadraticProblem problem = makeQuadratic();
        TaskGradientOracle oracle(problem);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, samSharpness(oracle, Eigen::Vector3d::Zero(), 2));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
            hessianVectorProduct(oracle, Eigen::Vector3d::Zero(), 0, Eigen::Vector3d::UnitX(), 0.0));
    }

    // Lanczos on a quadratic: the finite difference is exact there, so the top-k Ritz values are
    // the eigenvalues of A_t (and of A_1 + A_2 for the total), by decreasing magnitude.
    void testLanczosOnQuadratic()
    {
        auto quadratic = makeQuadratic();
        TaskGradientOracle oracle(quadratic);
        const std::vector<Eigen::MatrixXd> hessians { quadratic.hessian(0) + quadratic.hessian(1), quadratic.hessian(0),
            quadratic.hessian(1) };
        for (int task = -1; task < 2; ++task) {
            const Eigen::MatrixXd& H = hessians[static_cast<std::size_t>(task + 1)];
            Eigen::VectorXd exact = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(H).eigenvalues();
            std::sort(exact.data(), exact.data() + exact.size(),
                [](double a, double b) { return std::abs(a) > std::abs(b); });
            CurvatureOptions options;
            options.seed = 3;
            options.tolerance = 1e-10;
            const HessianSpectrum spectrum
                = hessianTopEigenvalues(oracle, Eigen::Vector3d(0.3, -1, 2), task, 2, options);
            QVERIFY(spectrum.converged);
            QCOMPARE(spectrum.eigenvalues.size(), Eigen::Index(2));
            QVERIFY(spectrum.products <= 3); // a 3-dimensional space is exhausted in 3 products
            for (Eigen::Index i = 0; i < 2; ++i) {
                MTW_COMPARE_NEAR(spectrum.eigenvalues(i), exact(i), 1e-9, 1e-9);
                const Eigen::VectorXd y = spectrum.eigenvectors.col(i);
                QVERIFY((H * y - exact(i) * y).norm() <= 1e-7 * std::abs(exact(i)));
            }
        }
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, hessianTopEigenvalues(oracle, Eigen::Vector3d::Zero(), 0, 0));
    }

    // Lanczos on a small tanh network against the eigenvalues of its full Hessian, built column by
    // column from central differences of the exact gradient (P = 605, so 1210 gradients), and a
    // warm start from the answer converging in fewer products than a random start.
    void testLanczosOnNetworkAgainstFullHessian()
    {
        const auto network = mtw::test::makeTestNetwork(600, 20, 600, "tanh");
        mtw::core::Rng rng(4);
        const Eigen::VectorXd theta = network->initialParameters(rng).cast<double>();
        TaskGradientOracle oracle(*network, 0, 600);
        const Eigen::Index P = theta.size();
        Eigen::MatrixXd H(P, P);
        for (Eigen::Index i = 0; i < P; ++i)
            H.col(i) = hessianVectorProduct(oracle, theta, 0, Eigen::VectorXd::Unit(P, i));
        const Eigen::MatrixXd symmetric = 0.5 * (H + H.transpose());
        QVERIFY((H - H.transpose()).norm() <= 1e-3 * H.norm()); // the difference quotient is nearly symmetric
        Eigen::VectorXd exact = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(symmetric).eigenvalues();
        std::sort(
            exact.data(), exact.data() + exact.size(), [](double a, double b) { return std::abs(a) > std::abs(b); });
        CurvatureOptions options;
        options.tolerance = 1e-4;
        const HessianSpectrum spectrum = hessianTopEigenvalues(oracle, theta, 0, 2, options);
        QVERIFY(spectrum.converged);
        for (Eigen::Index i = 0; i < 2; ++i)
            MTW_COMPARE_NEAR(spectrum.eigenvalues(i), exact(i), 2e-3, 0.0);
        CurvatureOptions warm = options;
        warm.start = spectrum.eigenvectors.col(0);
        const HessianSpectrum again = hessianTopEigenvalues(oracle, theta, 0, 1, warm);
        QVERIFY(again.converged);
        MTW_COMPARE_NEAR(again.eigenvalues(0), exact(0), 2e-3, 0.0);
        QVERIFY2(again.products < spectrum.products,
            qPrintable(QString("%1 vs %2").arg(again.products).arg(spectrum.products)));
        // Forward differences (one gradient per product): within the stated O(eps) of the same values.
        CurvatureOptions forward = options;
        forward.forwardDifference = true;
        const HessianSpectrum cheap = hessianTopEigenvalues(oracle, theta, 0, 2, forward);
        QVERIFY(cheap.converged);
        for (Eigen::Index i = 0; i < 2; ++i)
            MTW_COMPARE_NEAR(cheap.eigenvalues(i), exact(i), 1e-2, 0.0);
        qInfo("forward-difference top eigenvalues %.6g %.6g vs %.6g %.6g", cheap.eigenvalues(0), cheap.eigenvalues(1),
            exact(0), exact(1));
    }

    // The single-delta path Hessian-vector products use on networks gives evaluate()'s row (and the
    // row sum for the total) up to float summation order.
    void testNetworkTaskGradientEqualsTheJacobianRow()
    {
        const auto network = mtw::test::makeTestNetwork();
        mtw::core::Rng rng(2);
        const Eigen::VectorXd theta = network->initialParameters(rng).cast<double>();
        TaskGradientOracle oracle(*network, 0, 1500);
        Eigen::VectorXd losses, gradient;
        Eigen::MatrixXd rows;
        oracle.evaluate(theta, losses, &rows);
        for (int task = -1; task < oracle.taskCount(); ++task) {
            const double loss = oracle.lossAndGradient(theta, task, gradient);
            const Eigen::VectorXd expected = task < 0 ? Eigen::VectorXd(rows.colwise().sum().transpose())
                                                      : Eigen::VectorXd(rows.row(task).transpose());
            MTW_COMPARE_NEAR(loss, task < 0 ? losses.sum() : losses(task), 1e-6, 1e-9);
            QVERIFY2((gradient - expected).norm() <= 1e-5 * expected.norm(), qPrintable(QString::number(task)));
        }
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, oracle.lossAndGradient(theta, oracle.taskCount(), gradient));
    }

    void testNetworkDeterministicAcrossThreads()
    {
        const auto network = mtw::test::makeTestNetwork();
        mtw::core::Rng rng(1);
        const Eigen::VectorXd theta = network->initialParameters(rng).cast<double>();
        TaskGradientOracle oracle(*network, 0, 1500);
        CurvatureOptions options;
        HessianEigen one, two;
        double samOne = 0, samTwo = 0;
        tbb::task_arena(1).execute([&] {
            one = hessianTopEigenvalue(oracle, theta, -1, options);
            samOne = samSharpness(oracle, theta, 0);
        });
        tbb::task_arena(2).execute([&] {
            two = hessianTopEigenvalue(oracle, theta, -1, options);
            samTwo = samSharpness(oracle, theta, 0);
        });
        QVERIFY(std::isfinite(one.eigenvalue));
        QVERIFY(one.converged);
        QCOMPARE(one.eigenvalue, two.eigenvalue);
        QVERIFY(one.eigenvector == two.eigenvector);
        QCOMPARE(samOne, samTwo);
        QVERIFY(samOne > 0);
        // The Rayleigh quotient of the result bounds |lambda| of a random direction's quotient.
        Eigen::VectorXd v = Eigen::VectorXd::Ones(theta.size()).normalized();
        const double quotient = v.dot(hessianVectorProduct(oracle, theta, -1, v));
        QVERIFY(std::abs(quotient) <= std::abs(one.eigenvalue) * 1.05);
    }
};

QTEST_GUILESS_MAIN(TestCurvature)
#include "tst_curvature.moc"
