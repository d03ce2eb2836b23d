// Nash-MTL: TorchJD's example, the orthogonal closed form, the fixed point, clipping, state; the
// near-anti-parallel pairs of issue 10 (the bargaining point must be found to round-off), and what
// happens when no solution exists (zero weights) or the solver fails (the previous alpha is kept).
#include "aggregation_test_support.h"
#include "common/compare.h"
#include "method_test_support.h"

#include <QTest>
#include <cmath>
#include <limits>
#include <stdexcept>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

// max_i |alpha_i (G alpha)_i - 1| / max(1, alpha_i (|G| alpha)_i): the bargaining equations'
// residual relative to the magnitudes that (G alpha)_i sums. For near-anti-parallel gradients
// those terms cancel, so no algorithm can push the plain residual below eps * alpha_i (|G| alpha)_i.
double scaledResidual(const MatrixXd& G, const VectorXd& alpha)
{
    const VectorXd residual = alpha.cwiseProduct(G * alpha).array() - 1.0;
    const VectorXd magnitude = alpha.cwiseAbs().cwiseProduct(G.cwiseAbs() * alpha.cwiseAbs());
    return (residual.cwiseAbs().array() / magnitude.array().max(1.0)).maxCoeff();
}

// Two gradients of norms s1, s2 with cosine -1 + gap (gap = 1 + cos).
MatrixXd antiParallelPair(double gap, double s1, double s2)
{
    MatrixXd J(2, 2);
    J << s1, 0.0, s2 * (gap - 1.0), s2 * std::sqrt(gap * (2.0 - gap));
    return J;
}

// The 2-task solution in closed form: u_i = sqrt(G_ii) alpha_i are equal, u^2 (1 + rho) = 1 with
// rho = G_12 / sqrt(G_11 G_22). In long double because 1 + rho cancels.
VectorXd twoTaskBargaining(const MatrixXd& G)
{
    using L = long double;
    const L a = G(0, 0), b = G(0, 1), d = G(1, 1);
    const L u = 1.0L / std::sqrt(1.0L + b / std::sqrt(a * d));
    return (VectorXd(2) << static_cast<double>(u / std::sqrt(a)), static_cast<double>(u / std::sqrt(d))).finished();
}

mtl::MethodOutput runOnGramian(mtl::Method& method, const MatrixXd& G, long long step)
{
    const VectorXd losses = VectorXd::Ones(G.rows());
    core::Rng rng(7);
    const mtl::MethodInput input { G, losses, nullptr, step, 0, step == 0, rng };
    mtl::MethodOutput output;
    method.compute(input, output);
    return output;
}

} // namespace

class TestNashMtl : public QObject {
    Q_OBJECT
private slots:
    void torchjdExample()
    {
        MatrixXd J(2, 3);
        J << -4, 1, 1, 6, 1, 1;
        const test::MethodResult result = test::runMethod("nash_mtl", {}, J);
        MTW_COMPARE_VECTORS(result.direction, (VectorXd(3) << 0.0542, 0.7061, 0.7061).finished(), 0, 1e-4);
    }

    void orthogonalGradients()
    {
        // G = diag(9, 16): alpha_i^2 G_ii = 1, alpha = (1/3, 1/4), d = (1, 1) of norm sqrt(2).
        MatrixXd J(2, 2);
        J << 3, 0, 0, 4;
        const test::MethodResult raw = test::runMethod("nash_mtl", { { "max_norm", 0.0 } }, J);
        MTW_COMPARE_VECTORS(raw.weights, (VectorXd(2) << 1.0 / 3, 0.25).finished(), 1e-9, 1e-12);
        const test::MethodResult clipped = test::runMethod("nash_mtl", {}, J);
        MTW_COMPARE_VECTORS(clipped.weights, VectorXd(raw.weights / std::sqrt(2.0)), 1e-9, 1e-12);
        MTW_COMPARE_NEAR(clipped.direction.norm(), 1.0, 1e-9, 0);
    }

    void fixedPointWhereTheCccpConverges()
    {
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

    void issue10NearlyOppositeGradients()
    {
        // `mtw-cli aggregate --method nash_mtl --param max_norm=0` on [[1,0],[-1,1e-4]] gave [0, 0]:
        // 1 + cos = 5e-9, and the residual's round-off (~2e-8) never met an absolute 1e-9.
        MatrixXd J(2, 2);
        J << 1, 0, -1, 1e-4;
        const MatrixXd G = J * J.transpose();
        const test::MethodResult result = test::runMethod("nash_mtl", { { "max_norm", 0.0 } }, J);
        const VectorXd alpha = result.weights;
        const VectorXd residual = alpha.cwiseProduct(G * alpha).array() - 1.0;
        QVERIFY2(residual.cwiseAbs().maxCoeff() < 1e-6, qPrintable(QString::number(residual.cwiseAbs().maxCoeff())));
        // alpha_1 = sqrt(1 + e) alpha_2, alpha_2^2 = 1 / (sqrt(1 + e) (sqrt(1 + e) - 1)) with e = G_22 - 1
        // (exact in floating point): both about sqrt(2 / e) = 14142.
        const double e = G(1, 1) - 1.0;
        const double s = std::sqrt(1.0 + e);
        const double alpha2 = 1.0 / std::sqrt(s * e / (s + 1.0));
        MTW_COMPARE_VECTORS(alpha, (VectorXd(2) << s * alpha2, alpha2).finished(), 1e-6, 0);
        MTW_COMPARE_NEAR(alpha(0), 14142.1356, 1e-6, 0);
        QCOMPARE(result.raw.extras.at("feasible"), 1.0);
        QCOMPARE(result.raw.extras.at("solver_failed"), 0.0);
    }

    void nearlyOppositePairsSweep_data()
    {
        QTest::addColumn<double>("gap");
        QTest::addColumn<double>("s1");
        QTest::addColumn<double>("s2");
        for (int exponent = 2; exponent <= 12; ++exponent) {
            const double gap = std::pow(10.0, -exponent);
            QTest::addRow("1+cos=1e-%d equal", exponent) << gap << 1.0 << 1.0;
            QTest::addRow("1+cos=1e-%d 1:40", exponent) << gap << 0.05 << 2.0;
            QTest::addRow("1+cos=1e-%d 1000:1", exponent) << gap << 30.0 << 0.03;
        }
    }
    void nearlyOppositePairsSweep()
    {
        QFETCH(double, gap);
        QFETCH(double, s1);
        QFETCH(double, s2);
        const MatrixXd J = antiParallelPair(gap, s1, s2);
        const MatrixXd G = J * J.transpose();
        const test::MethodResult result = test::runMethod("nash_mtl", { { "max_norm", 0.0 } }, J);
        const VectorXd alpha = result.weights;
        QCOMPARE(result.raw.extras.at("feasible"), 1.0);
        QCOMPARE(result.raw.extras.at("solver_failed"), 0.0);
        QVERIFY(alpha.minCoeff() > 0.0);
        const double scaled = scaledResidual(G, alpha);
        QVERIFY2(scaled < 1e-12, qPrintable(QString::number(scaled)));
        // The forward error may grow like the conditioning, 1 / (1 + cos).
        const double tolerance = 1e-9 + 64.0 * std::numeric_limits<double>::epsilon() / gap;
        MTW_COMPARE_VECTORS(alpha, twoTaskBargaining(G), tolerance, 0);
    }

    void stateRoundTripsAndWeightsAreReused()
    {
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

    void stateOfAnotherTaskCountIsRefused()
    {
        auto two = mtl::MethodRegistry::instance().create("nash_mtl", {}, 2);
        auto three = mtl::MethodRegistry::instance().create("nash_mtl", {}, 3);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, three->setState(two->state()));
        mtl::MethodState truncated = three->state();
        truncated.erase("alpha");
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, three->setState(truncated));
    }

    void infeasibleGivesZeroWeights()
    {
        // g2 = -g1: Pareto-stationary, no alpha > 0 with G alpha > 0 exists. Zero is the only
        // non-conflicting update (the official code reuses its stale alpha; see the header).
        MatrixXd J(2, 2);
        J << 1, 1, -1, -1;
        const test::MethodResult result = test::runMethod("nash_mtl", {}, J);
        MTW_COMPARE_VECTORS(result.weights, VectorXd::Zero(2), 0, 0);
        QCOMPARE(result.raw.extras.at("feasible"), 0.0);
        QCOMPARE(result.raw.extras.at("solver_failed"), 0.0);
        // 1 + cos = 1e-15 is below the Gramian's round-off: infeasible to working precision.
        const test::MethodResult nearly = test::runMethod("nash_mtl", {}, antiParallelPair(1e-15, 1.0, 2.0));
        MTW_COMPARE_VECTORS(nearly.weights, VectorXd::Zero(2), 0, 0);
        QCOMPARE(nearly.raw.extras.at("feasible"), 0.0);
        QCOMPARE(nearly.raw.extras.at("solver_failed"), 0.0);
    }

    void failedSolveKeepsThePreviousAlpha()
    {
        // An indefinite matrix (a Gramian spoiled by round-off in the extreme) has the solution
        // alpha = (1/2, 1/2) of alpha o (G alpha) = 1, but no convex formulation: the solver fails
        // without proving infeasibility. As the official code does when cvxpy fails, the step
        // reuses the previous alpha, and says so.
        auto method = mtl::MethodRegistry::instance().create("nash_mtl", { { "max_norm", 0.0 } }, 2);
        const MatrixXd good = (MatrixXd(2, 2) << 9, 0, 0, 16).finished();
        const VectorXd alpha = runOnGramian(*method, good, 0).weights;
        MTW_COMPARE_VECTORS(alpha, (VectorXd(2) << 1.0 / 3, 0.25).finished(), 1e-9, 1e-12);

        const MatrixXd indefinite = (MatrixXd(2, 2) << 1, 3, 3, 1).finished();
        const mtl::MethodOutput failed = runOnGramian(*method, indefinite, 1);
        QCOMPARE(failed.weights, alpha);
        QCOMPARE(failed.extras.at("solver_failed"), 1.0);
        QCOMPARE(failed.extras.at("feasible"), 1.0);

        // A non-finite Gramian (a diverged step) fails the same way; a resumed run sees the flag.
        const MatrixXd nan = MatrixXd::Constant(2, 2, std::numeric_limits<double>::quiet_NaN());
        QCOMPARE(runOnGramian(*method, nan, 2).weights, alpha);
        auto resumed = mtl::MethodRegistry::instance().create("nash_mtl", { { "max_norm", 0.0 } }, 2);
        resumed->setState(method->state());
        QCOMPARE(resumed->state(), method->state());
        QCOMPARE(method->state().at("solver_failed"), std::vector<double> { 1.0 });

        const mtl::MethodOutput recovered = runOnGramian(*resumed, good, 3);
        QCOMPARE(recovered.extras.at("solver_failed"), 0.0);
        MTW_COMPARE_VECTORS(recovered.weights, alpha, 1e-9, 1e-12);
    }
};

QTEST_GUILESS_MAIN(TestNashMtl)
#include "tst_nash_mtl.moc"
