// core::lowerBlockGram, the task-pair sums behind every Linear layer's Gramian: against a double
// sum for task counts that fill the 3 x 3 tiles and that leave them partial, block heights below,
// at and past the eight-float vector (a tail of zeros), and columns in one group or many; the
// upper triangle left zero; the bits the same on 1, 2 and 5 threads, and with the blocks side by
// side instead of stacked. The same sums over rows of
// a Jacobian block (lowerRowGram, its register transpose) and their mirrored sum into G.
#include "core/block_gram.h"

#include <tbb/task_arena.h> // before Qt, whose `emit` macro breaks TBB's headers

#include "common/compare.h"
#include "common/lcg_matrix.h"

#include <QTest>

using namespace mtw;
using core::Index;
using core::Matrix;

class TestBlockGram : public QObject {
    Q_OBJECT
private slots:
    void matchesDoubleSums_data()
    {
        QTest::addColumn<int>("tasks");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("columns");
        QTest::newRow("one-task") << 1 << 8 << 3;
        QTest::newRow("two-tasks-partial-tile") << 2 << 13 << 5;
        QTest::newRow("one-full-tile") << 3 << 16 << 7;
        QTest::newRow("tiles-and-a-partial-one") << 7 << 5 << 40;
        QTest::newRow("ten-tasks-one-row") << 10 << 1 << 33;
        QTest::newRow("ten-tasks-many-groups") << 10 << 256 << 50;
        QTest::newRow("forty-tasks-tail") << 40 << 19 << 90;
    }
    void matchesDoubleSums()
    {
        QFETCH(int, tasks);
        QFETCH(int, rows);
        QFETCH(int, columns);
        const Matrix A = test::lcgMatrix(tasks * rows, columns, 1), B = test::lcgMatrix(tasks * rows, columns, 2);
        Eigen::MatrixXd expected = Eigen::MatrixXd::Zero(tasks, tasks);
        for (Index s = 0; s < tasks; ++s)
            for (Index t = 0; t <= s; ++t)
                expected(s, t) = (A.middleRows(s * rows, rows).cast<double>().array()
                    * B.middleRows(t * rows, rows).cast<double>().array())
                                     .sum();
        std::vector<Eigen::MatrixXd> byThreads;
        for (int threads : { 1, 2, 5 })
            tbb::task_arena(threads).execute([&] { byThreads.push_back(core::lowerBlockGram(A, B, tasks)); });
        MTW_COMPARE_VECTORS(byThreads[0], expected, 1e-5, 1e-5);
        QVERIFY(byThreads[0].triangularView<Eigen::StrictlyUpper>().toDenseMatrix().isZero(0));
        QVERIFY(byThreads[0] == byThreads[1]);
        QVERIFY(byThreads[0] == byThreads[2]);
        // The same blocks side by side (task t's columns from t C, the layout the trunk's deltas
        // come in) inside a taller matrix: the same bits as stacked.
        Matrix sideA = Matrix::Constant(rows + 3, tasks * columns, 7.0f), sideB = sideA;
        for (Index t = 0; t < tasks; ++t) {
            sideA.block(0, t * columns, rows, columns) = A.middleRows(t * rows, rows);
            sideB.block(0, t * columns, rows, columns) = B.middleRows(t * rows, rows);
        }
        tbb::task_arena(2).execute([&] {
            QVERIFY(core::lowerBlockGram(core::TaskBlocks::sideBySide(sideA, columns),
                        core::TaskBlocks::sideBySide(sideB, columns), tasks, rows, columns)
                == byThreads[0]);
        });
    }

    // Jacobian rows, task t's entries in row t of a T x n block inside a taller matrix (its leading
    // dimension): task counts below, at and past the 8 x 8 register transpose, columns likewise.
    void rowGramMatchesDoubleSums_data()
    {
        QTest::addColumn<int>("tasks");
        QTest::addColumn<int>("columns");
        QTest::newRow("one-task") << 1 << 9;
        QTest::newRow("three-tasks-one-column") << 3 << 1;
        QTest::newRow("eight-tasks-whole-tiles") << 8 << 64;
        QTest::newRow("ten-tasks-partial-tiles") << 10 << 29;
        QTest::newRow("seventeen-tasks-wide") << 17 << 2048;
    }
    void rowGramMatchesDoubleSums()
    {
        QFETCH(int, tasks);
        QFETCH(int, columns);
        const Matrix tall = test::lcgMatrix(tasks + 5, columns + 2, 3);
        const Eigen::Ref<const Matrix> rows = tall.block(2, 1, tasks, columns);
        const Eigen::MatrixXd expected = rows.cast<double>() * rows.cast<double>().transpose();
        const Eigen::MatrixXd M = core::lowerRowGram(rows);
        const Eigen::MatrixXd lower = expected.triangularView<Eigen::Lower>();
        MTW_COMPARE_VECTORS(M, lower, 1e-5, 1e-5);
        Eigen::MatrixXd G = Eigen::MatrixXd::Constant(tasks, tasks, 1.0);
        core::addLowerMirrored(M, G);
        MTW_COMPARE_VECTORS(G, (expected.array() + 1.0).matrix(), 1e-5, 1e-5);
        QVERIFY(G == G.transpose());
    }
};

QTEST_GUILESS_MAIN(TestBlockGram)
#include "tst_block_gram.moc"
