// Outcome protocol on hand-made numbers with known answers: delta-m% in both conventions,
// the equal-training-loss curves and gap (Mueller et al. 2024), macro-F1 and binary F1.
#include "analysis/delta_m.h"
#include "analysis/generalization_gap.h"
#include "common/compare.h"
#include "problem/task_metrics.h"

#include <QTest>

#include <cmath>

using namespace mtw::analysis;

class TestOutcomeProtocol : public QObject {
    Q_OBJECT
private slots:
    void deltaMBothConventions()
    {
        const std::vector<MetricResult> baseline
            = { { "A", "accuracy", 0.8, true }, { "A", "f1", 0.8, true }, { "B", "mse", 1.0, false } };
        const std::vector<MetricResult> method
            = { { "B", "mse", 0.5, false }, { "A", "accuracy", 0.9, true }, { "A", "f1", 0.8, true } };
        // Improvements: +12.5% (A accuracy), 0 (A f1), +50% (B mse halves).
        // Lower is better, pooled over the three metrics: -(12.5 + 0 + 50) / 3.
        MTW_COMPARE_NEAR(deltaMLowerIsBetter(method, baseline), -62.5 / 3, 1e-12, 1e-12);
        // Higher is better, mean over tasks of per-task means: (6.25 + 50) / 2.
        MTW_COMPARE_NEAR(deltaMHigherIsBetter(method, baseline), 28.125, 1e-12, 1e-12);
        // Identical results give zero in both.
        QCOMPARE(deltaMLowerIsBetter(baseline, baseline), 0.0);
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument, deltaMLowerIsBetter({ { "A", "accuracy", 0.9, true } }, baseline));
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument, deltaMHigherIsBetter(method, { { "A", "accuracy", 0.0, true } }));
    }

    void envelopeAndInterpolation()
    {
        // The third checkpoint does not improve the training loss and is dropped.
        const EqualLossCurve st({ 2, 1.5, 1.6, 1.0, 0.5 }, { 2.2, 1.8, 9.0, 1.4, 1.2 });
        QCOMPARE(st.envelopeLosses(), (std::vector<double> { 2, 1.5, 1.0, 0.5 }));
        QCOMPARE(st.envelopeValues(), (std::vector<double> { 2.2, 1.8, 1.4, 1.2 }));
        MTW_COMPARE_NEAR(st.valueAt(1.25), 1.6, 1e-12, 1e-12);
        MTW_COMPARE_NEAR(st.valueAt(2.0), 2.2, 1e-12, 1e-12);
        MTW_COMPARE_NEAR(st.valueAt(0.5), 1.2, 1e-12, 1e-12);
        QVERIFY(std::isnan(st.valueAt(0.4)));
        QVERIFY(std::isnan(st.valueAt(2.1)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, EqualLossCurve({ 1.0 }, { 1.0, 2.0 }));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, EqualLossCurve({}, {}));
    }

    void gapCurveOnCommonRange()
    {
        const EqualLossCurve st({ 2, 1.5, 1.6, 1.0, 0.5 }, { 2.2, 1.8, 9.0, 1.4, 1.2 });
        const EqualLossCurve mt({ 3, 1, 0.25 }, { 3.0, 1.0, 0.8 });
        // GG(1.25) = v_MT(1.25) - v_ST(1.25) = 1.25 - 1.6.
        MTW_COMPARE_NEAR(gapAt(st, mt, 1.25), -0.35, 1e-12, 1e-12);
        const GapCurve curve = generalizationGap(st, mt, 4);
        // Common range [max(0.5, 0.25), min(2, 3)] = [0.5, 2].
        MTW_COMPARE_VECTORS(Eigen::Map<const Eigen::VectorXd>(curve.trainLoss.data(), 4),
            Eigen::Vector4d(2, 1.5, 1.0, 0.5), 1e-12, 1e-12);
        MTW_COMPARE_VECTORS(Eigen::Map<const Eigen::VectorXd>(curve.singleTask.data(), 4),
            Eigen::Vector4d(2.2, 1.8, 1.4, 1.2), 1e-12, 1e-12);
        MTW_COMPARE_VECTORS(Eigen::Map<const Eigen::VectorXd>(curve.multiTask.data(), 4),
            Eigen::Vector4d(2.0, 1.5, 1.0, 1.0 - 0.2 * 2.0 / 3.0), 1e-12, 1e-12);
        MTW_COMPARE_VECTORS(Eigen::Map<const Eigen::VectorXd>(curve.gap.data(), 4),
            Eigen::Vector4d(-0.2, -0.3, -0.4, -0.2 - 2.0 / 15.0), 1e-12, 1e-12);
        // Logarithmic grid keeps the ends.
        const GapCurve logCurve = generalizationGap(st, mt, 3, true);
        MTW_COMPARE_NEAR(logCurve.trainLoss[1], 1.0, 1e-12, 1e-12);
        // Disjoint ranges give an empty curve.
        const EqualLossCurve late({ 0.4, 0.1 }, { 1, 1 });
        QVERIFY(generalizationGap(st, late, 5).empty());
        QVERIFY(std::isnan(gapAt(st, late, 0.45)));
    }

    void f1Scores()
    {
        using mtw::problem::binaryF1;
        using mtw::problem::macroF1;
        MTW_COMPARE_NEAR(macroF1({ 0, 0, 1, 2 }, { 0, 1, 1, 1 }), (2.0 / 3.0 + 0.5 + 0.0) / 3.0, 1e-12, 1e-12);
        MTW_COMPARE_NEAR(binaryF1({ 1, 0, 1, 1 }, { 1, 1, 0, 1 }), 2.0 / 3.0, 1e-12, 1e-12);
        QCOMPARE(binaryF1({ 0, 0 }, { 0, 0 }), 0.0);
        QCOMPARE(macroF1({ 1, 2 }, { 1, 2 }), 1.0);
    }
};

QTEST_GUILESS_MAIN(TestOutcomeProtocol)
#include "tst_outcome_protocol.moc"
