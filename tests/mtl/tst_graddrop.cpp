// GradDrop: a hand-made Jacobian whose coordinates have sign purity 1, 1/3 and 0/0, with the
// uniform draws replayed from the same seed; the leak; the empirical keep rate; validation; and
// the eight-coordinate vector path against the definition bit for bit (ties at zero, -0, all-zero
// columns, 2 to 17 tasks, a scalar tail).
#include "common/compare.h"
#include "method_test_support.h"

#include <QTest>
#include <cmath>
#include <cstdint>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {
// Rows g_1 = (1, -2, 0), g_2 = (3, 1, 0): column 0 is all positive (P = 1), column 1 has
// P = (1 + (-1)/3)/2 = 1/3, column 2 is all zero.
MatrixXd handJacobian()
{
    MatrixXd J(2, 3);
    J << 1, -2, 0, //
        3, 1, 0;
    return J;
}
} // namespace

class TestGradDrop : public QObject {
    Q_OBJECT
private slots:
    void keepsOneSignPerCoordinate_data()
    {
        QTest::addColumn<quint64>("seed");
        for (quint64 seed : { 1u, 2u, 3u, 4u, 5u, 6u })
            QTest::newRow(qPrintable(QString("seed-%1").arg(seed))) << seed;
    }
    void keepsOneSignPerCoordinate()
    {
        QFETCH(quint64, seed);
        const test::MethodResult result = test::runMethod("graddrop", {}, handJacobian(), {}, seed);
        QVERIFY(result.raw.hasDirection);
        core::Rng rng(seed);
        rng.uniform(); // column 0: P = 1 always beats the draw
        const double u1 = rng.uniform();
        // P = 1/3 > u keeps the positive entry (1), otherwise the negative one (-2).
        const double expected1 = (1.0 / 3.0 > u1) ? 1.0 : -2.0;
        MTW_COMPARE_VECTORS(result.direction, (VectorXd(3) << 4.0, expected1, 0.0).finished(), 0, 1e-6);
    }

    void vectorPathMatchesTheDefinition_data()
    {
        QTest::addColumn<int>("tasks");
        QTest::addColumn<double>("leak");
        QTest::newRow("two-tasks") << 2 << 0.0;
        QTest::newRow("three-tasks-leak") << 3 << 0.25;
        QTest::newRow("ten-tasks") << 10 << 0.0;
        QTest::newRow("seventeen-tasks-leak") << 17 << 0.5;
    }
    void vectorPathMatchesTheDefinition()
    {
        QFETCH(int, tasks);
        QFETCH(double, leak);
        const Eigen::Index coordinates = 8 * 6 + 5;
        MatrixXd J(tasks, coordinates);
        unsigned state = 777;
        for (Eigen::Index i = 0; i < J.size(); ++i) {
            state = state * 1664525u + 1013904223u;
            const int bucket = static_cast<int>(state >> 28); // 0..15
            J.data()[i] = bucket == 0 ? 0.0
                : bucket == 1         ? -0.0
                                      : (static_cast<double>(state >> 8 & 0xfffff) - 524288.0) / 1e5;
        }
        J.col(9).setZero(); // absSum == 0: d = 0
        J.col(10).setConstant(-0.0);
        const std::uint64_t seed = 11;
        const test::MethodResult result = test::runMethod("graddrop", { { "leak", leak } }, J, {}, seed);
        const core::Matrix Jf = J.cast<core::Scalar>();
        core::Rng rng(seed);
        for (Eigen::Index p = 0; p < coordinates; ++p) {
            const double u = rng.uniform();
            double sum = 0.0, absSum = 0.0;
            for (int t = 0; t < tasks; ++t) {
                sum += Jf(t, p);
                absSum += std::abs(static_cast<double>(Jf(t, p)));
            }
            core::Scalar expected = 0;
            if (absSum != 0.0) {
                const double purity = 0.5 * (1.0 + sum / absSum);
                double d = 0.0;
                for (int t = 0; t < tasks; ++t) {
                    const double g = Jf(t, p);
                    const bool kept = (purity > u && g > 0) || (purity < u && g < 0);
                    d += (leak + (1.0 - leak) * (kept ? 1.0 : 0.0)) * g;
                }
                expected = static_cast<core::Scalar>(d);
            }
            QVERIFY2(
                result.raw.direction(p) == expected && std::signbit(result.raw.direction(p)) == std::signbit(expected),
                qPrintable(QString("coordinate %1: %2, expected %3")
                               .arg(p)
                               .arg(result.raw.direction(p), 0, 'g', 9)
                               .arg(expected, 0, 'g', 9)));
        }
    }

    void leakOneIsThePlainSum()
    {
        const test::MethodResult result = test::runMethod("graddrop", { { "leak", 1.0 } }, handJacobian());
        MTW_COMPARE_VECTORS(result.direction, (VectorXd(3) << 4.0, -1.0, 0.0).finished(), 0, 1e-6);
    }

    void leakHalfPassesHalfOfTheDroppedSign()
    {
        for (quint64 seed : { 1u, 2u, 3u, 4u }) {
            const test::MethodResult result
                = test::runMethod("graddrop", { { "leak", 0.5 } }, handJacobian(), {}, seed);
            core::Rng rng(seed);
            rng.uniform();
            const bool positive = 1.0 / 3.0 > rng.uniform();
            // kept entry counts fully, the dropped one half: 1 + 0.5 * (-2) or -2 + 0.5 * 1.
            MTW_COMPARE_NEAR(result.direction(1), positive ? 0.0 : -1.5, 0, 1e-6);
        }
    }

    void positiveSignIsKeptWithProbabilityPurity()
    {
        int positive = 0;
        const int trials = 3000;
        for (int seed = 0; seed < trials; ++seed)
            if (test::runMethod("graddrop", {}, handJacobian(), {}, static_cast<std::uint64_t>(seed)).direction(1) > 0)
                ++positive;
        MTW_COMPARE_NEAR(static_cast<double>(positive) / trials, 1.0 / 3.0, 0, 0.03);
    }

    void sameSeedSameResult()
    {
        MatrixXd J = MatrixXd::Random(3, 20);
        MTW_COMPARE_VECTORS(test::runMethod("graddrop", {}, J, {}, 9).direction,
            test::runMethod("graddrop", {}, J, {}, 9).direction, 0, 0);
    }

    void invalidLeakIsRejected()
    {
        const auto error = mtl::MethodRegistry::instance().check("graddrop", { { "leak", 1.5 } }, 2);
        QVERIFY(error.has_value());
        QVERIFY(error->find("leak") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestGradDrop)
#include "tst_graddrop.moc"
