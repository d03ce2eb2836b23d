// The analyses behind the per-layer conflict view (Roy et al. 2024, FairBranch):
//   linear CKA against a value worked out by hand and against the n x n kernel formula with an
//   explicit centring matrix (the textbook route the code avoids), its invariances and edge cases;
//   FairBranch's threshold grouping on a constructed affinity; the per-epoch angle boxes against
//   quartiles worked out by hand, epoch spans and non-finite cosines.
#include "analysis/centered_kernel_alignment.h"
#include "analysis/conflict_angles.h"
#include "core/rng.h"

#include <QTest>
#include <cmath>

using namespace mtw;

namespace {

core::Matrix randomMatrix(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed)
{
    core::Rng rng(seed);
    core::Matrix m(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i)
        m.data()[i] = static_cast<core::Scalar>(rng.normal());
    return m;
}

// tr(HKxH HKyH) / sqrt(tr((HKxH)^2) tr((HKyH)^2)) with K = X^T X and H = I - 11^T/n, in double.
double ckaByKernels(const core::Matrix& X, const core::Matrix& Y)
{
    const Eigen::Index n = X.cols();
    const Eigen::MatrixXd H
        = Eigen::MatrixXd::Identity(n, n) - Eigen::MatrixXd::Constant(n, n, 1.0 / static_cast<double>(n));
    const Eigen::MatrixXd x = X.cast<double>(), y = Y.cast<double>();
    const Eigen::MatrixXd kx = H * (x.transpose() * x) * H;
    const Eigen::MatrixXd ky = H * (y.transpose() * y) * H;
    return (kx * ky).trace() / std::sqrt((kx * kx).trace() * (ky * ky).trace());
}

std::string groupsText(const std::vector<std::vector<int>>& groups)
{
    std::string text;
    for (const std::vector<int>& group : groups) {
        text += '{';
        for (int t : group)
            text += std::to_string(t);
        text += '}';
    }
    return text;
}

} // namespace

class TestLayerConflictAnalysis : public QObject {
    Q_OBJECT
private slots:
    void ckaByHand()
    {
        // One feature each: x = (1, 2, 3), y = (1, 3, 2); centred (-1, 0, 1) and (-1, 1, 0).
        // |y x^T|^2 = 1, |x x^T| = |y y^T| = 2: CKA = 1/4 (the squared correlation, 1/2).
        core::Matrix x(1, 3), y(1, 3);
        x << 1, 2, 3;
        y << 1, 3, 2;
        QCOMPARE(analysis::linearCka(x, y), 0.25);
        QCOMPARE(analysis::linearCka(x, x), 1.0);
    }

    void ckaEqualsTheKernelFormula()
    {
        const core::Matrix X = randomMatrix(7, 40, 1);
        const core::Matrix Y = randomMatrix(3, 40, 2);
        const core::Matrix Z = (randomMatrix(3, 7, 3) * X + 0.3f * randomMatrix(3, 40, 4)).eval();
        for (const auto& [a, b] : { std::pair { &X, &Y }, std::pair { &X, &Z }, std::pair { &Y, &Z } }) {
            const double expected = ckaByKernels(*a, *b);
            QVERIFY2(std::abs(analysis::linearCka(*a, *b) - expected) < 1e-10,
                qPrintable(QString::number(analysis::linearCka(*a, *b)) + " vs " + QString::number(expected)));
        }
        QVERIFY(analysis::linearCka(X, Z) > analysis::linearCka(X, Y)); // Z is mostly a map of X
    }

    void ckaIsInvariantToRotationAndScaleAndZeroForConstants()
    {
        const core::Matrix X = randomMatrix(4, 30, 5);
        const core::Matrix Y = randomMatrix(6, 30, 6);
        const Eigen::HouseholderQR<Eigen::MatrixXd> qr(randomMatrix(4, 4, 7).cast<double>());
        const core::Matrix Q = Eigen::MatrixXd(qr.householderQ()).cast<core::Scalar>();
        const core::Matrix rotated = (3.5f * Q * X).eval();
        QVERIFY(std::abs(analysis::linearCka(rotated, Y) - analysis::linearCka(X, Y)) < 1e-6);
        // A constant shift of a feature changes nothing (centring); a constant representation is 0.
        core::Matrix shifted = X;
        shifted.row(2).array() += 10.0f;
        QVERIFY(std::abs(analysis::linearCka(shifted, Y) - analysis::linearCka(X, Y)) < 1e-5);
        QCOMPARE(analysis::linearCka(core::Matrix::Constant(2, 30, 1.5f), Y), 0.0);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, analysis::linearCka(X, randomMatrix(6, 29, 8)));
    }

    void ckaMatrixIsSymmetricWithUnitDiagonal()
    {
        const std::vector<core::Matrix> reps { randomMatrix(3, 20, 9), randomMatrix(5, 20, 10),
            randomMatrix(2, 20, 11) };
        const Eigen::MatrixXd cka = analysis::ckaMatrix(reps);
        QCOMPARE(cka.rows(), 3);
        for (int i = 0; i < 3; ++i) {
            QVERIFY(std::abs(cka(i, i) - 1.0) < 1e-12);
            for (int j = 0; j < 3; ++j) {
                QCOMPARE(cka(i, j), cka(j, i));
                QVERIFY(std::abs(cka(i, j) - ckaByKernels(reps[std::size_t(i)], reps[std::size_t(j)])) < 1e-10);
            }
        }
    }

    void thresholdGroupsLinkPairsAboveTheThreshold()
    {
        // 0-1 at 0.9 and 1-3 at 0.82 chain into one group (single linkage); 2 and 4 link at 0.8
        // exactly (kept: >=); 5 stays alone. At 0.85 only 0-1 remains.
        Eigen::MatrixXd a = Eigen::MatrixXd::Constant(6, 6, 0.1);
        a.diagonal().setOnes();
        auto set = [&a](int i, int j, double v) { a(i, j) = a(j, i) = v; };
        set(0, 1, 0.9);
        set(1, 3, 0.82);
        set(2, 4, 0.8);
        set(0, 3, 0.5);
        QCOMPARE(groupsText(analysis::thresholdGroups(a, 0.8)), std::string("{013}{24}{5}"));
        QCOMPARE(groupsText(analysis::thresholdGroups(a, 0.85)), std::string("{01}{2}{3}{4}{5}"));
        QCOMPARE(groupsText(analysis::thresholdGroups(a, 0.05)), std::string("{012345}"));
    }

    void sortedQuantileInterpolates()
    {
        const std::vector<double> v { 0, 60, 60, 90, 120, 180 };
        QCOMPARE(analysis::sortedQuantile(v, 0.25), 60.0); // h = 1.25
        QCOMPARE(analysis::sortedQuantile(v, 0.5), 75.0); // h = 2.5
        QCOMPARE(analysis::sortedQuantile(v, 0.75), 112.5); // h = 3.75
        QCOMPARE(analysis::sortedQuantile(v, 1.0), 180.0);
        QVERIFY(std::isnan(analysis::sortedQuantile({}, 0.5)));
    }

    void angleBoxesByHand()
    {
        auto cosines = [](double c01, double c02, double c12) {
            Eigen::Matrix3d m;
            m << 1, c01, c02, c01, 1, c12, c02, c12, 1;
            return Eigen::MatrixXd(m);
        };
        // Epoch 0: angles 0, 90, 180 and 60, 60, 120 -> sorted 0 60 60 90 120 180.
        // Epoch 2: 60, 60 and a NaN cosine (left out). Epoch 1 has no matrix.
        const std::vector<std::pair<int, Eigen::MatrixXd>> matrices { { 0, cosines(1, 0, -1) },
            { 0, cosines(0.5, 0.5, -0.5) }, { 2, cosines(0.5, 0.5, std::nan("")) } };
        const std::vector<analysis::AngleBox> boxes = analysis::angleBoxesPerEpoch(matrices);
        QCOMPARE(boxes.size(), std::size_t(2));
        const analysis::AngleBox& first = boxes[0];
        QCOMPARE(first.firstEpoch, 0);
        QCOMPARE(first.lastEpoch, 0);
        QCOMPARE(first.count, 6LL);
        QVERIFY(std::abs(first.minimum) < 1e-12);
        QVERIFY(std::abs(first.lowerQuartile - 60) < 1e-12);
        QVERIFY(std::abs(first.median - 75) < 1e-12);
        QVERIFY(std::abs(first.upperQuartile - 112.5) < 1e-12);
        QVERIFY(std::abs(first.maximum - 180) < 1e-12);
        QCOMPARE(first.conflictShare, 2.0 / 6.0);
        QCOMPARE(boxes[1].firstEpoch, 2);
        QCOMPARE(boxes[1].count, 2LL);
        QVERIFY(std::abs(boxes[1].median - 60) < 1e-12);
        QCOMPARE(boxes[1].conflictShare, 0.0);

        // At most two boxes: epochs 0-1 and 2.
        const std::vector<analysis::AngleBox> merged = analysis::angleBoxesPerEpoch(matrices, 2);
        QCOMPARE(merged.size(), std::size_t(2));
        QCOMPARE(merged[0].lastEpoch, 1);
        QCOMPARE(merged[1].firstEpoch, 2);
        const std::vector<analysis::AngleBox> one = analysis::angleBoxesPerEpoch(matrices, 1);
        QCOMPARE(one.size(), std::size_t(1));
        QCOMPARE(one[0].count, 8LL);
        QVERIFY(analysis::angleBoxesPerEpoch({}).empty());
    }
};

QTEST_APPLESS_MAIN(TestLayerConflictAnalysis)
#include "tst_layer_conflict_analysis.moc"
