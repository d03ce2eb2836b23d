// PCGrad: the two-task closed form, TorchJD's example, reductions, determinism given the seed, and
// the fixed task order against a hand computation and an independent projection loop on J.
#include "aggregation_test_support.h"
#include "common/compare.h"
#include "method_test_support.h"

#include <QTest>
#include <numeric>
#include <vector>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;

class TestPcGrad : public QObject {
    Q_OBJECT
private slots:
    void torchjdExample()
    {
        // g1 . g2 = -22: g1^PC = g1 + 22/38 g2, g2^PC = g2 + 22/18 g1; TorchJD prints
        // (0.5848, 3.8012, 3.8012).
        MatrixXd J(2, 3);
        J << -4, 1, 1, 6, 1, 1;
        const test::MethodResult result = test::runMethod("pcgrad", {}, J);
        MTW_COMPARE_VECTORS(result.weights, (VectorXd(2) << 1 + 22.0 / 18, 1 + 22.0 / 38).finished(), 1e-12, 1e-14);
        MTW_COMPARE_VECTORS(result.direction, (VectorXd(3) << 0.5848, 3.8012, 3.8012).finished(), 0, 1e-4);
    }

    void nonConflictingGradientsAreSummed()
    {
        MatrixXd J(3, 2);
        J << 1, 0, 1, 1, 0, 2;
        MTW_COMPARE_VECTORS(test::runMethod("pcgrad", {}, J).weights, VectorXd::Ones(3), 0, 1e-15);
        MTW_COMPARE_VECTORS(test::runMethod("pcgrad", { { "reduction", std::string("mean") } }, J).weights,
            VectorXd::Constant(3, 1.0 / 3), 0, 1e-15);
    }

    void twoTaskClosedForm()
    {
        // The official toy's closed form: ((1 - g12/g11) g1 + (1 - g12/g22) g2) for g12 < 0 (sum).
        MatrixXd J(2, 2);
        J << 2, 0, -1, 1; // g11 = 4, g12 = -2, g22 = 2
        const test::MethodResult result = test::runMethod("pcgrad", {}, J);
        MTW_COMPARE_VECTORS(result.weights, (VectorXd(2) << 1.5, 2.0).finished(), 1e-12, 1e-15);
        // g1^PC = (1, 1), g2^PC = (0, 1): d = (1, 2).
        MTW_COMPARE_VECTORS(result.direction, (VectorXd(2) << 1, 2).finished(), 1e-12, 1e-15);
        // Each projection is orthogonal to the other gradient, so the method's J d has no cross
        // terms: g1 . d = g11 - g12^2 / g22 = 2 and g2 . d = g22 - g12^2 / g11 = 1.
        MTW_COMPARE_VECTORS(VectorXd(J * result.direction), (VectorXd(2) << 2, 1).finished(), 1e-12, 1e-15);
    }

    void fixedOrderByHand()
    {
        // g1 = (1, 0), g2 = (-1, 1), g3 = (-1, -2), each task visiting the others in index order:
        //   g1: . g2 = -1 -> (1/2, 1/2); . g3 = -3/2 -> + 3/10 g3 = (1/5, -1/10)
        //   g2: . g1 = -1 -> (0, 1);     . g3 = -2   -> + 2/5 g3  = (-2/5, 1/5)
        //   g3: . g1 = -1 -> (0, -2);    . g2 = -2   -> + g2      = (-1, -1)
        // Coefficients (1, 1/2, 3/10), (1, 1, 2/5), (1, 1, 1): w = (3, 5/2, 17/10), d = (-6/5, -9/10).
        MatrixXd J(3, 2);
        J << 1, 0, -1, 1, -1, -2;
        const std::map<std::string, core::ParameterValue> fixed { { "order", std::string("fixed") } };
        const test::MethodResult result = test::runMethod("pcgrad", fixed, J);
        MTW_COMPARE_VECTORS(result.weights, (VectorXd(3) << 3, 2.5, 1.7).finished(), 1e-14, 1e-15);
        MTW_COMPARE_VECTORS(result.direction, (VectorXd(2) << -1.2, -0.9).finished(), 1e-14, 1e-15);
        // The reverse order gives d = (1/5, -7/10): the order matters, and fixed ignores the seed.
        for (std::uint64_t seed = 1; seed <= 20; ++seed)
            QCOMPARE(test::runMethod("pcgrad", fixed, J, VectorXd::Ones(3), seed).weights, result.weights);
    }

    void matchesProjectionOnGradients_data()
    {
        QTest::addColumn<QString>("order");
        QTest::newRow("fixed") << "fixed";
        QTest::newRow("random") << "random";
    }
    void matchesProjectionOnGradients()
    {
        // An independent PCGrad on the gradient vectors themselves (not the Gramian coefficients):
        // index order for fixed; for random the permutations the method draws from the same seed.
        QFETCH(QString, order);
        const bool fixed = order == "fixed";
        for (std::uint64_t seed = 1; seed <= 5; ++seed) {
            const MatrixXd J = test::randomMatrix(6, 4, seed);
            const auto tasks = static_cast<std::size_t>(J.rows());
            core::Rng rng(seed);
            VectorXd expected = VectorXd::Zero(J.cols());
            for (std::size_t i = 0; i < tasks; ++i) {
                std::vector<std::size_t> visit(tasks);
                std::iota(visit.begin(), visit.end(), std::size_t { 0 });
                if (!fixed)
                    visit = rng.permutation(tasks);
                VectorXd g = J.row(static_cast<Eigen::Index>(i)).transpose();
                for (std::size_t j : visit) {
                    const VectorXd other = J.row(static_cast<Eigen::Index>(j)).transpose();
                    if (j != i && g.dot(other) < 0.0)
                        g -= g.dot(other) / other.squaredNorm() * other;
                }
                expected += g;
            }
            const test::MethodResult result
                = test::runMethod("pcgrad", { { "order", order.toStdString() } }, J, VectorXd::Ones(6), seed);
            MTW_COMPARE_VECTORS(result.direction, expected, 1e-12, 1e-12);
        }
    }

    void orderDefaultsToRandom()
    {
        // Without an order the weights depend on the seed (the paper's random order).
        MatrixXd J(3, 2);
        J << 1, 0, -1, 1, -1, -2;
        bool differs = false;
        const VectorXd first = test::runMethod("pcgrad", {}, J, VectorXd::Ones(3), 1).weights;
        for (std::uint64_t seed = 2; seed < 30 && !differs; ++seed)
            differs = (test::runMethod("pcgrad", {}, J, VectorXd::Ones(3), seed).weights - first).norm() > 1e-9;
        QVERIFY(differs);
        QVERIFY(mtl::MethodRegistry::instance().check("pcgrad", { { "order", std::string("sorted") } }, 3).has_value());
    }

    void sameSeedSameResult()
    {
        const MatrixXd J = test::randomMatrix(6, 4, 3);
        const VectorXd losses = VectorXd::Ones(6);
        const test::MethodResult a = test::runMethod("pcgrad", {}, J, losses, 11);
        const test::MethodResult b = test::runMethod("pcgrad", {}, J, losses, 11);
        QCOMPARE(a.weights, b.weights);
        // Some seed gives a different order, hence different weights, for conflicting gradients.
        bool differs = false;
        for (std::uint64_t seed = 12; seed < 30 && !differs; ++seed)
            differs = (test::runMethod("pcgrad", {}, J, losses, seed).weights - a.weights).norm() > 1e-9;
        QVERIFY(differs);
    }
};

QTEST_GUILESS_MAIN(TestPcGrad)
#include "tst_pcgrad.moc"
