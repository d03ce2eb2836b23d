// MGDA: hand-computed min-norm points (closed form, normalizations, Frank-Wolfe), TorchJD's example.
#include "aggregation_test_support.h"
#include "common/compare.h"
#include "method_test_support.h"
#include "mtl/solvers/min_norm_solver.h"

#include <QTest>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;

class TestMgda : public QObject {
    Q_OBJECT
private slots:
    void torchjdExample() {
        // TorchJD's docstring matrix: gamma = (38 + 22) / (18 + 38 + 44) = 0.6, d = (0, 1, 1).
        MatrixXd J(2, 3);
        J << -4, 1, 1, 6, 1, 1;
        const test::MethodResult result = test::runMethod("mgda", {}, J);
        MTW_COMPARE_VECTORS(result.weights, (VectorXd(2) << 0.6, 0.4).finished(), 1e-12, 1e-14);
        MTW_COMPARE_VECTORS(result.direction, (VectorXd(3) << 0, 1, 1).finished(), 1e-12, 1e-12);
    }

    void twoTasks_data() {
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
    void twoTasks() {
        QFETCH(QString, normalization);
        QFETCH(VectorXd, losses);
        QFETCH(VectorXd, weights);
        MatrixXd J(2, 2);
        J << 3, 0, 0, 4;
        const test::MethodResult result
            = test::runMethod("mgda", { { "normalization", normalization.toStdString() } }, J, losses);
        MTW_COMPARE_VECTORS(result.weights, weights, 1e-12, 1e-15);
    }

    void frankWolfeThreeTasks() {
        // Hull of (1, 0), (0, 1), (1, 1): min-norm point (1/2, 1/2) with weights (1/2, 1/2, 0).
        MatrixXd J(3, 2);
        J << 1, 0, 0, 1, 1, 1;
        const test::MethodResult result = test::runMethod("mgda", {}, J);
        MTW_COMPARE_VECTORS(result.direction, (VectorXd(2) << 0.5, 0.5).finished(), 0, 1e-2); // epsilon 1e-3
        const test::MethodResult tight = test::runMethod("mgda", { { "epsilon", 0.0 }, { "max_iters", 100000LL } }, J);
        MTW_COMPARE_VECTORS(tight.direction, (VectorXd(2) << 0.5, 0.5).finished(), 0, 1e-4);
        MTW_COMPARE_NEAR(result.weights.sum(), 1.0, 0, 1e-12);
    }

    void frankWolfeApproachesTheExactSolver() {
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

    void invalidNormalizationRejected() {
        const auto error = mtl::MethodRegistry::instance().check("mgda", { { "normalization", std::string("l1") } }, 2);
        QVERIFY(error.has_value());
        QVERIFY(error->find("normalization") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestMgda)
#include "tst_mgda.moc"
