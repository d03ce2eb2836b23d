// A trajectory factor's MT - ST difference at equal training loss (engine/factor_transfer.h)
// against its hand computation on linear factor curves, and which records take part.
#include "engine/factor_transfer.h"

#include <QTest>
#include <cmath>
#include <limits>

using namespace mtw;

namespace {

// Measurements of task `task` at steps 0..n-1: "loss" = losses[i], `name` = slope * losses[i].
void addCurve(std::vector<engine::FactorRecord>& out, int task, const std::string& name,
    const std::vector<double>& losses, double slope)
{
    for (std::size_t i = 0; i < losses.size(); ++i) {
        const long long step = static_cast<long long>(i) * 10;
        out.push_back({ step, task, "loss", losses[i] });
        out.push_back({ step, task, name, slope * losses[i] });
    }
}

} // namespace

class TestFactorTransfer : public QObject {
    Q_OBJECT
private slots:
    void linearCurvesByHand()
    {
        // MT: sharpness = 2 l on l in [0.6, 2]; ST: sharpness = l on [0.7, 2.2]. The common range
        // is [0.7, 2], where D(l) = 2l - l = l (linear interpolation is exact on linear curves):
        // its mean over 50 evenly spaced losses is the midpoint, 1.35.
        std::vector<engine::FactorRecord> multi, single;
        addCurve(multi, 1, "sharpness", { 2.0, 1.5, 1.0, 0.8, 0.6 }, 2.0);
        addCurve(single, 1, "sharpness", { 2.2, 1.6, 1.1, 0.7 }, 1.0);
        // Task 0 and the total (-1) do not count for task 1.
        addCurve(multi, 0, "sharpness", { 5, 4 }, 100.0);
        addCurve(single, -1, "sharpness", { 5, 4 }, 100.0);
        // Not compared: the look-ahead matrices, the product counts; a factor the baseline lacks.
        multi.push_back({ 0, 1, "tag_affinity>task1", 3.0 });
        multi.push_back({ 0, 1, "sharpness_products", 7.0 });
        multi.push_back({ 0, 1, "coherence", 0.5 });
        // A noise scale measured with the first three measurements (the same losses), +inf at the
        // fifth one, which is left out.
        addCurve(multi, 1, "noise_scale", { 2.0, 1.5, 1.0 }, 3.0);
        multi.push_back({ 40, 1, "noise_scale", std::numeric_limits<double>::infinity() });
        addCurve(single, 1, "noise_scale", { 2.2, 1.6, 1.1 }, 1.0);

        const std::map<std::string, double> d = engine::factorDifferences(multi, single, 1);
        QCOMPARE(d.size(), std::size_t(2));
        QVERIFY2(std::abs(d.at("sharpness") - 1.35) < 1e-12, qPrintable(QString::number(d.at("sharpness"), 'g', 17)));
        // noise_scale: D(l) = 3l - l = 2l on [1.1, 2]: mean 3.1.
        QVERIFY2(
            std::abs(d.at("noise_scale") - 3.1) < 1e-12, qPrintable(QString::number(d.at("noise_scale"), 'g', 17)));
        QVERIFY(engine::factorDifferences(multi, single, 0).empty()); // the baseline has no task-0 curve
    }

    void disjointRangesGiveNothing()
    {
        std::vector<engine::FactorRecord> multi, single;
        addCurve(multi, 0, "fisher_trace", { 1.0, 0.5 }, 1.0);
        addCurve(single, 0, "fisher_trace", { 3.0, 2.0 }, 1.0);
        QVERIFY(engine::factorDifferences(multi, single, 0).empty());
        QVERIFY(engine::isComparableFactor("sam@0.05"));
        QVERIFY(!engine::isComparableFactor("tag_optimizer>a"));
        QVERIFY(!engine::isComparableFactor("magnitude_similarity"));
    }
};

QTEST_GUILESS_MAIN(TestFactorTransfer)
#include "tst_factor_transfer.moc"
