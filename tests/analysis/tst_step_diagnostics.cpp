// analysis::diagnoseWeights / diagnoseDirection (issue 10: a direct test of the per-step
// diagnostics) against values worked out by hand from explicit task gradients:
//   g1 = (1, 0), g2 = (-1, 1): G = [[1, -1], [-1, 2]]
//   w = (1/2, 1/2): d = (0, 1/2), |d| = 1/2, progress G w = (0, 1/2), cos12 = -1/sqrt(2),
//   |g| = (1, sqrt 2), alignment = (0, 1/sqrt 2), slowdown = (0, 1/4),
//   GMS = 2 * 1 * sqrt 2 / (1 + 2) = 2 sqrt(2) / 3, one pair and it conflicts: fraction 1.
#include "analysis/step_diagnostics.h"

#include <QTest>
#include <cmath>

using namespace mtw;

namespace {
Eigen::MatrixXd gramianOf(const Eigen::MatrixXd& jacobian)
{
    return jacobian * jacobian.transpose();
}
} // namespace

class TestStepDiagnostics : public QObject {
    Q_OBJECT
private slots:
    void weightedStepByHand()
    {
        Eigen::MatrixXd J(2, 2);
        J << 1, 0, -1, 1;
        const analysis::StepDiagnostics s = analysis::diagnoseWeights(gramianOf(J), Eigen::Vector2d(0.5, 0.5));
        const double r2 = std::sqrt(2.0);
        QCOMPARE(s.cosine(0, 1), -1 / r2);
        QCOMPARE(s.cosine(1, 0), -1 / r2);
        QCOMPARE(s.cosine(0, 0), 1.0);
        QCOMPARE(s.gradientNorms(1), r2);
        QCOMPARE(s.directionNorm, 0.5);
        QCOMPARE(s.progress(0) + 1.0, 1.0); // exactly 0 up to round-off
        QCOMPARE(s.progress(1), 0.5);
        QCOMPARE(s.alignment(1), 1 / r2);
        QCOMPARE(s.slowdown(1), 0.25);
        QCOMPARE(s.minimumMagnitudeSimilarity, 2 * r2 / 3);
        QCOMPARE(s.conflictFraction, 1.0);
        QVERIFY(s.nonConflicting); // no task loses: progress (0, 1/2)
    }

    void aStepAgainstATaskConflicts()
    {
        Eigen::MatrixXd J(3, 2);
        J << 1, 0, -1, 1, 0, 1; // pairs: (1,2) cos < 0, (1,3) cos 0, (2,3) cos > 0
        const analysis::StepDiagnostics s = analysis::diagnoseWeights(gramianOf(J), Eigen::Vector3d(1, 0, 0)); // d = g1
        QCOMPARE(s.conflictFraction, 1.0 / 3.0);
        QCOMPARE(s.progress(1), -1.0); // <g2, g1>
        QVERIFY(!s.nonConflicting);
        QCOMPARE(s.slowdown(1), -0.5); // -1 / |g2|^2
        QCOMPARE(s.alignment(0), 1.0);
    }

    void directionStep()
    {
        Eigen::MatrixXd J(2, 2);
        J << 2, 0, 0, 1;
        // d = (1, 1): progress J d = (2, 1), |d| = sqrt 2.
        const analysis::StepDiagnostics s
            = analysis::diagnoseDirection(gramianOf(J), Eigen::Vector2d(2, 1), std::sqrt(2.0));
        QCOMPARE(s.directionNorm, std::sqrt(2.0));
        QCOMPARE(s.alignment(0), 2 / (2 * std::sqrt(2.0)));
        QCOMPARE(s.slowdown(0), 0.5);
        QCOMPARE(s.conflictFraction, 0.0);
        QCOMPARE(s.minimumMagnitudeSimilarity, 2 * 2 * 1 / 5.0);
        QVERIFY(s.nonConflicting);
    }
};

QTEST_GUILESS_MAIN(TestStepDiagnostics)
#include "tst_step_diagnostics.moc"
