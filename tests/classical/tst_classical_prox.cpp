// The regularizers of linear MTL and their prox operators (classical/trace_norm.h,
// classical/l21_norm.h): singular-value soft-thresholding against an SVD computed here (Jacobi,
// not the library's divide and conquer) and against its variational definition (no perturbation
// of the prox lowers 1/2 ||X - V||^2 + t ||X||_*), the l2,1 prox against hand-computed rows and
// the same variational check.
#include "classical/l21_norm.h"
#include "classical/trace_norm.h"
#include "common/compare.h"
#include "core/rng.h"

#include <QTest>

using Eigen::MatrixXd;

namespace {

MatrixXd randomMatrix(Eigen::Index rows, Eigen::Index cols, std::uint64_t seed)
{
    mtw::core::Rng rng(seed);
    MatrixXd m(rows, cols);
    for (Eigen::Index i = 0; i < m.size(); ++i)
        m.data()[i] = rng.normal();
    return m;
}

double nuclearByJacobi(const MatrixXd& x)
{
    const Eigen::JacobiSVD<MatrixXd> svd(x);
    return svd.singularValues().sum();
}

// SVT written out from the definition with Jacobi SVD.
MatrixXd svtByJacobi(const MatrixXd& v, double t)
{
    const Eigen::JacobiSVD<MatrixXd> svd(v, Eigen::ComputeThinU | Eigen::ComputeThinV);
    Eigen::VectorXd s = svd.singularValues();
    for (Eigen::Index i = 0; i < s.size(); ++i)
        s(i) = std::max(s(i) - t, 0.0);
    return svd.matrixU() * s.asDiagonal() * svd.matrixV().transpose();
}

double l21ByLoop(const MatrixXd& x)
{
    double sum = 0;
    for (Eigen::Index j = 0; j < x.rows(); ++j) {
        double squares = 0;
        for (Eigen::Index t = 0; t < x.cols(); ++t)
            squares += x(j, t) * x(j, t);
        sum += std::sqrt(squares);
    }
    return sum;
}

// min over perturbations of h(X* + E) - h(X*), h(X) = 1/2 ||X - V||^2 + t r(X): dense random
// perturbations at several scales, perturbations along X* itself and single-row ones.
template <typename Norm> double smallestIncrease(const MatrixXd& v, const MatrixXd& prox, double t, Norm norm)
{
    const auto h = [&](const MatrixXd& x) { return 0.5 * (x - v).squaredNorm() + t * norm(x); };
    const double at = h(prox);
    double smallest = 1e300;
    mtw::core::Rng rng(99);
    for (int k = 0; k < 300; ++k) {
        const double scale = std::pow(10.0, -4.0 + 4.0 * rng.uniform());
        MatrixXd e(v.rows(), v.cols());
        for (Eigen::Index i = 0; i < e.size(); ++i)
            e.data()[i] = scale * rng.normal();
        if (k % 3 == 1)
            e = (scale * (rng.uniform() - 0.5)) * prox; // along the solution (shrinks or grows it)
        if (k % 3 == 2) {
            const Eigen::Index row = static_cast<Eigen::Index>(rng.index(static_cast<std::size_t>(v.rows())));
            const MatrixXd keep = e.row(row);
            e.setZero();
            e.row(row) = keep;
        }
        smallest = std::min(smallest, h(prox + e) - at);
    }
    return smallest;
}

} // namespace

class TestClassicalProx : public QObject {
    Q_OBJECT
private slots:
    void traceNormIsSumOfSingularValues()
    {
        // diag(3, 1) rotated: the singular values stay 3 and 1.
        const double c = std::cos(0.3), s = std::sin(0.3);
        MatrixXd rotation(2, 2);
        rotation << c, -s, s, c;
        MatrixXd d = MatrixXd::Zero(2, 2);
        d(0, 0) = 3;
        d(1, 1) = 1;
        QVERIFY(mtw::test::closeTo(mtw::classical::traceNorm(rotation * d), 4.0, 1e-13, 0));
        const MatrixXd w = randomMatrix(7, 4, 1);
        QVERIFY(mtw::test::closeTo(mtw::classical::traceNorm(w), nuclearByJacobi(w), 1e-12, 0));
    }

    void svtHandComputed()
    {
        MatrixXd v = MatrixXd::Zero(3, 2);
        v(0, 0) = 3;
        v(1, 1) = 1;
        MatrixXd out;
        mtw::classical::proxTraceNorm(v, 2.0, out);
        MatrixXd expected = MatrixXd::Zero(3, 2);
        expected(0, 0) = 1; // 3 - 2; the singular value 1 <= 2 is dropped
        MTW_COMPARE_VECTORS(out, expected, 0, 1e-14);
        QCOMPARE(mtw::classical::numericalRank(out), 1);
    }

    void svtMatchesJacobiSvd_data()
    {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("cols");
        QTest::addColumn<double>("threshold");
        QTest::newRow("tall-no-shrink") << 9 << 4 << 0.0;
        QTest::newRow("tall-some-shrink") << 9 << 4 << 1.5;
        QTest::newRow("wide-some-shrink") << 3 << 8 << 1.0;
        QTest::newRow("all-zero") << 5 << 5 << 100.0;
    }
    void svtMatchesJacobiSvd()
    {
        QFETCH(int, rows);
        QFETCH(int, cols);
        QFETCH(double, threshold);
        const MatrixXd v = randomMatrix(rows, cols, 7);
        MatrixXd out;
        mtw::classical::proxTraceNorm(v, threshold, out);
        MTW_COMPARE_VECTORS(out, svtByJacobi(v, threshold), 1e-10, 1e-12);
    }

    void svtMinimisesItsObjective()
    {
        for (double t : { 0.3, 1.0, 2.5 }) {
            const MatrixXd v = randomMatrix(6, 5, 11);
            MatrixXd prox;
            mtw::classical::proxTraceNorm(v, t, prox);
            QVERIFY(mtw::classical::numericalRank(prox) < 5 || t < 0.5);
            const double increase = smallestIncrease(v, prox, t, nuclearByJacobi);
            QVERIFY2(
                increase >= -1e-12, qPrintable(QString("t %1: a perturbation lowers it by %2").arg(t).arg(-increase)));
        }
    }

    void l21HandComputed()
    {
        MatrixXd v(3, 2);
        v << 3, 4, 0.6, 0.8, 0, 0;
        QVERIFY(mtw::test::closeTo(mtw::classical::l21Norm(v), 6.0, 1e-15, 0)); // 5 + 1 + 0
        MatrixXd out;
        mtw::classical::proxL21(v, 1.0, out);
        MatrixXd expected(3, 2);
        expected << 2.4, 3.2, 0, 0, 0, 0; // (1 - 1/5) (3, 4); the row of norm 1 <= 1 vanishes
        MTW_COMPARE_VECTORS(out, expected, 0, 1e-15);
        QCOMPARE(mtw::classical::nonzeroRows(out), 1);
        mtw::classical::proxL21(v, 0.5, out);
        expected << 2.7, 3.6, 0.3, 0.4, 0, 0; // scales 0.9 and 0.5
        MTW_COMPARE_VECTORS(out, expected, 0, 1e-15);
        proxInPlace(v);
    }

    void l21MinimisesItsObjective()
    {
        const MatrixXd v = randomMatrix(8, 4, 5);
        QVERIFY(mtw::test::closeTo(mtw::classical::l21Norm(v), l21ByLoop(v), 1e-13, 0));
        for (double t : { 0.5, 1.5, 2.5 }) {
            MatrixXd prox;
            mtw::classical::proxL21(v, t, prox);
            const double increase = smallestIncrease(v, prox, t, l21ByLoop);
            QVERIFY2(
                increase >= -1e-12, qPrintable(QString("t %1: a perturbation lowers it by %2").arg(t).arg(-increase)));
        }
    }

    void negativeThresholdRejected()
    {
        MatrixXd out;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, mtw::classical::proxTraceNorm(MatrixXd::Ones(2, 2), -1, out));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, mtw::classical::proxL21(MatrixXd::Ones(2, 2), -1, out));
    }

private:
    static void proxInPlace(const MatrixXd& v)
    {
        MatrixXd inPlace = v, copy;
        mtw::classical::proxL21(v, 0.7, copy);
        mtw::classical::proxL21(inPlace, 0.7, inPlace);
        QCOMPARE(inPlace, copy);
    }
};

QTEST_GUILESS_MAIN(TestClassicalProx)
#include "tst_classical_prox.moc"
