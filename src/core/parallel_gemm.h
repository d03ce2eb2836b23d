#pragma once
// Matrix products split over TBB tasks into a grid of output tiles, one tile per thread of the
// calling arena at most, shaped so that each tile packs as little of the operands as possible.
// Results are bit-identical with 1 or N threads although the grid follows the thread count:
// every tile starts on a multiple of 48 rows (the row panel of Eigen's AVX-512 kernel, twice the
// AVX2 one's 24) and of 32 columns (a multiple of every kernel's 4-column panel), so each entry
// goes through the same register kernel, and Eigen's depth blocking depends only on the depth and
// the L1 size, so each entry sums the same depth panels in the same order. A tile is never
// narrower than those steps (the last one takes the rest), which keeps it off Eigen's
// coefficient-based and matrix-vector paths unless the whole product takes them too.
// tst_parallel_gemm checks the bits against the undivided product for 1 to 16 threads.
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

// Tiles of `size` along one side of the output, the last one taking the rest (size to size + step - 1).
struct GemmSplit {
    Index size = 0, count = 1;
};
// The grid core::gemm uses for a rows x cols output with this depth on `threads` threads.
struct GemmTiling {
    GemmSplit rows, cols;
};
GemmTiling gemmTiling(Index rows, Index cols, Index depth, int threads);

} // namespace mtw::core
