// TrimmedMean: coordinate-wise trimming of a 3 x 2 and a 5 x 1 Jacobian by hand, trim 0 = mean,
// validation of trim_number against T; and the eight-coordinate sorting network against the
// definition (sort, sum the middle in ascending order in double) bit for bit, over task counts
// below, at and past its 8 x 8 transposes, ties and a tail of coordinates past the last eight.
#include "common/compare.h"
#include "method_test_support.h"

#include <QTest>
#include <algorithm>
#include <vector>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;

class TestTrimmedMean : public QObject {
    Q_OBJECT
private slots:
    void trimOneOfThreeIsTheMedian()
    {
        // Columns {1, 2, 100} and {10, -5, 0}: the middle values 2 and 0.
        MatrixXd J(3, 2);
        J << 1, 10, //
            2, -5, //
            100, 0;
        const test::MethodResult result = test::runMethod("trimmed_mean", { { "trim_number", 1LL } }, J);
        QVERIFY(result.raw.hasDirection);
        MTW_COMPARE_VECTORS(result.direction, (VectorXd(2) << 2.0, 0.0).finished(), 0, 1e-6);
    }

    void trimOneOfFiveAveragesTheMiddleThree()
    {
        MatrixXd J(5, 1);
        J << 7, -50, 1, 2, 60;
        const test::MethodResult result = test::runMethod("trimmed_mean", { { "trim_number", 1LL } }, J);
        MTW_COMPARE_NEAR(result.direction(0), (7.0 + 1.0 + 2.0) / 3.0, 1e-6, 1e-7);
    }

    void trimZeroIsTheMean()
    {
        MatrixXd J(2, 3);
        J << 1, 2, 3, //
            3, 0, -3;
        const test::MethodResult result = test::runMethod("trimmed_mean", { { "trim_number", 0LL } }, J);
        MTW_COMPARE_VECTORS(result.direction, (VectorXd(3) << 2.0, 1.0, 0.0).finished(), 0, 1e-6);
    }

    void networkMatchesTheSortedSum_data()
    {
        QTest::addColumn<int>("tasks");
        QTest::addColumn<int>("trim");
        QTest::newRow("three-trim-one") << 3 << 1;
        QTest::newRow("eight-trim-two") << 8 << 2;
        QTest::newRow("ten-trim-one") << 10 << 1;
        QTest::newRow("seventeen-trim-zero") << 17 << 0;
        QTest::newRow("forty-trim-five") << 40 << 5;
    }
    void networkMatchesTheSortedSum()
    {
        QFETCH(int, tasks);
        QFETCH(int, trim);
        const Eigen::Index coordinates = 8 * 5 + 3;
        MatrixXd J(tasks, coordinates);
        unsigned state = 12345;
        for (Eigen::Index i = 0; i < J.size(); ++i) {
            state = state * 1664525u + 1013904223u;
            // Values on a coarse grid, so that columns have ties; floats exactly.
            J.data()[i] = static_cast<double>(static_cast<int>(state >> 20) % 64 - 32) / 8.0
                + static_cast<double>(state >> 9 & 1023) * (i % 3 == 0 ? 0.0 : 1e-4);
        }
        const core::Matrix Jf = J.cast<core::Scalar>();
        const test::MethodResult result
            = test::runMethod("trimmed_mean", { { "trim_number", static_cast<long long>(trim) } }, J);
        const int kept = tasks - 2 * trim;
        for (Eigen::Index p = 0; p < coordinates; ++p) {
            std::vector<double> column;
            for (int t = 0; t < tasks; ++t)
                column.push_back(Jf(t, p));
            std::sort(column.begin(), column.end());
            double sum = 0.0;
            for (int k = trim; k < trim + kept; ++k)
                sum += column[static_cast<std::size_t>(k)];
            const core::Scalar expected = static_cast<core::Scalar>(sum / kept);
            QVERIFY2(result.raw.direction(p) == expected,
                qPrintable(QString("coordinate %1: %2, expected %3")
                               .arg(p)
                               .arg(result.raw.direction(p), 0, 'g', 9)
                               .arg(expected, 0, 'g', 9)));
        }
    }

    void taskCountIsValidated()
    {
        const mtl::MethodRegistry& registry = mtl::MethodRegistry::instance();
        auto error = registry.check("trimmed_mean", { { "trim_number", 1LL } }, 2); // needs T >= 3
        QVERIFY(error.has_value());
        QVERIFY(error->find("trim_number") != std::string::npos);
        error = registry.check("trimmed_mean", {}, 3); // required
        QVERIFY(error.has_value());
        QVERIFY(error->find("trim_number") != std::string::npos);
        error = registry.check("trimmed_mean", { { "trim_number", -1LL } }, 3);
        QVERIFY(error.has_value());
        QVERIFY(error->find("trim_number") != std::string::npos);
        QVERIFY(!registry.check("trimmed_mean", { { "trim_number", 2LL } }, 5).has_value());
    }
};

QTEST_GUILESS_MAIN(TestTrimmedMean)
#include "tst_trimmed_mean.moc"
