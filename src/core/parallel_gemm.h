#pragma once
// Matrix products split over TBB tasks along the output's longer side (columns, or rows when it
// has more rows than columns), in blocks whose size depends only on the matrix shape, never on
// the thread count: each output entry is computed by exactly
// one Eigen GEMM of the same shape whatever the number of threads, so results are bit-identical
// with 1 or N threads (Eigen's own blocking depends only on the shapes it is given).
#include "core/tensor.h"

namespace mtw::core {

enum class Transpose { No, Yes };

// C = alpha * op(A) * op(B) + beta * C, split over the threads. Every product runs the kernel that
// core/gemm_dispatch.h chose (AVX-512 where the CPU has it).
void gemm(Eigen::Ref<Matrix> C, const Eigen::Ref<const Matrix>& A, Transpose transposeA,
    const Eigen::Ref<const Matrix>& B, Transpose transposeB, Scalar alpha = 1, Scalar beta = 0);

// The same product on the calling thread: products inside a parallel loop of their own (a
// convolution's per-sample products, Gramian blocks).
void gemmSerial(Eigen::Ref<Matrix> C, const Eigen::Ref<const Matrix>& A, Transpose transposeA,
    const Eigen::Ref<const Matrix>& B, Transpose transposeB, Scalar alpha = 1, Scalar beta = 0);

// The column block width used for an output with this many columns (and no more rows than columns).
Index gemmBlockWidth(Index columns);
// The row block height used for an output with this many rows (and fewer columns).
Index gemmBlockHeight(Index rows);

} // namespace mtw::core
