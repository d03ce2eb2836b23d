// Euclidean projection onto the probability simplex: hand-computed cases and the optimality
// (KKT) conditions on random vectors.
#include "common/compare.h"
#include "core/rng.h"
#include "mtl/solvers/simplex_projection.h"

#include <QTest>

using Eigen::VectorXd;
using mtw::mtl::solvers::projectOntoSimplex;

Q_DECLARE_METATYPE(Eigen::VectorXd)

class TestSimplexProjection : public QObject {
    Q_OBJECT
private slots:
    void handComputed_data()
    {
        QTest::addColumn<VectorXd>("v");
        QTest::addColumn<VectorXd>("expected");
        QTest::newRow("already-on-simplex")
            << VectorXd((VectorXd(2) << 0.5, 0.5).finished()) << VectorXd((VectorXd(2) << 0.5, 0.5).finished());
        QTest::newRow("vertex") << VectorXd((VectorXd(2) << 2.0, 0.0).finished())
                                << VectorXd((VectorXd(2) << 1.0, 0.0).finished());
        QTest::newRow("equal-negative") << VectorXd((VectorXd(2) << -2.75, -2.75).finished())
                                        << VectorXd((VectorXd(2) << 0.5, 0.5).finished());
        // sorted 0.3, 0.2, -1: theta = (0.3 + 0.2 - 1) / 2 = -0.25, the third entry drops out.
        QTest::newRow("one-dropped") << VectorXd((VectorXd(3) << 0.3, 0.2, -1.0).finished())
                                     << VectorXd((VectorXd(3) << 0.55, 0.45, 0.0).finished());
        QTest::newRow("single") << VectorXd((VectorXd(1) << -7.0).finished())
                                << VectorXd((VectorXd(1) << 1.0).finished());
    }
    void handComputed()
    {
        QFETCH(VectorXd, v);
        QFETCH(VectorXd, expected);
        MTW_COMPARE_VECTORS(projectOntoSimplex(v), expected, 0, 1e-14);
    }

    // w = max(v - theta, 0) is the projection iff it sums to 1 (then the KKT conditions hold with
    // multiplier theta); check that and the non-negativity on random inputs.
    void randomVectorsSatisfyOptimality()
    {
        mtw::core::Rng rng(3);
        for (int trial = 0; trial < 200; ++trial) {
            const int n = 1 + static_cast<int>(rng.index(7));
            VectorXd v(n);
            for (int i = 0; i < n; ++i)
                v(i) = 3.0 * rng.normal();
            const VectorXd w = projectOntoSimplex(v);
            QVERIFY(w.minCoeff() >= 0.0);
            MTW_COMPARE_NEAR(w.sum(), 1.0, 0, 1e-12);
            // On the support, v - w is the same constant theta; off it, v <= theta.
            double theta = 0;
            int support = 0;
            for (int i = 0; i < n; ++i)
                if (w(i) > 0) {
                    theta += v(i) - w(i);
                    ++support;
                }
            theta /= support;
            for (int i = 0; i < n; ++i) {
                if (w(i) > 0)
                    MTW_COMPARE_NEAR(v(i) - w(i), theta, 0, 1e-12);
                else
                    QVERIFY(v(i) <= theta + 1e-12);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestSimplexProjection)
#include "tst_simplex_projection.moc"
