// The measured slow-down of MT against ST (analysis/optimization_slowdown.h) on hand-computed
// checkpoints: loss ratios at equal steps, the steps ratio with interpolation between
// checkpoints and +inf when the multi-task run never gets there, and the errors.
#include "analysis/optimization_slowdown.h"

#include <QTest>
#include <cmath>

using namespace mtw::analysis;

class TestOptimizationSlowdown : public QObject {
    Q_OBJECT
private slots:
    void ratiosAtEqualStepsAndNeverReached()
    {
        // Ratios after step 0: 1.5 / 1.0, 1.0 / 0.8, 0.8 / 0.6; ST ends at 0.6, which MT never reaches.
        const LossCheckpoints mt { { 0, 2.0 }, { 10, 1.5 }, { 20, 1.0 }, { 30, 0.8 } };
        const LossCheckpoints st { { 0, 2.0 }, { 10, 1.0 }, { 20, 0.8 }, { 30, 0.6 } };
        const SlowdownSummary s = measuredSlowdown(mt, st);
        QCOMPARE(s.commonSteps, 3LL);
        QCOMPARE(s.lossRatioEnd, 0.8 / 0.6);
        QCOMPARE(s.lossRatioMean, (1.5 + 1.0 / 0.8 + 0.8 / 0.6) / 3);
        QVERIFY(std::isinf(s.stepsRatio));
    }

    void stepsRatioInterpolatesBetweenCheckpoints()
    {
        // ST ends at 0.9 after 30 steps; MT is at 1.0 at step 20 and 0.8 at step 30: it reaches
        // 0.9 half-way, at step 25, so it needs 25 / 30 of the baseline's steps (faster).
        const LossCheckpoints mt { { 0, 2.0 }, { 10, 1.5 }, { 20, 1.0 }, { 30, 0.8 } };
        const LossCheckpoints st { { 0, 2.0 }, { 10, 1.2 }, { 20, 1.0 }, { 30, 0.9 } };
        QCOMPARE(measuredSlowdown(mt, st).stepsRatio, 25.0 / 30.0);
        // Reached at a checkpoint exactly, and at the first one.
        QCOMPARE(measuredSlowdown({ { 0, 2.0 }, { 10, 1.3 }, { 20, 1.1 }, { 30, 0.9 } }, st).stepsRatio, 1.0);
        QCOMPARE(measuredSlowdown({ { 0, 0.5 }, { 30, 0.4 } }, st).stepsRatio, 0.0);
    }

    void errors()
    {
        const LossCheckpoints st { { 0, 2.0 }, { 10, 1.0 } };
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, measuredSlowdown({ { 0, 2.0 }, { 15, 1.0 } }, st));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, measuredSlowdown(st, { { 0, 2.0 } }));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, measuredSlowdown(st, {}));
    }
};

QTEST_GUILESS_MAIN(TestOptimizationSlowdown)
#include "tst_optimization_slowdown.moc"
