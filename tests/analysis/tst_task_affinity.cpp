// TAG look-ahead affinity on quadratics with closed-form look-ahead losses, its eta -> 0 limit,
// shared-only steps on a network, determinism with 1 and 2 threads, and a supplied
// (optimizer-consistent) step against its hand computation.
// TBB first: Qt defines an `emit` macro that breaks oneTBB headers.
#include <tbb/task_arena.h>

#include "analysis/task_affinity.h"
#include "analysis_fixtures.h"
#include "common/compare.h"

#include <QTest>

using namespace mtw::analysis;

namespace {

// L_t(x) = 0.5 |x - c_t|^2 + 1 (A = I, b = -c_t, constant 0.5 |c_t|^2 + 1).
mtw::test::QuadraticProblem makeBowls(const std::vector<Eigen::VectorXd>& centres)
{
    std::vector<Eigen::MatrixXd> A;
    std::vector<Eigen::VectorXd> b;
    std::vector<double> c;
    for (const Eigen::VectorXd& centre : centres) {
        A.push_back(Eigen::MatrixXd::Identity(centre.size(), centre.size()));
        b.push_back(-centre);
        c.push_back(0.5 * centre.squaredNorm() + 1);
    }
    return mtw::test::QuadraticProblem(A, b, c);
}

} // namespace

class TestTaskAffinity : public QObject {
    Q_OBJECT
private slots:
    void testQuadraticClosedForm()
    {
        const std::vector<Eigen::VectorXd> centres
            = { Eigen::Vector2d(1, 0), Eigen::Vector2d(0, 2), Eigen::Vector2d(-1, 0) };
        mtw::test::QuadraticProblem problem = makeBowls(centres);
        TaskGradientOracle oracle(problem);
        const Eigen::Vector2d theta(0.5, 0.5);
        const double eta = 0.1;
        const Eigen::MatrixXd Z = lookaheadAffinity(oracle, theta, eta);
        for (int i = 0; i < 3; ++i)
            for (int j = 0; j < 3; ++j) {
                const Eigen::Vector2d gi = theta - centres[static_cast<std::size_t>(i)];
                const Eigen::Vector2d cj = centres[static_cast<std::size_t>(j)];
                const double before = 0.5 * (theta - cj).squaredNorm() + 1;
                const double after = 0.5 * (theta - eta * gi - cj).squaredNorm() + 1;
                MTW_COMPARE_NEAR(Z(i, j), (1 - after / before) / eta, 1e-12, 1e-12);
            }
        // Opposite bowls: a step on task 0 raises task 2's loss.
        QVERIFY(Z(0, 2) < 0);
        QVERIFY(Z(0, 0) > 0);
    }

    void testSmallStepLimit()
    {
        // eta -> 0: Z(i, j) -> <g_i, g_j> / L_j (the next term, -eta |g_i|^2 / (2 L_j), is ~1e-6 here).
        const std::vector<Eigen::VectorXd> centres = { Eigen::Vector3d(1, 0, 1), Eigen::Vector3d(0, 2, -1) };
        mtw::test::QuadraticProblem problem = makeBowls(centres);
        TaskGradientOracle oracle(problem);
        const Eigen::Vector3d theta(0.1, -0.3, 0.7);
        const Eigen::MatrixXd Z = lookaheadAffinity(oracle, theta, 1e-6);
        Eigen::VectorXd losses;
        Eigen::MatrixXd J;
        problem.value(theta, losses, &J);
        for (int i = 0; i < 2; ++i)
            for (int j = 0; j < 2; ++j)
                MTW_COMPARE_NEAR(Z(i, j), J.row(i).dot(J.row(j)) / losses(j), 1e-5, 1e-5);
    }

    void testNetworkSharedOnlyAndDeterministic()
    {
        const auto network = mtw::test::makeTestNetwork();
        mtw::core::Rng rng(1);
        const Eigen::VectorXd theta = network->initialParameters(rng).cast<double>();
        TaskGradientOracle oracle(*network, 0, 1500);
        Eigen::MatrixXd one, two;
        tbb::task_arena(1).execute([&] { one = lookaheadAffinity(oracle, theta, 0.05); });
        tbb::task_arena(2).execute([&] { two = lookaheadAffinity(oracle, theta, 0.05); });
        QVERIFY(one == two);
        QVERIFY(one.allFinite());
        // A small step on a task's own shared gradient lowers its loss.
        QVERIFY(one(0, 0) > 0);
        QVERIFY(one(1, 1) > 0);
        // Matches a direct look-ahead that leaves the heads alone.
        Eigen::VectorXd losses;
        Eigen::MatrixXd gradients;
        oracle.evaluate(theta, losses, &gradients);
        Eigen::VectorXd lookahead = theta;
        const Eigen::Index shared = network->sharedParameterCount();
        lookahead.head(shared) -= 0.05 * gradients.row(1).head(shared).transpose();
        const Eigen::VectorXd after = network->lossesAt(lookahead.cast<float>()).cast<double>();
        MTW_COMPARE_NEAR(one(1, 0), (1 - after(0) / losses(0)) / 0.05, 1e-9, 1e-9);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, lookaheadAffinity(oracle, theta, 0));
    }

    void testSuppliedStepByHand()
    {
        // The optimizer-consistent form with a supplied step: Adam's first step from zero moments
        // moves each coordinate by lr g / (|g| + eps) (bias corrections cancel), normalised by lr.
        const std::vector<Eigen::VectorXd> centres = { Eigen::Vector2d(1, 0), Eigen::Vector2d(0, 2) };
        mtw::test::QuadraticProblem problem = makeBowls(centres);
        TaskGradientOracle oracle(problem);
        const Eigen::Vector2d theta(0.5, 0.25);
        const double lr = 0.1, eps = 1e-8;
        const LookaheadStep adamFirstStep = [&](Eigen::VectorXd& x, const Eigen::VectorXd& g, int) {
            x -= lr * (g.array() / (g.array().abs() + eps)).matrix();
        };
        Eigen::VectorXd losses;
        Eigen::MatrixXd gradients;
        oracle.evaluate(theta, losses, &gradients);
        int calls = 0;
        const LookaheadStep counted = [&](Eigen::VectorXd& x, const Eigen::VectorXd& g, int task) {
            QVERIFY(g.isApprox(gradients.row(task).transpose()));
            ++calls;
            adamFirstStep(x, g, task);
        };
        tbb::task_arena(1).execute([&] {
            const Eigen::MatrixXd Z = lookaheadAffinity(oracle, theta, losses, gradients, counted, lr);
            QCOMPARE(calls, 2);
            for (int i = 0; i < 2; ++i)
                for (int j = 0; j < 2; ++j) {
                    const Eigen::Vector2d gi = theta - centres[static_cast<std::size_t>(i)];
                    const Eigen::Vector2d moved(theta(0) - lr * gi(0) / (std::abs(gi(0)) + eps),
                        theta(1) - lr * gi(1) / (std::abs(gi(1)) + eps));
                    const Eigen::Vector2d cj = centres[static_cast<std::size_t>(j)];
                    const double before = 0.5 * (theta - cj).squaredNorm() + 1;
                    const double after = 0.5 * (moved - cj).squaredNorm() + 1;
                    MTW_COMPARE_NEAR(Z(i, j), (1 - after / before) / lr, 1e-12, 1e-12);
                }
        });
        // The plain TAG step through the same entry point is the three-argument form's.
        const Eigen::MatrixXd plain
            = lookaheadAffinity(oracle, theta, losses, gradients, sharedGradientStep(oracle, 0.1), 0.1);
        QVERIFY(plain == lookaheadAffinity(oracle, theta, 0.1));
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument, lookaheadAffinity(oracle, theta, losses, gradients.topRows(1), adamFirstStep, lr));
    }
};

QTEST_GUILESS_MAIN(TestTaskAffinity)
#include "tst_task_affinity.moc"
