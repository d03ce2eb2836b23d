// MGDA: hand-computed min-norm points (closed form, normalizations, Frank-Wolfe), TorchJD's example,
// and the exact solver against an independent support enumeration on badly scaled Jacobians.
#include "aggregation_test_support.h"
#include "common/compare.h"
#include "method_test_support.h"
#include "mtl/solvers/min_norm_solver.h"

#include <QTest>
#include <algorithm>
#include <limits>
#include <vector>

using namespace mtw;
using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

using LongMatrix = Eigen::Matrix<long double, Eigen::Dynamic, Eigen::Dynamic>;
using LongVector = Eigen::Matrix<long double, Eigen::Dynamic, 1>;

// The min-norm point by enumeration, independent of MinNormSolver: on each support S the
// minimizer of w^T G w with sum w = 1 solves the bordered system [G_SS 1; 1^T 0] [w; -mu] = [0; 1];
// the best non-negative one over all supports is the answer. Long double and a full-pivoting LU,
// so the reference is not limited by the scaling it is meant to test (T <= 10).
VectorXd minNormByEnumeration(const MatrixXd& G)
{
    const Index n = G.rows();
    const LongMatrix Gl = G.cast<long double>();
    long double best = std::numeric_limits<long double>::infinity();
    LongVector bestWeights;
    for (unsigned mask = 1; mask < (1u << n); ++mask) {
        std::vector<Index> support;
        for (Index i = 0; i < n; ++i)
            if (mask & (1u << i))
                support.push_back(i);
        const auto m = static_cast<Index>(support.size());
        LongMatrix K = LongMatrix::Zero(m + 1, m + 1);
        LongVector rhs = LongVector::Zero(m + 1);
        for (Index a = 0; a < m; ++a) {
            for (Index b = 0; b < m; ++b)
                K(a, b) = Gl(support[a], support[b]);
            K(a, m) = K(m, a) = 1.0L;
        }
        rhs(m) = 1.0L;
        const LongVector z = K.fullPivLu().solve(rhs);
        LongVector w = LongVector::Zero(n);
        bool feasible = z.allFinite();
        for (Index a = 0; a < m && feasible; ++a) {
            feasible = z(a) >= -1e-15L;
            w(support[a]) = std::max(z(a), 0.0L);
        }
        if (!feasible || !(w.sum() > 0.0L))
            continue;
        w /= w.sum();
        const long double value = w.dot(Gl * w);
        if (value < best) {
            best = value;
            bestWeights = w;
        }
    }
    return bestWeights.cast<double>();
}

MatrixXd scaledRow(MatrixXd J, Index row, double factor)
{
    J.row(row) *= factor;
    return J;
}

} // namespace

class TestMgda : public QObject {
    Q_OBJECT
private slots:
    void torchjdExample()
    {
        // TorchJD's docstring matrix: gamma = (38 + 22) / (18 + 38 + 44) = 0.6, d = (0, 1, 1).
        MatrixXd J(2, 3);
        J << -4, 1, 1, 6, 1, 1;
        const test::MethodResult result = test::runMethod("mgda", {}, J);
        MTW_COMPARE_VECTORS(result.weights, (VectorXd(2) << 0.6, 0.4).finished(), 1e-12, 1e-14);
        MTW_COMPARE_VECTORS(result.direction, (VectorXd(3) << 0, 1, 1).finished(), 1e-12, 1e-12);
    }

    void twoTasks_data()
    {
        QTest::addColumn<QString>("normalization");
        QTest::addColumn<VectorXd>("losses");
        QTest::addColumn<VectorXd>("weights");
        // g1 = (3, 0), g2 = (0, 4).
        QTest::newRow("none") << "none" << VectorXd(VectorXd::Ones(2))
                              << VectorXd((VectorXd(2) << 16.0 / 25, 9.0 / 25).finished());
        // Unit gradients: hull weights (1/2, 1/2), divided by the norms.
        QTest::newRow("l2") << "l2" << VectorXd(VectorXd::Ones(2))
                            << VectorXd((VectorXd(2) << 1.0 / 6, 1.0 / 8).finished());
        // g / L = (1.5, 0), (0, 1): hull weights (4/13, 9/13), divided by the losses.
        QTest::newRow("loss") << "loss" << VectorXd((VectorXd(2) << 2, 4).finished())
                              << VectorXd((VectorXd(2) << 2.0 / 13, 9.0 / 52).finished());
        // g / (L |g|) = (0.5, 0), (0, 0.25): hull weights (1/5, 4/5), divided by L |g|.
        QTest::newRow("loss-plus") << "loss+" << VectorXd((VectorXd(2) << 2, 4).finished())
                                   << VectorXd((VectorXd(2) << 1.0 / 30, 1.0 / 20).finished());
    }
    void twoTasks()
    {
        QFETCH(QString, normalization);
        QFETCH(VectorXd, losses);
        QFETCH(VectorXd, weights);
        MatrixXd J(2, 2);
        J << 3, 0, 0, 4;
        const test::MethodResult result
            = test::runMethod("mgda", { { "normalization", normalization.toStdString() } }, J, losses);
        MTW_COMPARE_VECTORS(result.weights, weights, 1e-12, 1e-15);
    }

    void frankWolfeThreeTasks()
    {
        // Hull of (1, 0), (0, 1), (1, 1): min-norm point (1/2, 1/2) with weights (1/2, 1/2, 0).
        MatrixXd J(3, 2);
        J << 1, 0, 0, 1, 1, 1;
        const test::MethodResult result = test::runMethod("mgda", {}, J);
        MTW_COMPARE_VECTORS(result.direction, (VectorXd(2) << 0.5, 0.5).finished(), 0, 1e-2); // epsilon 1e-3
        const test::MethodResult tight = test::runMethod("mgda", { { "epsilon", 0.0 }, { "max_iters", 100000LL } }, J);
        MTW_COMPARE_VECTORS(tight.direction, (VectorXd(2) << 0.5, 0.5).finished(), 0, 1e-4);
        MTW_COMPARE_NEAR(result.weights.sum(), 1.0, 0, 1e-12);
    }

    void frankWolfeApproachesTheExactSolver()
    {
        for (std::uint64_t seed = 1; seed <= 5; ++seed) {
            const MatrixXd J = test::randomMatrix(5, 12, seed);
            const MatrixXd G = J * J.transpose();
            const VectorXd exact = mtl::solvers::minNormWeights(G);
            const test::MethodResult result = test::runMethod("mgda", {}, J);
            // The Frank-Wolfe value is within the epsilon-controlled gap of the true minimum.
            const double value = result.weights.dot(G * result.weights);
            const double best = exact.dot(G * exact);
            QVERIFY(value >= best - 1e-12 * G.trace());
            QVERIFY(value <= best + 1e-2 * G.trace());
            QVERIFY((J * result.direction).minCoeff() >= -1e-6 * J.norm() * result.direction.norm());
        }
    }

    void exactSolverBadlyScaled_data()
    {
        QTest::addColumn<MatrixXd>("J");
        QTest::addColumn<bool>("frankWolfeMisses");
        // The case: 3 x 10, one row 1000 times the others. Frank-Wolfe with epsilon 0 and
        // 1e5 iterations stays 3.8e-5 from the min-norm weights here.
        QTest::newRow("3x10-row-1e3") << scaledRow(test::randomMatrix(3, 10, 25), 1, 1e3) << true;
        QTest::newRow("3x10-row-1e4") << scaledRow(test::randomMatrix(3, 10, 25), 0, 1e4) << false;
        // 1e6: the former unscaled reduction (1 1^T added to G / trace) lost every digit here.
        QTest::newRow("3x10-row-1e6") << scaledRow(test::randomMatrix(3, 10, 3), 0, 1e6) << false;
        QTest::newRow("6x10-rows-1e4-1e-3")
            << scaledRow(scaledRow(test::randomMatrix(6, 10, 2), 0, 1e4), 3, 1e-3) << false;
        QTest::newRow("8x5-rank-deficient-1e4") << scaledRow(test::randomMatrix(8, 5, 4), 2, 1e4) << false;
    }
    void exactSolverBadlyScaled()
    {
        QFETCH(MatrixXd, J);
        QFETCH(bool, frankWolfeMisses);
        const MatrixXd G = J * J.transpose();
        const VectorXd reference = minNormByEnumeration(G);
        mtl::solvers::MinNormSolver solver;
        VectorXd w;
        QVERIFY(solver.exact(G, w));
        MTW_COMPARE_VECTORS(w, reference, 0, 1e-13);
        const test::MethodResult exact = test::runMethod("mgda", { { "solver", std::string("exact") } }, J);
        MTW_COMPARE_VECTORS(exact.weights, reference, 0, 1e-13);
        const VectorXd referenceDirection = J.transpose() * reference;
        MTW_COMPARE_VECTORS(exact.direction, referenceDirection, 1e-11, 1e-13 * referenceDirection.norm());
        // Non-conflicting task by task, relative to each task's own gradient.
        const VectorXd progress = J * exact.direction;
        for (Index i = 0; i < J.rows(); ++i)
            QVERIFY2(progress(i) >= -1e-12 * J.row(i).norm() * exact.direction.norm(), qPrintable(QString::number(i)));
        if (frankWolfeMisses) {
            const test::MethodResult fw = test::runMethod("mgda", { { "epsilon", 0.0 }, { "max_iters", 100000LL } }, J);
            QVERIFY((fw.weights - reference).cwiseAbs().maxCoeff() > 1e-5);
        }
    }

    void exactSolverZeroGradient()
    {
        // A zero gradient is itself the min-norm point: all weight on it (split evenly between two
        // zero rows, so the weights stay permutation-equivariant), d = 0.
        MatrixXd J(3, 2);
        J << 1, 0, 0, 0, -1, 1;
        const std::map<std::string, core::ParameterValue> exact { { "solver", std::string("exact") } };
        MTW_COMPARE_VECTORS(test::runMethod("mgda", exact, J).weights, (VectorXd(3) << 0, 1, 0).finished(), 0, 0);
        J.row(0).setZero();
        const test::MethodResult twoZero = test::runMethod("mgda", exact, J);
        MTW_COMPARE_VECTORS(twoZero.weights, (VectorXd(3) << 0.5, 0.5, 0).finished(), 0, 0);
        MTW_COMPARE_VECTORS(twoZero.direction, VectorXd::Zero(2), 0, 0);
    }

    void solverDefaultsToFrankWolfe()
    {
        // Sener & Koltun's Alg. 2 and TorchJD: Frank-Wolfe stays the default; exact is opt-in.
        const mtl::MethodSpec* spec = mtl::MethodRegistry::instance().find("mgda");
        const auto it = std::find_if(spec->parameters.begin(), spec->parameters.end(),
            [](const core::ParameterSpec& p) { return p.name == "solver"; });
        QVERIFY(it != spec->parameters.end());
        QCOMPARE(std::get<std::string>(it->defaultValue), std::string("frank_wolfe"));
        const MatrixXd J = test::randomMatrix(4, 6, 8);
        QCOMPARE(test::runMethod("mgda", {}, J).weights,
            test::runMethod("mgda", { { "solver", std::string("frank_wolfe") } }, J).weights);
        QVERIFY(mtl::MethodRegistry::instance().check("mgda", { { "solver", std::string("qp") } }, 3).has_value());
    }

    void invalidNormalizationRejected()
    {
        const auto error = mtl::MethodRegistry::instance().check("mgda", { { "normalization", std::string("l1") } }, 2);
        QVERIFY(error.has_value());
        QVERIFY(error->find("normalization") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestMgda)
#include "tst_mgda.moc"
