// TrimmedMean: coordinate-wise trimming of a 3 x 2 and a 5 x 1 Jacobian by hand, trim 0 = mean,
// validation of trim_number against T.
#include "common/compare.h"
#include "method_test_support.h"

#include <QTest>

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
