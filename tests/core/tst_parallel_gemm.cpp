// core::gemm (issue 10: a direct test of the deterministic GEMM): C = alpha op(A) op(B) + beta C
// for every transpose combination against a double-precision product, beta = 0 overwriting
// whatever C held (NaN included, as BLAS does), the tiles covering the output on the kernels' steps,
// and the result bit for bit the same with 1 to 16 threads, which every determinism claim rests on.
// Every GEMM kernel this machine can run (the build's and, with AVX-512, the x86-64-v4 one of
// core/gemm_dispatch.h) on strided views, and the choice between them.
#include "core/gemm_dispatch.h"
#include "core/parallel_gemm.h"

#include <tbb/task_arena.h> // before Qt, whose `emit` macro breaks TBB's headers

#include "common/lcg_matrix.h"

#include <QTest>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <tuple>

using namespace mtw;
using core::Index;
using core::Matrix;
using core::Transpose;

namespace {

bool sameBits(const Matrix& a, const Matrix& b)
{
    return a.rows() == b.rows() && a.cols() == b.cols()
        && std::memcmp(a.data(), b.data(), sizeof(float) * static_cast<std::size_t>(a.size())) == 0;
}

} // namespace

class TestParallelGemm : public QObject {
    Q_OBJECT
private slots:
    void matchesTheDoubleProduct_data()
    {
        QTest::addColumn<int>("m");
        QTest::addColumn<int>("k");
        QTest::addColumn<int>("n");
        QTest::addColumn<bool>("ta");
        QTest::addColumn<bool>("tb");
        for (const auto& [m, k, n] : { std::tuple { 1, 1, 1 }, { 7, 13, 5 }, { 64, 300, 129 }, { 3, 1000, 2 },
                 { 10, 37, 1031 }, { 1031, 37, 10 }, { 2560, 64, 256 } })
            for (bool ta : { false, true })
                for (bool tb : { false, true })
                    QTest::addRow("%dx%dx%d %c%c", m, k, n, ta ? 'T' : 'N', tb ? 'T' : 'N') << m << k << n << ta << tb;
    }
    void matchesTheDoubleProduct()
    {
        QFETCH(int, m);
        QFETCH(int, k);
        QFETCH(int, n);
        QFETCH(bool, ta);
        QFETCH(bool, tb);
        const Matrix A = ta ? test::lcgMatrix(k, m, 1) : test::lcgMatrix(m, k, 1);
        const Matrix B = tb ? test::lcgMatrix(n, k, 2) : test::lcgMatrix(k, n, 2);
        Matrix C = test::lcgMatrix(m, n, 3);
        const Eigen::MatrixXd a
            = ta ? Eigen::MatrixXd(A.cast<double>().transpose()) : Eigen::MatrixXd(A.cast<double>());
        const Eigen::MatrixXd b
            = tb ? Eigen::MatrixXd(B.cast<double>().transpose()) : Eigen::MatrixXd(B.cast<double>());
        const Eigen::MatrixXd expected = 0.5 * a * b + 2.0 * C.cast<double>();
        core::gemm(C, A, ta ? Transpose::Yes : Transpose::No, B, tb ? Transpose::Yes : Transpose::No, 0.5f, 2.0f);
        // float accumulation over k terms of size <= 0.25: error well inside 1e-6 * k.
        const double error = (C.cast<double>() - expected).cwiseAbs().maxCoeff();
        QVERIFY2(error <= 1e-6 * k + 1e-6, qPrintable(QString::number(error)));
    }

    void everyKernelOnStridedViews_data()
    {
        QTest::addColumn<int>("level");
        QTest::addColumn<bool>("ta");
        QTest::addColumn<bool>("tb");
        for (const auto level : { core::GemmLevel::Built, core::GemmLevel::X86_64_V4 })
            for (bool ta : { false, true })
                for (bool tb : { false, true })
                    QTest::addRow(
                        "%s %c%c", level == core::GemmLevel::Built ? "built" : "v4", ta ? 'T' : 'N', tb ? 'T' : 'N')
                        << static_cast<int>(level) << ta << tb;
    }
    void everyKernelOnStridedViews()
    {
        QFETCH(int, level);
        QFETCH(bool, ta);
        QFETCH(bool, tb);
        const core::GemmKernel* kernel = core::gemmKernelOf(static_cast<core::GemmLevel>(level));
        if (!kernel)
            QSKIP("this machine cannot run this kernel (no AVX-512, or not built in)");
        // Operands and result are blocks inside larger matrices: the strides are not the row counts.
        const Index m = 37, k = 301, n = 45;
        const Matrix bigA = test::lcgMatrix(ta ? k + 3 : m + 3, ta ? m + 2 : k + 2, 11);
        const Matrix bigB = test::lcgMatrix(tb ? n + 5 : k + 5, tb ? k + 1 : n + 1, 12);
        Matrix bigC = test::lcgMatrix(m + 4, n + 3, 13);
        const auto A = bigA.block(2, 1, ta ? k : m, ta ? m : k);
        const auto B = bigB.block(3, 1, tb ? n : k, tb ? k : n);
        const Eigen::MatrixXd a
            = ta ? Eigen::MatrixXd(A.cast<double>().transpose()) : Eigen::MatrixXd(A.cast<double>());
        const Eigen::MatrixXd b
            = tb ? Eigen::MatrixXd(B.cast<double>().transpose()) : Eigen::MatrixXd(B.cast<double>());
        const Matrix before = bigC;
        const Eigen::MatrixXd expected = -1.5 * a * b + 0.5 * bigC.block(1, 2, m, n).cast<double>();
        kernel->multiply({ bigC.data() + 1 + 2 * bigC.rows(), m, n, bigC.rows() },
            { A.data(), A.rows(), A.cols(), bigA.rows(), ta }, { B.data(), B.rows(), B.cols(), bigB.rows(), tb }, -1.5f,
            0.5f);
        const double error = (bigC.block(1, 2, m, n).cast<double>() - expected).cwiseAbs().maxCoeff();
        QVERIFY2(error <= 1e-6 * k, qPrintable(QString::number(error)));
        // Nothing outside the block changed.
        Matrix outside = bigC;
        outside.block(1, 2, m, n) = before.block(1, 2, m, n);
        QVERIFY(sameBits(outside, before));
    }

    void theKernelIsChosenByTheCpu()
    {
        const core::GemmKernel* v4 = core::gemmKernelOf(core::GemmLevel::X86_64_V4);
        const char* variable = std::getenv("MTW_GEMM");
        const QString request = variable ? variable : "";
        const bool expectV4 = v4 && (request.isEmpty() || request == "auto" || request == "v4");
        QCOMPARE(core::activeGemmLevel(), expectV4 ? core::GemmLevel::X86_64_V4 : core::GemmLevel::Built);
        const QString description = QString::fromStdString(core::activeGemmDescription());
        QVERIFY2(description.startsWith(expectV4 ? "AVX-512 + FMA, 16 floats per packet (x86-64-v4 kernel"
                                                 : core::gemmKernelBuilt().instructionSets()),
            qPrintable(description));
        if (!v4)
            return;
        // The two kernels agree to float rounding on the same product (not in the bits: FMA
        // contractions and the packet width order the sums differently).
        const Matrix A = test::lcgMatrix(64, 513, 14), B = test::lcgMatrix(513, 70, 15);
        Matrix builtC(64, 70), v4C(64, 70);
        const core::GemmKernel* built = core::gemmKernelOf(core::GemmLevel::Built);
        built->multiply({ builtC.data(), 64, 70, 64 }, { A.data(), 64, 513, 64, false },
            { B.data(), 513, 70, 513, false }, 1.0f, 0.0f);
        v4->multiply({ v4C.data(), 64, 70, 64 }, { A.data(), 64, 513, 64, false }, { B.data(), 513, 70, 513, false },
            1.0f, 0.0f);
        QVERIFY((builtC - v4C).cwiseAbs().maxCoeff() < 1e-4f);
    }

    // beta = 0 writes the first depth panel without zeroing C (gemm_kernel.cpp): the same bits as
    // the accumulating route on a zeroed C (beta = 1), in each kernel, for each transposition, on
    // shapes with remainder rows (the kernel's scalar and gathered paths), several depth panels and
    // several row and column blocks; C starts as NaN, inside a larger matrix whose border must stay.
    void betaZeroIsTheAccumulationOnZeros()
    {
        unsigned seed = 40;
        for (const auto level : { core::GemmLevel::Built, core::GemmLevel::X86_64_V4 }) {
            const core::GemmKernel* kernel = core::gemmKernelOf(level);
            if (!kernel)
                continue;
            for (const auto& [m, k, n] : { std::tuple<Index, Index, Index> { 3, 5, 17 }, { 2, 30, 2 }, { 37, 301, 45 },
                     { 48, 2000, 4 }, { 97, 64, 700 }, { 1103, 1500, 23 }, { 250, 700, 1300 } })
                for (int transposition = 0; transposition < 4; ++transposition) {
                    const bool ta = transposition & 1, tb = transposition & 2;
                    const Matrix A = ta ? test::lcgMatrix(k, m, ++seed) : test::lcgMatrix(m, k, ++seed);
                    const Matrix B = tb ? test::lcgMatrix(n, k, ++seed) : test::lcgMatrix(k, n, ++seed);
                    const auto product = [&](float fill, float beta) {
                        Matrix big = Matrix::Constant(m + 3, n + 2, fill);
                        big.block(1, 1, m, n).setConstant(beta == 0 ? std::nanf("") : 0.0f);
                        kernel->multiply({ big.data() + 1 + big.rows(), m, n, big.rows() },
                            { A.data(), A.rows(), A.cols(), A.rows(), ta },
                            { B.data(), B.rows(), B.cols(), B.rows(), tb }, 0.75f, beta);
                        return big;
                    };
                    const Matrix stored = product(7.0f, 0.0f), accumulated = product(7.0f, 1.0f);
                    QVERIFY2(sameBits(stored, accumulated),
                        qPrintable(QString("%1 x %2 x %3, transposition %4, level %5")
                                       .arg(m)
                                       .arg(k)
                                       .arg(n)
                                       .arg(transposition)
                                       .arg(static_cast<int>(level))));
                    QCOMPARE(stored.row(0).cwiseEqual(7.0f).count(), n + 2);
                }
        }
    }

    void betaZeroOverwrites()
    {
        const Matrix A = test::lcgMatrix(5, 4, 4), B = test::lcgMatrix(4, 300, 5);
        Matrix C = Matrix::Constant(5, 300, std::nanf(""));
        core::gemm(C, A, Transpose::No, B, Transpose::No);
        QVERIFY(C.allFinite());
        QVERIFY((C - A * B).cwiseAbs().maxCoeff() < 1e-5f);
    }

    void tilesCoverTheOutputOnTheKernelSteps()
    {
        for (int threads : { 1, 2, 3, 16 })
            for (Index rows : { 1, 47, 96, 97, 256, 2560, 100000 })
                for (Index cols : { 1, 31, 64, 65, 256, 1000, 100000 }) {
                    const core::GemmTiling tiling = core::gemmTiling(rows, cols, 256, threads);
                    QVERIFY(tiling.rows.count * tiling.cols.count <= threads);
                    for (const auto& [s, extent, step] :
                        { std::tuple(tiling.rows, rows, Index(48)), std::tuple(tiling.cols, cols, Index(32)) }) {
                        QVERIFY(s.count >= 1);
                        if (s.count == 1) {
                            QCOMPARE(s.size, extent);
                            continue;
                        }
                        // Every tile but the last starts and ends on the step; the last takes the rest.
                        QVERIFY(s.size % step == 0);
                        const Index last = extent - (s.count - 1) * s.size;
                        QVERIFY(last >= step && last < s.size + step);
                    }
                }
        // A small product stays whole; a 256 x 256 one on two threads is split in two.
        QCOMPARE(core::gemmTiling(64, 64, 64, 16).cols.count * core::gemmTiling(64, 64, 64, 16).rows.count, Index(1));
        const core::GemmTiling square = core::gemmTiling(256, 256, 1296, 2);
        QCOMPARE(square.rows.count * square.cols.count, Index(2));
    }

    // The grid follows the thread count, the bits must not: products of many shapes (remainders
    // on both sides, each transposition, depths below and above Eigen's depth block) on 1 to 16
    // threads, against the product on one thread.
    void sameBitsForEveryGrid()
    {
        unsigned seed = 20;
        for (Index rows : { 1, 49, 143, 500 })
            for (Index cols : { 1, 33, 100, 257 })
                for (Index depth : { 3, 100, 1296 })
                    for (int transposition = 0; transposition < 4; ++transposition) {
                        const bool ta = transposition & 1, tb = transposition & 2;
                        const Matrix A
                            = ta ? test::lcgMatrix(depth, rows, ++seed) : test::lcgMatrix(rows, depth, ++seed);
                        const Matrix B
                            = tb ? test::lcgMatrix(cols, depth, ++seed) : test::lcgMatrix(depth, cols, ++seed);
                        const Matrix start = test::lcgMatrix(rows, cols, ++seed);
                        const auto product = [&](int threads) {
                            Matrix C = start;
                            tbb::task_arena(threads).execute([&] {
                                core::gemm(C, A, ta ? Transpose::Yes : Transpose::No, B,
                                    tb ? Transpose::Yes : Transpose::No, 1.5f, 0.25f);
                            });
                            return C;
                        };
                        const Matrix one = product(1);
                        for (int threads : { 2, 3, 4, 7, 16 })
                            if (!sameBits(one, product(threads)))
                                QFAIL(qPrintable(QString("%1 x %2 x %3, transposition %4, %5 threads differ")
                                                     .arg(rows)
                                                     .arg(cols)
                                                     .arg(depth)
                                                     .arg(transposition)
                                                     .arg(threads)));
                    }
    }

    void sameBitsWithAnyThreadCount()
    {
        const Matrix A = test::lcgMatrix(96, 257, 6), B = test::lcgMatrix(257, 3001, 7);
        const auto product = [&](int threads) {
            Matrix C = test::lcgMatrix(96, 3001, 8);
            tbb::task_arena(threads).execute([&] { core::gemm(C, A, Transpose::No, B, Transpose::No, 1.0f, 0.25f); });
            return C;
        };
        const Matrix one = product(1);
        QVERIFY(sameBits(one, product(2)));
        QVERIFY(sameBits(one, product(3)));
        const Matrix At = A.transpose();
        Matrix C1(96, 3001), C2(96, 3001);
        tbb::task_arena(1).execute([&] { core::gemm(C1, At, Transpose::Yes, B, Transpose::No); });
        tbb::task_arena(2).execute([&] { core::gemm(C2, At, Transpose::Yes, B, Transpose::No); });
        QVERIFY(sameBits(C1, C2));
        // A tall output is split along its rows: the same holds there.
        const Matrix tall = test::lcgMatrix(3001, 257, 9);
        const auto tallProduct = [&](int threads) {
            Matrix C = test::lcgMatrix(3001, 96, 10);
            tbb::task_arena(threads).execute(
                [&] { core::gemm(C, tall, Transpose::No, A, Transpose::Yes, 1.0f, 0.5f); });
            return C;
        };
        const Matrix tallOne = tallProduct(1);
        QVERIFY(sameBits(tallOne, tallProduct(2)));
        QVERIFY(sameBits(tallOne, tallProduct(3)));
        QVERIFY(
            (tallOne - (tall * A.transpose() + 0.5f * test::lcgMatrix(3001, 96, 10))).cwiseAbs().maxCoeff() < 1e-4f);
    }
};

QTEST_GUILESS_MAIN(TestParallelGemm)
#include "tst_parallel_gemm.moc"
