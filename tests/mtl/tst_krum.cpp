// Krum: TorchJD's documented Multi-Krum example (one adversarial row), plain Krum on it, the
// paper's squared-distance scores, validation of n_byzantine / n_selected against T.
#include "common/compare.h"
#include "method_test_support.h"

#include <QTest>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

// Row 2 is adversarial. Squared distances among the others: d01 = 1, d03 = 5, d04 = 2, d13 = 8,
// d14 = 1, d34 = 9; with f = 1 each score sums the T - f - 2 = 2 smallest: s0 = 3, s1 = 2,
// s3 = 13, s4 = 3, s2 huge.
MatrixXd torchjdExample() {
    MatrixXd J(5, 3);
    J << 1, 1, 1, //
        1, 0, 1, //
        75, -666, 23, //
        1, 2, 3, //
        2, 0, 1;
    return J;
}

std::map<std::string, core::ParameterValue> params(long long byzantine, long long selected) {
    return { { "n_byzantine", byzantine }, { "n_selected", selected } };
}

} // namespace

class TestKrum : public QObject {
    Q_OBJECT
private slots:
    void multiKrumAveragesTheHonestRows() {
        // The four lowest scores are rows 1, 0, 4, 3: the mean of the honest rows.
        const test::MethodResult result = test::runMethod("krum", params(1, 4), torchjdExample());
        MTW_COMPARE_VECTORS(result.direction, (VectorXd(3) << 1.25, 0.75, 1.5).finished(), 1e-12, 1e-12);
        MTW_COMPARE_VECTORS(result.weights, (VectorXd(5) << 0.25, 0.25, 0, 0.25, 0.25).finished(), 0, 0);
    }

    void krumPicksTheMostCentralRow() {
        const test::MethodResult result = test::runMethod("krum", params(1, 1), torchjdExample());
        MTW_COMPARE_VECTORS(result.weights, (VectorXd(5) << 0, 1, 0, 0, 0).finished(), 0, 0);
    }

    void scoresSumSquaredDistances() {
        // T = 5, f = 0: three neighbours each. Row 3 = (1, -3) has squared distances 10, 13, 20
        // (score 43); row 1 = (2, 0) has 2, 10, 37 (score 49); the others score more. Summing the
        // unsquared distances (TorchJD) would rank row 1 first (10.66 against 11.24).
        MatrixXd J(5, 2);
        J << 3, 1, //
            2, 0, //
            3, -6, //
            1, -3, //
            5, 6;
        const test::MethodResult result = test::runMethod("krum", params(0, 1), J);
        MTW_COMPARE_VECTORS(result.weights, (VectorXd(5) << 0, 0, 0, 1, 0).finished(), 0, 0);
    }

    void taskCountIsValidated() {
        const mtl::MethodRegistry& registry = mtl::MethodRegistry::instance();
        auto error = registry.check("krum", params(1, 1), 3); // needs T >= 4
        QVERIFY(error.has_value());
        QVERIFY(error->find("n_byzantine") != std::string::npos);
        error = registry.check("krum", params(0, 4), 3);
        QVERIFY(error.has_value());
        QVERIFY(error->find("n_selected") != std::string::npos);
        error = registry.check("krum", { { "n_selected", 1LL } }, 5);
        QVERIFY(error.has_value());
        QVERIFY(error->find("n_byzantine") != std::string::npos);
        QVERIFY(!registry.check("krum", params(1, 1), 4).has_value());
        // All rows selected: the mean, valid for any T (the only valid choice with 2 tasks).
        QVERIFY(!registry.check("krum", params(0, 2), 2).has_value());
    }

    void allRowsSelectedIsTheMean() {
        MatrixXd J(2, 2);
        J << 1, 3, //
            3, -1;
        MTW_COMPARE_VECTORS(
            test::runMethod("krum", params(0, 2), J).direction, (VectorXd(2) << 2, 1).finished(), 0, 1e-15);
    }
};

QTEST_GUILESS_MAIN(TestKrum)
#include "tst_krum.moc"
