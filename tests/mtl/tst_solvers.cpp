// The in-house small solvers, checked against their KKT conditions (T up to 64) and against brute
// force (all active sets, dense grids) for small T. The Nash bargaining solver: tst_nash_solver.
#include "aggregation_test_support.h"
#include "common/compare.h"
#include "mtl/solvers/cagrad_solver.h"
#include "mtl/solvers/dual_cone_projection.h"
#include "mtl/solvers/min_norm_solver.h"
#include "mtl/solvers/nonnegative_qp.h"

#include <QTest>
#include <limits>

using namespace mtw;
using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

// Minimum of 1/2 x^T Q x + q^T x over x >= 0 by enumerating every support (T <= 8).
double bruteForceNonnegativeQp(const MatrixXd& Q, const VectorXd& q)
{
    const Index n = q.size();
    double best = std::numeric_limits<double>::infinity();
    for (unsigned mask = 0; mask < (1u << n); ++mask) {
        std::vector<Index> support;
        for (Index i = 0; i < n; ++i)
            if (mask & (1u << i))
                support.push_back(i);
        VectorXd x = VectorXd::Zero(n);
        if (!support.empty()) {
            const auto m = static_cast<Index>(support.size());
            MatrixXd Qs(m, m);
            VectorXd qs(m);
            for (Index a = 0; a < m; ++a) {
                qs(a) = q(support[a]);
                for (Index b = 0; b < m; ++b)
                    Qs(a, b) = Q(support[a], support[b]);
            }
            const VectorXd xs = Qs.completeOrthogonalDecomposition().solve(-qs);
            if (xs.minCoeff() < -1e-12)
                continue;
            for (Index a = 0; a < m; ++a)
                x(support[a]) = std::max(xs(a), 0.0);
        }
        best = std::min(best, 0.5 * x.dot(Q * x) + q.dot(x));
    }
    return best;
}

// KKT of the NNQP: x >= 0, gradient >= 0, complementarity; relative to the problem's scale.
void checkNonnegativeKkt(const MatrixXd& Q, const VectorXd& q, const VectorXd& x, double tol)
{
    const VectorXd gradient = Q * x + q;
    const double scale = q.cwiseAbs().maxCoeff() + Q.cwiseAbs().maxCoeff() * x.cwiseAbs().maxCoeff();
    QVERIFY(x.minCoeff() >= 0.0);
    QVERIFY2(gradient.minCoeff() >= -tol * scale, qPrintable(QString::number(gradient.minCoeff())));
    QVERIFY2(x.cwiseProduct(gradient).cwiseAbs().maxCoeff() <= tol * scale * std::max(1.0, x.cwiseAbs().maxCoeff()),
        "complementarity");
}

// Objective and reduced-gradient conditions of the CAGrad dual at w (G normalized by trace).
void checkCagradKkt(const MatrixXd& G0, double c, const VectorXd& w, double tol)
{
    const MatrixXd G = G0 / G0.trace();
    const Index n = G.rows();
    const VectorXd b = G.rowwise().sum() / static_cast<double>(n);
    const double rho = c * std::sqrt(G.sum()) / static_cast<double>(n);
    const double r = std::sqrt(w.dot(G * w));
    QVERIFY(r > 1e-9);
    const VectorXd gradient = b + rho * G * w / r;
    double nu = std::numeric_limits<double>::infinity();
    for (Index i = 0; i < n; ++i)
        if (w(i) > 1e-12)
            nu = std::min(nu, gradient(i));
    QVERIFY(w.minCoeff() >= 0.0);
    MTW_COMPARE_NEAR(w.sum(), 1.0, 0, 1e-12);
    const double scale = gradient.cwiseAbs().maxCoeff();
    for (Index i = 0; i < n; ++i) {
        QVERIFY2(gradient(i) >= nu - tol * scale, "reduced gradient below the face value");
        if (w(i) > 1e-9)
            QVERIFY2(std::abs(gradient(i) - nu) <= tol * scale, "face gradient not constant");
    }
}

double cagradObjective(const MatrixXd& G, double c, const VectorXd& w)
{
    const Index n = G.rows();
    return w.dot(G.rowwise().sum()) / static_cast<double>(n)
        + c * std::sqrt(G.sum()) / static_cast<double>(n) * std::sqrt(std::max(w.dot(G * w), 0.0));
}

} // namespace

class TestSolvers : public QObject {
    Q_OBJECT
private slots:
    void nonnegativeQpMatchesBruteForce_data()
    {
        QTest::addColumn<int>("tasks");
        QTest::addColumn<int>("params");
        QTest::newRow("t3-full-rank") << 3 << 7;
        QTest::newRow("t5-full-rank") << 5 << 11;
        QTest::newRow("t6-rank-4") << 6 << 4;
        QTest::newRow("t8-rank-3") << 8 << 3;
    }
    void nonnegativeQpMatchesBruteForce()
    {
        QFETCH(int, tasks);
        QFETCH(int, params);
        mtl::solvers::NonnegativeQp qp;
        for (std::uint64_t seed = 1; seed <= 20; ++seed) {
            const MatrixXd Q = test::randomGramian(tasks, params, seed);
            // q = Q y keeps the problem bounded when Q is singular (as in the dual-cone projection).
            const VectorXd q = params < tasks ? VectorXd(Q * test::randomMatrix(tasks, 1, seed + 100))
                                              : VectorXd(test::randomMatrix(tasks, 1, seed + 100));
            VectorXd x;
            QVERIFY(qp.solve(Q, q, x));
            checkNonnegativeKkt(Q, q, x, 1e-10);
            const double value = 0.5 * x.dot(Q * x) + q.dot(x);
            MTW_COMPARE_NEAR(value, bruteForceNonnegativeQp(Q, q), 1e-9, 1e-12);
        }
    }

    void dualConeProjectionKkt_data()
    {
        QTest::addColumn<int>("tasks");
        QTest::newRow("t2") << 2;
        QTest::newRow("t8") << 8;
        QTest::newRow("t64") << 64;
    }
    void dualConeProjectionKkt()
    {
        QFETCH(int, tasks);
        mtl::solvers::DualConeProjection projection;
        for (std::uint64_t seed = 1; seed <= 5; ++seed) {
            // Rank-deficient (P < T) and full-rank Jacobians.
            for (int params : { tasks / 2 + 1, 2 * tasks + 5 }) {
                const MatrixXd J = test::randomMatrix(tasks, params, seed);
                const MatrixXd G = J * J.transpose();
                const VectorXd u = test::randomMatrix(tasks, 1, seed + 7).cwiseAbs();
                VectorXd v;
                QVERIFY(projection.project(G, u, v));
                // v >= u, G v >= 0 (J^T v is in the dual cone), (v - u)_i (G v)_i = 0.
                QVERIFY(v.minCoeff() >= 0.0);
                QVERIFY((v - u).minCoeff() >= 0.0);
                const VectorXd progress = G * v;
                const double scale = G.diagonal().maxCoeff() * v.cwiseAbs().maxCoeff();
                QVERIFY2(
                    progress.minCoeff() >= -1e-10 * scale, qPrintable(QString::number(progress.minCoeff() / scale)));
                QVERIFY((v - u).cwiseProduct(progress).cwiseAbs().maxCoeff() <= 1e-10 * scale * v.maxCoeff());
            }
        }
    }

    void dualConeProjectionOfAConflictingPair()
    {
        // g1 = (1, 0), g2 = (-1, 1): the dual cone is {x1 >= 0, x2 >= x1}. J^T e1 = (1, 0) projects
        // to (1/2, 1/2) = J^T (1, 1/2).
        MatrixXd J(2, 2);
        J << 1, 0, -1, 1;
        const VectorXd v = mtl::solvers::projectOntoDualCone(J * J.transpose(), VectorXd::Unit(2, 0));
        MTW_COMPARE_VECTORS(v, (VectorXd(2) << 1.0, 0.5).finished(), 1e-12, 1e-14);
    }

    void minNormExactMatchesBruteForceAndKkt_data()
    {
        QTest::addColumn<int>("tasks");
        QTest::addColumn<int>("params");
        QTest::newRow("t3") << 3 << 5;
        QTest::newRow("t6-rank-deficient") << 6 << 3;
        QTest::newRow("t16") << 16 << 37;
        QTest::newRow("t64") << 64 << 133;
        QTest::newRow("t64-rank-deficient") << 64 << 20;
    }
    void minNormExactMatchesBruteForceAndKkt()
    {
        QFETCH(int, tasks);
        QFETCH(int, params);
        mtl::solvers::MinNormSolver solver;
        for (std::uint64_t seed = 1; seed <= 5; ++seed) {
            const MatrixXd G = test::randomGramian(tasks, params, seed);
            VectorXd w;
            QVERIFY(solver.exact(G, w));
            QVERIFY(w.minCoeff() >= 0.0);
            MTW_COMPARE_NEAR(w.sum(), 1.0, 0, 1e-12);
            // KKT of min w^T G w on the simplex: (G w)_i >= w^T G w, with equality on the support.
            const VectorXd product = G * w;
            const double value = w.dot(product);
            const double scale = G.diagonal().maxCoeff();
            QVERIFY2(
                product.minCoeff() >= value - 1e-9 * scale, qPrintable(QString::number(product.minCoeff() - value)));
            for (Index i = 0; i < tasks; ++i)
                if (w(i) > 1e-9)
                    QVERIFY(std::abs(product(i) - value) <= 1e-9 * scale);
            if (tasks <= 8) {
                // The same value through the brute-force NNQP of the least-distance reduction.
                MatrixXd Q = G / G.trace();
                Q.array() += 1.0;
                const double nnqp = bruteForceNonnegativeQp(Q, -VectorXd::Ones(tasks)); // = -s/2
                const double s = -2.0 * nnqp; // sum x = 1 / (1 + w^T G w / trace)
                MTW_COMPARE_NEAR(value / G.trace(), (1.0 - s) / s, 1e-8, 1e-12);
            }
            // Frank-Wolfe run to convergence approaches the same value from above.
            VectorXd fw;
            solver.frankWolfe(G, 0.0, 20000, fw);
            QVERIFY(fw.dot(G * fw) >= value - 1e-12 * scale);
            QVERIFY(fw.dot(G * fw) <= value + 1e-3 * scale);
        }
    }

    void minNormTwoTaskClosedForm_data()
    {
        QTest::addColumn<double>("g11");
        QTest::addColumn<double>("g12");
        QTest::addColumn<double>("g22");
        QTest::addColumn<double>("gamma");
        QTest::newRow("orthogonal-equal") << 1.0 << 0.0 << 1.0 << 0.5;
        QTest::newRow("orthogonal-3-4") << 9.0 << 0.0 << 16.0 << 16.0 / 25.0;
        QTest::newRow("opposite") << 1.0 << -2.0 << 4.0 << 6.0 / 9.0;
        QTest::newRow("g1-shadowed") << 1.0 << 1.5 << 4.0 << 1.0; // g12 >= g11: g1 itself
        QTest::newRow("identical") << 2.0 << 2.0 << 2.0 << 0.5;
    }
    void minNormTwoTaskClosedForm()
    {
        QFETCH(double, g11);
        QFETCH(double, g12);
        QFETCH(double, g22);
        QFETCH(double, gamma);
        MTW_COMPARE_NEAR(mtl::solvers::MinNormSolver::twoTaskWeight(g11, g12, g22), gamma, 1e-14, 1e-15);
        MatrixXd G(2, 2);
        G << g11, g12, g12, g22;
        if (g11 != g12 || g12 != g22) {
            mtl::solvers::MinNormSolver solver;
            VectorXd w;
            solver.exact(G, w);
            MTW_COMPARE_NEAR(w(0), gamma, 1e-9, 1e-12);
        }
    }

    void cagradTwoTaskClosedFormMatchesGridAndGeneralSolver()
    {
        mtl::solvers::CagradSolver solver;
        for (std::uint64_t seed = 1; seed <= 30; ++seed) {
            const MatrixXd G = test::randomGramian(2, 3, seed);
            for (double c : { 0.1, 0.4, 0.5, 1.0, 3.0 }) {
                const double x = mtl::solvers::CagradSolver::twoTaskWeight(G(0, 0), G(0, 1), G(1, 1), c);
                // Dense grid on [0, 1], refined around its best point.
                double bestX = 0.0, best = std::numeric_limits<double>::infinity();
                double low = 0.0, high = 1.0;
                for (int level = 0; level < 6; ++level) {
                    for (int k = 0; k <= 1000; ++k) {
                        const double t = low + (high - low) * k / 1000.0;
                        const double f = cagradObjective(G, c, (VectorXd(2) << t, 1.0 - t).finished());
                        if (f < best) {
                            best = f;
                            bestX = t;
                        }
                    }
                    const double width = (high - low) / 500.0;
                    low = std::max(0.0, bestX - width);
                    high = std::min(1.0, bestX + width);
                }
                const double fx = cagradObjective(G, c, (VectorXd(2) << x, 1.0 - x).finished());
                QVERIFY2(fx <= best + 1e-12 * std::abs(best) + 1e-14, "closed form worse than the grid");
                QVERIFY2(std::abs(x - bestX) < 1e-6, qPrintable(QString("%1 vs %2").arg(x).arg(bestX)));
                VectorXd w;
                QVERIFY(solver.solve(G, c, w, true));
                QVERIFY2(std::abs(w(0) - x) < 1e-6, qPrintable(QString("%1 vs %2").arg(w(0)).arg(x)));
            }
        }
    }

    void cagradGeneralSolverKkt_data()
    {
        QTest::addColumn<int>("tasks");
        QTest::newRow("t3") << 3;
        QTest::newRow("t8") << 8;
        QTest::newRow("t64") << 64;
    }
    void cagradGeneralSolverKkt()
    {
        QFETCH(int, tasks);
        mtl::solvers::CagradSolver solver;
        for (std::uint64_t seed = 1; seed <= 5; ++seed) {
            const MatrixXd G = test::randomGramian(tasks, 2 * tasks + 5, seed);
            for (double c : { 0.1, 0.4, 0.9 }) {
                VectorXd w;
                QVERIFY(solver.solve(G, c, w));
                checkCagradKkt(G, c, w, 1e-8);
                if (tasks == 3) {
                    // No point of a fine simplex grid does better.
                    double best = std::numeric_limits<double>::infinity();
                    for (int a = 0; a <= 300; ++a)
                        for (int b = 0; a + b <= 300; ++b)
                            best = std::min(best,
                                cagradObjective(
                                    G, c, (VectorXd(3) << a / 300.0, b / 300.0, (300 - a - b) / 300.0).finished()));
                    QVERIFY(cagradObjective(G, c, w) <= best + 1e-12 * std::abs(best));
                }
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestSolvers)
#include "tst_solvers.moc"
