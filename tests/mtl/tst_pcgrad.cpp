// PCGrad: the two-task closed form, TorchJD's example, reductions and determinism given the seed.
#include "aggregation_test_support.h"
#include "common/compare.h"
#include "method_test_support.h"

#include <QTest>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;

class TestPcGrad : public QObject {
    Q_OBJECT
private slots:
    void torchjdExample() {
        // g1 . g2 = -22: g1^PC = g1 + 22/38 g2, g2^PC = g2 + 22/18 g1; TorchJD prints
        // (0.5848, 3.8012, 3.8012).
        MatrixXd J(2, 3);
        J << -4, 1, 1, 6, 1, 1;
        const test::MethodResult result = test::runMethod("pcgrad", {}, J);
        MTW_COMPARE_VECTORS(result.weights, (VectorXd(2) << 1 + 22.0 / 18, 1 + 22.0 / 38).finished(), 1e-12, 1e-14);
        MTW_COMPARE_VECTORS(result.direction, (VectorXd(3) << 0.5848, 3.8012, 3.8012).finished(), 0, 1e-4);
    }

    void nonConflictingGradientsAreSummed() {
        MatrixXd J(3, 2);
        J << 1, 0, 1, 1, 0, 2;
        MTW_COMPARE_VECTORS(test::runMethod("pcgrad", {}, J).weights, VectorXd::Ones(3), 0, 1e-15);
        MTW_COMPARE_VECTORS(test::runMethod("pcgrad", { { "reduction", std::string("mean") } }, J).weights,
            VectorXd::Constant(3, 1.0 / 3), 0, 1e-15);
    }

    void twoTaskClosedForm() {
        // The official toy's closed form: ((1 - g12/g11) g1 + (1 - g12/g22) g2) for g12 < 0 (sum).
        MatrixXd J(2, 2);
        J << 2, 0, -1, 1; // g11 = 4, g12 = -2, g22 = 2
        const test::MethodResult result = test::runMethod("pcgrad", {}, J);
        MTW_COMPARE_VECTORS(result.weights, (VectorXd(2) << 1.5, 2.0).finished(), 1e-12, 1e-15);
        // The projected gradient of task 1 is orthogonal to g2.
        const VectorXd first = J.row(0).transpose() + J.row(1).transpose(); // g1 - (g12 / g22) g2
        QVERIFY(std::abs(first.dot(J.row(1).transpose())) < 1e-12);
    }

    void sameSeedSameResult() {
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
