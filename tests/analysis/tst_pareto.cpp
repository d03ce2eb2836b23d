// Pareto tools: dominance filtering, exact 2-D/3-D hypervolume (hand-computed values, an
// inclusion-exclusion brute force, ZDT fronts), IGD/IGD+/GD/GD+.
#include "analysis/pareto.h"
#include "common/compare.h"
#include "core/rng.h"

#include <QTest>
#include <cmath>

Q_DECLARE_METATYPE(Eigen::MatrixXd)
Q_DECLARE_METATYPE(Eigen::VectorXd)

using namespace mtw::analysis;
using Eigen::Index;

namespace {

Eigen::MatrixXd rows(std::initializer_list<std::initializer_list<double>> values)
{
    Eigen::MatrixXd m(static_cast<Index>(values.size()), static_cast<Index>(values.begin()->size()));
    Index i = 0;
    for (const auto& row : values) {
        Index j = 0;
        for (double v : row)
            m(i, j++) = v;
        ++i;
    }
    return m;
}

// Volume of the union of boxes [p, r] by inclusion-exclusion over all subsets (small N only).
double bruteForceHypervolume(const Eigen::MatrixXd& points, const Eigen::VectorXd& r)
{
    const Index n = points.rows();
    double total = 0;
    for (unsigned mask = 1; mask < (1u << n); ++mask) {
        Eigen::VectorXd corner = Eigen::VectorXd::Constant(r.size(), -1e300);
        int bits = 0;
        for (Index i = 0; i < n; ++i)
            if (mask & (1u << i)) {
                corner = corner.cwiseMax(points.row(i).transpose());
                ++bits;
            }
        const double volume = (r - corner).cwiseMax(0.0).prod();
        total += (bits % 2 == 1 ? 1.0 : -1.0) * volume;
    }
    return total;
}

Eigen::MatrixXd randomPoints(mtw::core::Rng& rng, Index n, Index m)
{
    Eigen::MatrixXd p(n, m);
    for (Index i = 0; i < p.size(); ++i)
        p.data()[i] = std::floor(rng.uniform(0, 10)) / 2; // coarse values: many ties
    return p;
}

std::vector<Index> bruteForceNonDominated(const Eigen::MatrixXd& p)
{
    std::vector<Index> kept;
    for (Index i = 0; i < p.rows(); ++i) {
        bool dominated = false;
        for (Index j = 0; j < p.rows(); ++j)
            dominated = dominated || dominates(p.row(j).transpose(), p.row(i).transpose());
        if (!dominated)
            kept.push_back(i);
    }
    return kept;
}

// ZDT1 (f2 = 1 - sqrt(f1)) or ZDT2 (f2 = 1 - f1^2) fronts sampled at n points.
Eigen::MatrixXd zdtFront(int n, bool zdt2)
{
    Eigen::MatrixXd front(n, 2);
    for (int i = 0; i < n; ++i) {
        const double f1 = static_cast<double>(i) / (n - 1);
        front(i, 0) = f1;
        front(i, 1) = zdt2 ? 1 - f1 * f1 : 1 - std::sqrt(f1);
    }
    return front;
}

} // namespace

class TestPareto : public QObject {
    Q_OBJECT
private slots:
    void testDominance()
    {
        QVERIFY(dominates(Eigen::Vector2d(1, 2), Eigen::Vector2d(1, 3)));
        QVERIFY(!dominates(Eigen::Vector2d(1, 2), Eigen::Vector2d(1, 2)));
        QVERIFY(!dominates(Eigen::Vector2d(1, 3), Eigen::Vector2d(2, 2)));
    }

    void testNonDominated2d()
    {
        const Eigen::MatrixXd p = rows({ { 3, 1 }, { 2, 2 }, { 2, 2 }, { 2, 3 }, { 1, 3 }, { 4, 4 }, { 1, 5 } });
        const std::vector<Index> kept = nonDominatedIndices(p);
        QCOMPARE(kept, (std::vector<Index> { 0, 1, 2, 4 }));
        QCOMPARE(nonDominated(p).rows(), Index(4));
    }

    void testNonDominatedMatchesBruteForce_data()
    {
        QTest::addColumn<int>("dimension");
        QTest::newRow("two-objectives") << 2;
        QTest::newRow("three-objectives") << 3;
        QTest::newRow("four-objectives") << 4;
    }
    void testNonDominatedMatchesBruteForce()
    {
        QFETCH(int, dimension);
        mtw::core::Rng rng(11);
        for (int trial = 0; trial < 50; ++trial) {
            const Eigen::MatrixXd p = randomPoints(rng, 40, dimension);
            QCOMPARE(nonDominatedIndices(p), bruteForceNonDominated(p));
        }
    }

    void testHypervolumeHandComputed_data()
    {
        QTest::addColumn<Eigen::MatrixXd>("points");
        QTest::addColumn<Eigen::VectorXd>("reference");
        QTest::addColumn<double>("expected");
        QTest::newRow("staircase-2d") << rows({ { 1, 3 }, { 2, 2 }, { 3, 1 } })
                                      << Eigen::VectorXd(Eigen::Vector2d(4, 4)) << 6.0;
        QTest::newRow("dominated-point-adds-nothing")
            << rows({ { 1, 3 }, { 2, 2 }, { 3, 1 }, { 3, 3 } }) << Eigen::VectorXd(Eigen::Vector2d(4, 4)) << 6.0;
        QTest::newRow("outside-reference-adds-nothing") << rows({ { 1, 3 }, { 2, 2 }, { 3, 1 }, { 5, 0 }, { 0, 4 } })
                                                        << Eigen::VectorXd(Eigen::Vector2d(4, 4)) << 6.0;
        QTest::newRow("single-point-2d") << rows({ { 0, 0 } }) << Eigen::VectorXd(Eigen::Vector2d(1, 2)) << 2.0;
        QTest::newRow("empty-2d") << Eigen::MatrixXd(0, 2) << Eigen::VectorXd(Eigen::Vector2d(1, 1)) << 0.0;
        QTest::newRow("unit-cube-3d") << rows({ { 0, 0, 0 } }) << Eigen::VectorXd(Eigen::Vector3d(1, 1, 1)) << 1.0;
        // Three unit-offset boxes in [0, 2]^3: 3 * 4 - 3 * 2 + 1 = 7.
        QTest::newRow("three-axes-3d") << rows({ { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } })
                                       << Eigen::VectorXd(Eigen::Vector3d(2, 2, 2)) << 7.0;
        QTest::newRow("dominated-and-outside-3d")
            << rows({ { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 }, { 1, 1, 1 }, { 0, 0, 2 } })
            << Eigen::VectorXd(Eigen::Vector3d(2, 2, 2)) << 7.0;
        QTest::newRow("one-objective") << rows({ { 3 }, { 1 } }) << Eigen::VectorXd(Eigen::VectorXd::Constant(1, 4))
                                       << 3.0;
    }
    void testHypervolumeHandComputed()
    {
        QFETCH(Eigen::MatrixXd, points);
        QFETCH(Eigen::VectorXd, reference);
        QFETCH(double, expected);
        MTW_COMPARE_NEAR(hypervolume(points, reference), expected, 1e-12, 1e-12);
    }

    void testHypervolumeMatchesInclusionExclusion_data()
    {
        QTest::addColumn<int>("dimension");
        QTest::newRow("two-objectives") << 2;
        QTest::newRow("three-objectives") << 3;
    }
    void testHypervolumeMatchesInclusionExclusion()
    {
        QFETCH(int, dimension);
        mtw::core::Rng rng(5);
        const Eigen::VectorXd reference = Eigen::VectorXd::Constant(dimension, 4.0);
        for (int trial = 0; trial < 100; ++trial) {
            const Eigen::MatrixXd p = randomPoints(rng, 1 + trial % 9, dimension);
            MTW_COMPARE_NEAR(hypervolume(p, reference), bruteForceHypervolume(p, reference), 1e-12, 1e-12);
        }
    }

    void testHypervolumeZdtFronts()
    {
        // Area under 1 - f2 over f1 in [0, 1] with reference (1, 1): ZDT1 2/3, ZDT2 1/3; the
        // sampled front approaches it from below.
        const double zdt1 = hypervolume(zdtFront(4001, false), Eigen::Vector2d(1, 1));
        const double zdt2 = hypervolume(zdtFront(4001, true), Eigen::Vector2d(1, 1));
        QVERIFY(zdt1 < 2.0 / 3 && zdt1 > 2.0 / 3 - 1e-3);
        QVERIFY(zdt2 < 1.0 / 3 && zdt2 > 1.0 / 3 - 1e-3);
        // 3-D with a flat third objective equals the 2-D area times the slab height.
        Eigen::MatrixXd lifted(101, 3);
        lifted.leftCols(2) = zdtFront(101, false);
        lifted.col(2).setConstant(0.5);
        MTW_COMPARE_NEAR(hypervolume(lifted, Eigen::Vector3d(1, 1, 2)),
            1.5 * hypervolume(zdtFront(101, false), Eigen::Vector2d(1, 1)), 1e-12, 1e-14);
    }

    void testHypervolumeRejectsBadInput()
    {
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument, hypervolume(Eigen::MatrixXd::Zero(2, 4), Eigen::VectorXd::Ones(4)));
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument, hypervolume(Eigen::MatrixXd::Zero(2, 2), Eigen::VectorXd::Ones(3)));
    }

    void testDistanceIndicators()
    {
        const Eigen::MatrixXd front = rows({ { 0, 1 }, { 1, 0 } });
        const Eigen::MatrixXd middle = rows({ { 0.5, 0.5 } });
        MTW_COMPARE_NEAR(invertedGenerationalDistance(middle, front), std::sqrt(0.5), 1e-12, 0);
        // IGD+ counts only how much worse: max(0.5 - 0, 0) in one objective per reference point.
        MTW_COMPARE_NEAR(invertedGenerationalDistancePlus(middle, front), 0.5, 1e-12, 0);
        MTW_COMPARE_NEAR(generationalDistance(middle, front), std::sqrt(0.5), 1e-12, 0);
        MTW_COMPARE_NEAR(generationalDistancePlus(middle, front), 0.5, 1e-12, 0);
        const Eigen::MatrixXd zdt = zdtFront(201, false);
        QCOMPARE(invertedGenerationalDistance(zdt, zdt), 0.0);
        const Eigen::MatrixXd worse = zdt.array() + 0.1;
        const Eigen::MatrixXd better = zdt.array() - 0.1;
        // Each reference point is at d+ = 0.1 sqrt(2) from its own shifted copy; a neighbour may be closer.
        const double shifted = invertedGenerationalDistancePlus(worse, zdt);
        QVERIFY(shifted > 0.05 && shifted <= 0.1 * std::sqrt(2.0) + 1e-12);
        MTW_COMPARE_NEAR(invertedGenerationalDistancePlus(rows({ { 1.1, 2.1 } }), rows({ { 1, 2 } })),
            0.1 * std::sqrt(2.0), 1e-12, 0);
        QCOMPARE(invertedGenerationalDistancePlus(better, zdt), 0.0);
        QVERIFY(invertedGenerationalDistance(better, zdt) > 0.05);
        QVERIFY(std::isnan(invertedGenerationalDistance(Eigen::MatrixXd(0, 2), zdt)));
    }

    void testPointsToMatrix()
    {
        const Eigen::MatrixXd m = pointsToMatrix({ Eigen::Vector2d(1, 2), Eigen::Vector2d(3, 4) });
        QCOMPARE(m(1, 0), 3.0);
        QCOMPARE(m.rows(), Index(2));
    }
};

QTEST_GUILESS_MAIN(TestPareto)
#include "tst_pareto.moc"
