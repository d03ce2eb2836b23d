// Krum: TorchJD's documented Multi-Krum example (one adversarial row), plain Krum on it, the
// paper's squared-distance scores and TorchJD's plain distances (distance = euclidean) against an
// independent scoring on the rows of J, validation of n_byzantine / n_selected against T.
#include "aggregation_test_support.h"
#include "common/compare.h"
#include "method_test_support.h"

#include <QTest>
#include <algorithm>
#include <numeric>
#include <utility>
#include <vector>

using namespace mtw;
using Eigen::MatrixXd;
using Eigen::VectorXd;

namespace {

// Row 2 is adversarial. Squared distances among the others: d01 = 1, d03 = 5, d04 = 2, d13 = 8,
// d14 = 1, d34 = 9; with f = 1 each score sums the T - f - 2 = 2 smallest: s0 = 3, s1 = 2,
// s3 = 13, s4 = 3, s2 huge.
MatrixXd torchjdExample()
{
    MatrixXd J(5, 3);
    J << 1, 1, 1, //
        1, 0, 1, //
        75, -666, 23, //
        1, 2, 3, //
        2, 0, 1;
    return J;
}

std::map<std::string, core::ParameterValue> params(long long byzantine, long long selected)
{
    return { { "n_byzantine", byzantine }, { "n_selected", selected } };
}

std::map<std::string, core::ParameterValue> euclidean(long long byzantine, long long selected)
{
    auto p = params(byzantine, selected);
    p["distance"] = std::string("euclidean");
    return p;
}

// Krum weights from the rows of J directly (not the Gramian): score each row by the sum of its
// T - f - 2 smallest distances (squared or not) to the other rows, average the lowest n_selected.
VectorXd krumOnRows(const MatrixXd& J, int byzantine, int selected, bool squared)
{
    const auto tasks = static_cast<int>(J.rows());
    std::vector<std::pair<double, int>> scores;
    for (int i = 0; i < tasks; ++i) {
        std::vector<double> distances;
        for (int j = 0; j < tasks; ++j)
            if (j != i)
                distances.push_back(squared ? (J.row(i) - J.row(j)).squaredNorm() : (J.row(i) - J.row(j)).norm());
        std::sort(distances.begin(), distances.end());
        scores.emplace_back(std::accumulate(distances.begin(), distances.begin() + (tasks - byzantine - 2), 0.0), i);
    }
    std::sort(scores.begin(), scores.end()); // ties: lower index first
    VectorXd w = VectorXd::Zero(tasks);
    for (int k = 0; k < selected; ++k)
        w(scores[static_cast<std::size_t>(k)].second) = 1.0 / selected;
    return w;
}

} // namespace

class TestKrum : public QObject {
    Q_OBJECT
private slots:
    void multiKrumAveragesTheHonestRows()
    {
        // The four lowest scores are rows 1, 0, 4, 3: the mean of the honest rows.
        const test::MethodResult result = test::runMethod("krum", params(1, 4), torchjdExample());
        MTW_COMPARE_VECTORS(result.direction, (VectorXd(3) << 1.25, 0.75, 1.5).finished(), 1e-12, 1e-12);
        MTW_COMPARE_VECTORS(result.weights, (VectorXd(5) << 0.25, 0.25, 0, 0.25, 0.25).finished(), 0, 0);
    }

    void krumPicksTheMostCentralRow()
    {
        const test::MethodResult result = test::runMethod("krum", params(1, 1), torchjdExample());
        MTW_COMPARE_VECTORS(result.weights, (VectorXd(5) << 0, 1, 0, 0, 0).finished(), 0, 0);
    }

    void scoresSumSquaredDistances()
    {
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

    void euclideanScoresSumDistances()
    {
        // The case above with TorchJD's plain distances: row 1 scores sqrt(2) + sqrt(10) + sqrt(37)
        // = 10.66 against row 3's sqrt(10) + sqrt(13) + sqrt(20) = 11.24, and is selected.
        MatrixXd J(5, 2);
        J << 3, 1, //
            2, 0, //
            3, -6, //
            1, -3, //
            5, 6;
        const VectorXd expected = (VectorXd(5) << 0, 1, 0, 0, 0).finished();
        MTW_COMPARE_VECTORS(krumOnRows(J, 0, 1, false), expected, 0, 0);
        MTW_COMPARE_VECTORS(test::runMethod("krum", euclidean(0, 1), J).weights, expected, 0, 0);
        MTW_COMPARE_VECTORS(
            test::runMethod("krum", { { "n_byzantine", 0LL }, { "distance", std::string("squared") } }, J).weights,
            (VectorXd(5) << 0, 0, 0, 1, 0).finished(), 0, 0);
        // TorchJD's documented Multi-Krum example (plain distances): the mean of the honest rows.
        MTW_COMPARE_VECTORS(test::runMethod("krum", euclidean(1, 4), torchjdExample()).direction,
            (VectorXd(3) << 1.25, 0.75, 1.5).finished(), 1e-12, 1e-12);
    }

    void bothDistancesMatchScoringOnRows()
    {
        int selectionsDiffer = 0; // cases where the two distances select different rows
        for (std::uint64_t seed = 1; seed <= 20; ++seed) {
            const MatrixXd J = test::randomMatrix(7, 3, seed);
            for (const auto& [f, m] : { std::pair { 0, 1 }, std::pair { 2, 1 }, std::pair { 1, 3 } }) {
                MTW_COMPARE_VECTORS(test::runMethod("krum", params(f, m), J).weights, krumOnRows(J, f, m, true), 0, 0);
                MTW_COMPARE_VECTORS(
                    test::runMethod("krum", euclidean(f, m), J).weights, krumOnRows(J, f, m, false), 0, 0);
                selectionsDiffer += krumOnRows(J, f, m, true) != krumOnRows(J, f, m, false) ? 1 : 0;
            }
        }
        QVERIFY(selectionsDiffer > 0);
        QVERIFY(mtl::MethodRegistry::instance().check("krum", euclidean(0, 1), 4) == std::nullopt);
        auto bad = params(0, 1);
        bad["distance"] = std::string("manhattan");
        QVERIFY(mtl::MethodRegistry::instance().check("krum", bad, 4).has_value());
    }

    void taskCountIsValidated()
    {
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

    void allRowsSelectedIsTheMean()
    {
        MatrixXd J(2, 2);
        J << 1, 3, //
            3, -1;
        MTW_COMPARE_VECTORS(
            test::runMethod("krum", params(0, 2), J).direction, (VectorXd(2) << 2, 1).finished(), 0, 1e-15);
    }
};

QTEST_GUILESS_MAIN(TestKrum)
#include "tst_krum.moc"
