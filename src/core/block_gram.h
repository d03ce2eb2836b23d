#pragma once
// The T x T Gramian of per-task blocks stacked in the rows of two matrices: A and B are (T n) x C,
// task s owning rows [s n, (s + 1) n) of every column, and
//   M(s, t) = sum over columns c and rows r < n of A(s n + r, c) B(t n + r, c),   t <= s.
// A Linear layer's Gramian is such a sum (core/linear.h): of its per-task weight gradients with
// themselves, or of the task deltas times the input kernel with the deltas.
//
// Each column holds every task's block contiguously, so a 3 x 3 tile of task pairs runs down the
// columns as fused multiply-adds of eight floats (one AVX2 register), nine accumulators and six
// operand vectors: the 16 registers of AVX2. Columns go in fixed groups (about 32k floats of A a
// group), each group's sums kept in float lanes and added in lane order, the groups in double in
// group order: the bits depend on neither the thread count nor the tiling. The upper triangle is
// left zero.
#include "core/tensor.h"

namespace mtw::core {

// Where each task's block of each column is: task s's n entries of column c start at
// data + s taskStride + c columnStride.
struct TaskBlocks {
    const Scalar* data;
    Index taskStride, columnStride;
    const Scalar* at(Index task, Index column) const { return data + task * taskStride + column * columnStride; }
    // The layout above: (T n) x C, the tasks' blocks stacked in each column.
    static TaskBlocks stacked(const Eigen::Ref<const Matrix>& M, Index tasks);
    // n x (T C), task t's C columns side by side from column t C (a layer's T deltas, as the
    // trunk's backward pass leaves them; the per-task products made from them).
    static TaskBlocks sideBySide(const Eigen::Ref<const Matrix>& M, Index columns);
};

Eigen::MatrixXd lowerBlockGram(const Eigen::Ref<const Matrix>& A, const Eigen::Ref<const Matrix>& B, Index tasks);
// The same sums for blocks of `rows` entries in `columns` columns in any layout: for a layout
// other than stacked, the same bits as the stacked copy of the same blocks.
Eigen::MatrixXd lowerBlockGram(const TaskBlocks& A, const TaskBlocks& B, Index tasks, Index rows, Index columns);

// The same sums for a T x n block of Jacobian rows (task t's entries in row t): M(s, t) = <row s,
// row t>, t <= s. The block is transposed (8 x 8 tiles in registers) into one column of T
// blocks of n, then summed as above; callers split J into fixed blocks of columns.
Eigen::MatrixXd lowerRowGram(const Eigen::Ref<const Matrix>& rows);

// G += M's lower triangle, mirrored: the Gramian's two triangles are the same sums, and one of
// them, computed once, keeps G exactly symmetric.
void addLowerMirrored(const Eigen::MatrixXd& M, Eigen::MatrixXd& G);

} // namespace mtw::core
