// The Nash bargaining solver of Nash-MTL (Navon et al. 2022): the bargaining point solves
// alpha o (G alpha) = 1 (checked against an independent Gauss-Seidel route), infeasibility is
// detected, the CCCP subproblem meets its KKT conditions, and CCCP reaches the bargaining point.
#include "aggregation_test_support.h"
#include "common/compare.h"
#include "mtl/solvers/nash_solver.h"

#include <QTest>
#include <cmath>
#include <limits>

using namespace mtw;
using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

// alpha o (G alpha) = 1 by Gauss-Seidel on each coordinate's quadratic G_ii a^2 + s_i a - 1 = 0:
// an independent route to the Nash bargaining point.
VectorXd gaussSeidelBargaining(const MatrixXd& G, VectorXd alpha)
{
    for (int sweep = 0; sweep < 20000; ++sweep) {
        for (Index i = 0; i < G.rows(); ++i) {
            const double s = G.row(i).dot(alpha) - G(i, i) * alpha(i);
            alpha(i) = (-s + std::sqrt(s * s + 4.0 * G(i, i))) / (2.0 * G(i, i));
        }
        if ((alpha.cwiseProduct(G * alpha).array() - 1.0).abs().maxCoeff() < 1e-14)
            break;
    }
    return alpha;
}

} // namespace

class TestNashSolver : public QObject {
    Q_OBJECT
private slots:
    void nashBargainingPointSolvesTheFixedPoint_data()
    {
        QTest::addColumn<int>("tasks");
        QTest::newRow("t2") << 2;
        QTest::newRow("t8") << 8;
        QTest::newRow("t64") << 64;
    }
    void nashBargainingPointSolvesTheFixedPoint()
    {
        QFETCH(int, tasks);
        mtl::solvers::NashSolver solver;
        for (std::uint64_t seed = 1; seed <= 5; ++seed) {
            const MatrixXd J = test::randomMatrix(tasks, 2 * tasks + 5, seed);
            // Shift the gradients towards a common direction so a solution exists.
            const MatrixXd shifted = J.rowwise() + 0.7 * J.colwise().mean().normalized() * std::sqrt(2.0 * tasks + 5);
            const MatrixXd G = shifted * shifted.transpose();
            const MatrixXd H = G / G.norm();
            VectorXd beta;
            QVERIFY(solver.bargainingPoint(H, beta));
            QVERIFY((beta.cwiseProduct(H * beta).array() - 1.0).abs().maxCoeff() < 1e-12);
            const VectorXd reference = gaussSeidelBargaining(H, VectorXd::Ones(tasks));
            MTW_COMPARE_VECTORS(beta, reference, 1e-9, 1e-12);
        }
    }

    void nashBargainingPointDetectsInfeasibility()
    {
        // g2 = -g1: no alpha > 0 gives G alpha > 0.
        MatrixXd G(2, 2);
        G << 1, -1, -1, 1;
        mtl::solvers::NashSolver solver;
        VectorXd beta;
        QVERIFY(!solver.bargainingPoint(G, beta));
        VectorXd alpha = VectorXd::Ones(2);
        QVERIFY(!solver.cccp(G, 20, alpha).feasible);
    }

    void nashSubproblemKkt_data()
    {
        QTest::addColumn<int>("tasks");
        QTest::newRow("t3") << 3;
        QTest::newRow("t8") << 8;
        QTest::newRow("t32") << 32;
    }
    void nashSubproblemKkt()
    {
        // Random positive costs c make some constraints slack at the optimum, exercising the
        // interior-point path; check KKT: c = sum_i mu_i grad psi_i with mu >= 0 on tight constraints.
        QFETCH(int, tasks);
        mtl::solvers::NashSolver solver;
        int slackProblems = 0;
        for (std::uint64_t seed = 1; seed <= 6; ++seed) {
            const MatrixXd J = test::randomMatrix(tasks, 2 * tasks + 5, seed);
            const MatrixXd shifted = J.rowwise() + J.colwise().mean().normalized() * std::sqrt(2.0 * tasks + 5);
            const MatrixXd G = shifted * shifted.transpose();
            const MatrixXd H = G / G.norm();
            VectorXd betaStar, beta;
            QVERIFY(solver.bargainingPoint(H, betaStar));
            const VectorXd c = (test::randomMatrix(tasks, 1, seed + 50).array().abs() + 0.05).matrix();
            QVERIFY(solver.solveSubproblem(H, c, betaStar, beta));
            const VectorXd product = H * beta;
            VectorXd psi(tasks);
            for (Index i = 0; i < tasks; ++i)
                psi(i) = std::log(beta(i)) + std::log(product(i));
            QVERIFY(psi.minCoeff() >= -1e-12);
            std::vector<Index> tight;
            for (Index i = 0; i < tasks; ++i)
                if (psi(i) < 1e-7)
                    tight.push_back(i);
            if (static_cast<int>(tight.size()) < tasks)
                ++slackProblems;
            MatrixXd A(tasks, static_cast<Index>(tight.size()));
            for (Index a = 0; a < A.cols(); ++a) {
                const Index i = tight[static_cast<std::size_t>(a)];
                A.col(a) = H.col(i) / product(i);
                A(i, a) += 1.0 / beta(i);
            }
            const VectorXd mu = A.colPivHouseholderQr().solve(c);
            QVERIFY2(mu.minCoeff() >= -1e-8 * mu.cwiseAbs().maxCoeff(), "negative multiplier");
            QVERIFY2(
                (A * mu - c).norm() <= 1e-7 * c.norm(), qPrintable(QString::number((A * mu - c).norm() / c.norm())));
        }
        QVERIFY(slackProblems > 0);
    }

    void nashCccpReachesTheBargainingPoint()
    {
        // Mildly conflicting gradients of moderate size: the CCCP ends at alpha o (G alpha) = 1.
        for (std::uint64_t seed = 1; seed <= 10; ++seed) {
            const MatrixXd J = 0.3 * test::randomMatrix(4, 9, seed);
            const MatrixXd shifted = J.rowwise() + 0.5 * J.colwise().mean().normalized();
            const MatrixXd G = shifted * shifted.transpose();
            mtl::solvers::NashSolver solver;
            VectorXd alpha = VectorXd::Ones(4);
            const mtl::solvers::NashSolver::Result result = solver.cccp(G, 20, alpha);
            QVERIFY(result.feasible);
            QVERIFY(result.iterations <= 20);
            QVERIFY2((alpha.cwiseProduct(G * alpha).array() - 1.0).abs().maxCoeff() < 1e-6,
                qPrintable(QString::number((alpha.cwiseProduct(G * alpha).array() - 1.0).abs().maxCoeff())));
            MTW_COMPARE_VECTORS(alpha, gaussSeidelBargaining(G, alpha), 1e-6, 1e-9);
        }
    }
};

QTEST_GUILESS_MAIN(TestNashSolver)
#include "tst_nash_solver.moc"
