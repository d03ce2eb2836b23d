// Correlation for studies: Pearson, Spearman (ties), the least-squares line against scipy values,
// degenerate input (NaN with a reason), and the bootstrap intervals against an independent
// re-implementation of the documented resampling stream, plus a Fisher-z sanity check.
#include "analysis/correlation.h"
#include "common/compare.h"
#include "core/rng.h"

#include <QTest>
#include <algorithm>
#include <cmath>
#include <random>

using namespace mtw;
using analysis::BootstrapOptions;
using Pairs = std::vector<double>;

Q_DECLARE_METATYPE(Pairs)

namespace {

// The documented stream, written again from the header text: std::mt19937_64 seeded with the
// SplitMix64 finalizer of the seed, indices by rejection (redraw u >= 2^64-1 - (2^64-1) mod n), u mod n.
class ReferenceStream {
public:
    explicit ReferenceStream(std::uint64_t seed)
    {
        std::uint64_t z = seed + 0x9e3779b97f4a7c15ULL;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        m_engine.seed(z ^ (z >> 31));
    }
    std::size_t index(std::size_t n)
    {
        const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
        std::uint64_t u = m_engine();
        while (u >= limit)
            u = m_engine();
        return static_cast<std::size_t>(u % n);
    }

private:
    std::mt19937_64 m_engine;
};

// Average rank by counting (quadratic, nothing shared with the library's sort-based ranks).
Pairs naiveRanks(const Pairs& v)
{
    Pairs ranks;
    for (double a : v) {
        double below = 0, equal = 0;
        for (double b : v) {
            below += b < a ? 1 : 0;
            equal += b == a ? 1 : 0;
        }
        ranks.push_back(below + (equal + 1) / 2);
    }
    return ranks;
}

double naivePearson(const Pairs& x, const Pairs& y)
{
    const double n = static_cast<double>(x.size());
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sx += x[i];
        sy += y[i];
    }
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxx += (x[i] - sx / n) * (x[i] - sx / n);
        syy += (y[i] - sy / n) * (y[i] - sy / n);
        sxy += (x[i] - sx / n) * (y[i] - sy / n);
    }
    return sxy / std::sqrt(sxx * syy);
}

double typeSevenQuantile(Pairs values, double q)
{
    std::sort(values.begin(), values.end());
    const double h = q * static_cast<double>(values.size() - 1);
    const auto k = static_cast<std::size_t>(h);
    return k + 1 < values.size() ? values[k] + (h - static_cast<double>(k)) * (values[k + 1] - values[k]) : values[k];
}

struct ReferenceIntervals {
    double rLow, rHigh, rhoLow, rhoHigh;
    int skipped = 0;
};

ReferenceIntervals referenceBootstrap(const Pairs& x, const Pairs& y, int resamples, std::uint64_t seed)
{
    ReferenceStream stream(seed);
    Pairs rs, rhos;
    ReferenceIntervals result {};
    for (int b = 0; b < resamples; ++b) {
        Pairs xb, yb;
        for (std::size_t k = 0; k < x.size(); ++k) {
            const std::size_t i = stream.index(x.size());
            xb.push_back(x[i]);
            yb.push_back(y[i]);
        }
        if (std::count(xb.begin(), xb.end(), xb[0]) == static_cast<long>(xb.size())
            || std::count(yb.begin(), yb.end(), yb[0]) == static_cast<long>(yb.size())) {
            ++result.skipped;
            continue;
        }
        rs.push_back(naivePearson(xb, yb));
        rhos.push_back(naivePearson(naiveRanks(xb), naiveRanks(yb)));
    }
    result.rLow = typeSevenQuantile(rs, 0.025);
    result.rHigh = typeSevenQuantile(rs, 0.975);
    result.rhoLow = typeSevenQuantile(rhos, 0.025);
    result.rhoHigh = typeSevenQuantile(rhos, 0.975);
    return result;
}

} // namespace

class TestCorrelation : public QObject {
    Q_OBJECT
private slots:
    // Reference values: /usr/bin/python3 with scipy 1.10.1 (Debian python3-scipy):
    //   from scipy import stats; stats.pearsonr(x, y)[0], stats.spearmanr(x, y)[0]
    //   l = stats.linregress(x, y); l.slope, l.intercept
    void matchesScipy_data()
    {
        QTest::addColumn<Pairs>("x");
        QTest::addColumn<Pairs>("y");
        QTest::addColumn<double>("r");
        QTest::addColumn<double>("rho");
        QTest::addColumn<double>("slope");
        QTest::addColumn<double>("intercept");
        QTest::newRow("nearly-linear") << Pairs { 1, 2, 3, 4, 5, 6, 7 }
                                       << Pairs { 2.1, 3.9, 6.2, 7.8, 10.1, 12.3, 13.8 } << 0.9989546353919676 << 1.0
                                       << 1.9928571428571429 << 0.05714285714285694;
        QTest::newRow("ties-in-both") << Pairs { 1, 2, 2, 3, 4, 4, 4, 5 } << Pairs { 3, 1, 4, 1, 5, 9, 2, 6 }
                                      << 0.5030376637372143 << 0.5495502618648208 << 1.0194174757281553
                                      << 0.6893203883495147;
        QTest::newRow("negative") << Pairs { 0.5, -1.2, 3.3, 2.2, 0.0, -0.7 } << Pairs { 10, 8, 3, 4, 7, 9 }
                                  << -0.8346395037141453 << -0.6 << -1.3381136238279094 << 7.747710976282404;
    }
    void matchesScipy()
    {
        QFETCH(Pairs, x);
        QFETCH(Pairs, y);
        QFETCH(double, r);
        QFETCH(double, rho);
        QFETCH(double, slope);
        QFETCH(double, intercept);
        const analysis::CorrelationSummary s = analysis::correlate(x, y);
        QCOMPARE(s.n, x.size());
        QVERIFY2(s.pearson.valid() && test::closeTo(s.pearson.value, r, 1e-12, 1e-14),
            qPrintable(QString::number(s.pearson.value, 'g', 17)));
        QVERIFY2(s.spearman.valid() && test::closeTo(s.spearman.value, rho, 1e-12, 1e-14),
            qPrintable(QString::number(s.spearman.value, 'g', 17)));
        QVERIFY(s.line.valid() && test::closeTo(s.line.slope, slope, 1e-12, 1e-14));
        QVERIFY(test::closeTo(s.line.intercept, intercept, 1e-12, 1e-13));
    }

    // scipy.stats.rankdata([1,2,2,3,4,4,4,5]) and rankdata([3,1,4,1,5,9,2,6]).
    void averageRanksOfTies()
    {
        QCOMPARE(analysis::averageRanks({ 1, 2, 2, 3, 4, 4, 4, 5 }), (Pairs { 1, 2.5, 2.5, 4, 6, 6, 6, 8 }));
        QCOMPARE(analysis::averageRanks({ 3, 1, 4, 1, 5, 9, 2, 6 }), (Pairs { 4, 1.5, 5, 1.5, 6, 8, 3, 7 }));
    }

    void degenerateInputGivesNaNWithAReason_data()
    {
        QTest::addColumn<Pairs>("x");
        QTest::addColumn<Pairs>("y");
        QTest::addColumn<QString>("reason");
        QTest::newRow("two-pairs") << Pairs { 1, 2 } << Pairs { 3, 4 } << "at least 3 pairs";
        QTest::newRow("empty") << Pairs {} << Pairs {} << "at least 3 pairs";
        QTest::newRow("constant-x") << Pairs { 2, 2, 2, 2 } << Pairs { 1, 2, 3, 4 } << "x has zero variance";
        QTest::newRow("constant-y") << Pairs { 1, 2, 3, 4 } << Pairs { 0.1, 0.1, 0.1, 0.1 } << "y has zero variance";
        QTest::newRow("lengths") << Pairs { 1, 2, 3 } << Pairs { 1, 2, 3, 4 } << "different lengths";
        QTest::newRow("nan") << Pairs { 1, 2, std::nan(""), 4 } << Pairs { 1, 2, 3, 4 } << "not finite";
    }
    void degenerateInputGivesNaNWithAReason()
    {
        QFETCH(Pairs, x);
        QFETCH(Pairs, y);
        QFETCH(QString, reason);
        const analysis::CorrelationSummary s = analysis::correlate(x, y, { 200, 3, 0.95 });
        QVERIFY(std::isnan(s.pearson.value) && std::isnan(s.spearman.value));
        QVERIFY2(QString::fromStdString(s.pearson.reason).contains(reason), s.pearson.reason.c_str());
        QVERIFY2(QString::fromStdString(s.spearman.reason).contains(reason), s.spearman.reason.c_str());
        QVERIFY(!s.pearsonInterval.valid() && std::isnan(s.pearsonInterval.low) && std::isnan(s.spearmanInterval.high));
    }

    void lineNeedsOnlyXVariance()
    {
        const analysis::LineFit flat = analysis::leastSquaresLine({ 1, 2, 3 }, { 5, 5, 5 });
        QVERIFY(flat.valid());
        QCOMPARE(flat.slope, 0.0);
        QCOMPARE(flat.intercept, 5.0);
        QVERIFY(!analysis::leastSquaresLine({ 1, 1, 1 }, { 1, 2, 3 }).valid());
    }

    void bootstrapFollowsTheDocumentedStream_data()
    {
        QTest::addColumn<Pairs>("x");
        QTest::addColumn<Pairs>("y");
        QTest::addColumn<int>("resamples");
        QTest::addColumn<quint64>("seed");
        QTest::newRow("ties-default-seed")
            << Pairs { 1, 2, 2, 3, 4, 4, 4, 5 } << Pairs { 3, 1, 4, 1, 5, 9, 2, 6 } << 2000 << quint64(1);
        QTest::newRow("small-n-many-skips")
            << Pairs { 0.5, -1.2, 3.3, 2.2 } << Pairs { 10, 8, 3, 4 } << 500 << quint64(42);
        QTest::newRow("twelve-pairs") << Pairs { 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8 }
                                      << Pairs { 2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4, 5 } << 1000 << quint64(7);
    }
    void bootstrapFollowsTheDocumentedStream()
    {
        QFETCH(Pairs, x);
        QFETCH(Pairs, y);
        QFETCH(int, resamples);
        QFETCH(quint64, seed);
        analysis::BootstrapInterval r, rho;
        analysis::bootstrapIntervals(x, y, { resamples, seed, 0.95 }, r, rho);
        const ReferenceIntervals expected = referenceBootstrap(x, y, resamples, seed);
        QVERIFY(r.valid() && rho.valid());
        QCOMPARE(r.resamples, resamples);
        QCOMPARE(r.skipped, expected.skipped);
        QCOMPARE(rho.skipped, expected.skipped);
        QVERIFY2(test::closeTo(r.low, expected.rLow, 1e-12, 1e-12),
            qPrintable(QString("%1 vs %2").arg(r.low).arg(expected.rLow)));
        QVERIFY(test::closeTo(r.high, expected.rHigh, 1e-12, 1e-12));
        QVERIFY(test::closeTo(rho.low, expected.rhoLow, 1e-12, 1e-12));
        QVERIFY(test::closeTo(rho.high, expected.rhoHigh, 1e-12, 1e-12));
        QVERIFY(r.low <= r.high && rho.low <= rho.high);
        // Another seed draws other resamples (with n = 4 both intervals can reach -1 and 1: compare the skips too).
        analysis::BootstrapInterval r2, rho2;
        analysis::bootstrapIntervals(x, y, { resamples, seed + 1, 0.95 }, r2, rho2);
        QVERIFY(r2.low != r.low || r2.high != r.high || r2.skipped != r.skipped);
    }

    void smallSamplesCountSkippedResamples()
    {
        analysis::BootstrapInterval r, rho;
        analysis::bootstrapIntervals({ 1, 2, 3 }, { 1, 3, 2 }, { 2000, 1, 0.95 }, r, rho);
        // P(all three draws equal) = 3/27, so about 222 of 2000 are skipped.
        QVERIFY2(r.skipped > 150 && r.skipped < 300, qPrintable(QString::number(r.skipped)));
        QCOMPARE(r.skipped, referenceBootstrap({ 1, 2, 3 }, { 1, 3, 2 }, 2000, 1).skipped);
    }

    // For a large bivariate normal sample the percentile interval of r is close to the Fisher-z
    // interval tanh(atanh(r) -+ 1.96 / sqrt(n - 3)).
    void largeSampleAgreesWithFisherZ()
    {
        core::Rng rng(2024);
        const int n = 1000;
        const double rhoTrue = 0.6;
        Pairs x, y;
        for (int i = 0; i < n; ++i) {
            const double a = rng.normal(), b = rng.normal();
            x.push_back(a);
            y.push_back(rhoTrue * a + std::sqrt(1 - rhoTrue * rhoTrue) * b);
        }
        const analysis::CorrelationSummary s = analysis::correlate(x, y);
        QVERIFY(std::abs(s.pearson.value - rhoTrue) < 0.06);
        const double z = std::atanh(s.pearson.value), half = 1.959963984540054 / std::sqrt(n - 3.0);
        QVERIFY2(std::abs(s.pearsonInterval.low - std::tanh(z - half)) < 0.015,
            qPrintable(QString("%1 vs %2").arg(s.pearsonInterval.low).arg(std::tanh(z - half))));
        QVERIFY(std::abs(s.pearsonInterval.high - std::tanh(z + half)) < 0.015);
        QCOMPARE(s.pearsonInterval.skipped, 0);
        QVERIFY(s.spearmanInterval.low < s.spearman.value && s.spearman.value < s.spearmanInterval.high);
    }

    void sameSeedSameNumbers()
    {
        const Pairs x { 3, 1, 4, 1, 5, 9, 2, 6 }, y { 2, 7, 1, 8, 2, 8, 1, 8 };
        const analysis::CorrelationSummary a = analysis::correlate(x, y), b = analysis::correlate(x, y);
        QCOMPARE(a.pearsonInterval.low, b.pearsonInterval.low);
        QCOMPARE(a.spearmanInterval.high, b.spearmanInterval.high);
    }
};

QTEST_GUILESS_MAIN(TestCorrelation)
#include "tst_correlation.moc"
