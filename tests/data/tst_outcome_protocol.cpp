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

    void aucScores()
    {
        using mtw::problem::rocAuc;
        // scikit-learn's roc_auc_score example: 3 of the 4 positive-negative pairs are ordered.
        MTW_COMPARE_NEAR(rocAuc({ 0.1, 0.4, 0.35, 0.8 }, { 0, 0, 1, 1 }), 0.75, 1e-12, 1e-12);
        // Ties count 1/2: positives {2, 3} against negatives {1, 2}.
        MTW_COMPARE_NEAR(rocAuc({ 1, 2, 2, 3 }, { 0, 0, 1, 1 }), 3.5 / 4.0, 1e-12, 1e-12);
        QCOMPARE(rocAuc({ 0.5, 0.5, 0.5, 0.5 }, { 0, 1, 0, 1 }), 0.5);
        QVERIFY(std::isnan(rocAuc({ 1, 2 }, { 1, 1 })));
        QVERIFY(std::isnan(rocAuc({}, {})));
        // Against the definition, every positive-negative pair counted, on scores with many ties.
        std::vector<double> scores;
        std::vector<int> labels;
        for (int i = 0; i < 200; ++i) {
            scores.push_back(static_cast<double>((i * 37) % 23));
            labels.push_back((i * 11) % 7 < 3 ? 1 : 0);
        }
        double pairs = 0, ordered = 0;
        for (std::size_t p = 0; p < scores.size(); ++p)
            for (std::size_t n = 0; n < scores.size(); ++n)
                if (labels[p] == 1 && labels[n] == 0) {
                    pairs += 1;
                    ordered += scores[p] > scores[n] ? 1.0 : scores[p] == scores[n] ? 0.5 : 0.0;
                }
        MTW_COMPARE_NEAR(rocAuc(scores, labels), ordered / pairs, 1e-12, 1e-12);
    }

    void oneVsRestAucByHand()
    {
        // Columns are samples; labels 0, 1, 2, 2. Class 0: its sample above all 3 others (1);
        // class 1: 0.4 above 0.2, 0.2 and below 0.5 (2/3); class 2: 0.3 > 0.1, 0.3 = 0.3, 0.7 > both
        // (3.5 / 4). A fourth class without a sample has no AUC and is left out of the mean.
        Eigen::MatrixXd p(4, 4);
        p << 0.7, 0.3, 0.2, 0.1, //
            0.2, 0.4, 0.5, 0.2, //
            0.1, 0.3, 0.3, 0.7, //
            0.0, 0.0, 0.0, 0.0;
        MTW_COMPARE_NEAR(mtw::problem::oneVsRestAuc(p, { 0, 1, 2, 2 }), (1.0 + 2.0 / 3.0 + 0.875) / 3.0, 1e-12, 1e-12);
        QVERIFY(std::isnan(mtw::problem::oneVsRestAuc(p, { 1, 1, 1, 1 })));
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
