// Seeded random numbers: reproducible, independent derived streams, sane distributions.
#include "common/compare.h"
#include "core/rng.h"

#include <QTest>
#include <algorithm>

using namespace mtw;

class TestRng : public QObject {
    Q_OBJECT
private slots:
    void sameSeedSameStream()
    {
        core::Rng a(42), b(42), c(43);
        for (int i = 0; i < 100; ++i) {
            const double x = a.normal();
            QCOMPARE(x, b.normal());
            if (i == 0)
                QVERIFY(x != c.normal());
        }
    }
    void derivedStreamsDependOnlyOnKey()
    {
        core::Rng parent(7);
        parent.normal(); // advancing the parent does not change its children
        core::Rng a = parent.derive(1), b = core::Rng(7).derive(1), c = core::Rng(7).derive(2);
        const double x = a.uniform();
        QCOMPARE(x, b.uniform());
        QVERIFY(x != c.uniform());
    }
    void moments()
    {
        core::Rng rng(1);
        double sum = 0, sumSquares = 0, uniformSum = 0;
        const int n = 200000;
        for (int i = 0; i < n; ++i) {
            const double z = rng.normal();
            sum += z;
            sumSquares += z * z;
            uniformSum += rng.uniform();
        }
        MTW_COMPARE_NEAR(sum / n, 0.0, 0, 0.01);
        MTW_COMPARE_NEAR(sumSquares / n, 1.0, 0, 0.01);
        MTW_COMPARE_NEAR(uniformSum / n, 0.5, 0, 0.005);
    }
    void permutationIsAPermutation()
    {
        core::Rng rng(3);
        std::vector<std::size_t> p = rng.permutation(50);
        std::sort(p.begin(), p.end());
        for (std::size_t i = 0; i < p.size(); ++i)
            QCOMPARE(p[i], i);
    }
};

QTEST_GUILESS_MAIN(TestRng)
#include "tst_rng.moc"
