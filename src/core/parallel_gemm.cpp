#include "core/parallel_gemm.h"

#include "core/gemm_dispatch.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>

namespace mtw::core {

namespace {

constexpr Index rowStep = 48, columnStep = 32;
// Below this many FLOPs per tile the task switch costs more than the split gains.
constexpr double minimumTileFlops = 1e6;
// Packing one operand entry costs about as much time as this many FLOPs (measured on 1024^2
// products split 1 x 16 and 4 x 4: the packed operand no longer fits in L2).
constexpr double packCostInFlops = 32;

GemmSplit split(Index extent, Index parts, Index step)
{
    if (parts <= 1 || extent < 2 * step)
        return { extent, 1 };
    const Index size = ((extent + parts - 1) / parts + step - 1) / step * step;
    Index count = (extent + size - 1) / size;
    if (count > 1 && extent - (count - 1) * size < step)
        --count; // a last tile narrower than the step joins the previous one
    return { size, count };
}

// [start, start + count) of tile `index` along a split side.
std::pair<Index, Index> tileRange(const GemmSplit& s, Index extent, Index index)
{
    const Index start = index * s.size;
    return { start, index + 1 == s.count ? extent - start : s.size };
}

// The widest tile of a split: the others, or the last, which takes the rest (more or less than them).
Index largest(const GemmSplit& s, Index extent)
{
    return std::max(s.size, tileRange(s, extent, s.count - 1).second);
}

GemmOutput outputView(Eigen::Ref<Matrix>& C)
{
    return { C.data(), C.rows(), C.cols(), C.outerStride() };
}
GemmInput inputView(const Eigen::Ref<const Matrix>& A, Transpose transpose)
{
    return { A.data(), A.rows(), A.cols(), A.outerStride(), transpose == Transpose::Yes };
}
// Rows [start, start + count) of op(X): rows of X, or columns of X when transposed.
GemmInput operandRows(const GemmInput& x, Index start, Index count)
{
    if (!x.transposed)
        return { x.data + start, count, x.cols, x.stride, false };
    return { x.data + start * x.stride, x.rows, count, x.stride, true };
}
// Columns [start, start + count) of op(X).
GemmInput operandColumns(const GemmInput& x, Index start, Index count)
{
    if (!x.transposed)
        return { x.data + start * x.stride, x.rows, count, x.stride, false };
    return { x.data + start, count, x.cols, x.stride, true };
}
} // namespace

GemmTiling gemmTiling(Index rows, Index cols, Index depth, int threads)
{
    const double flops = 2.0 * static_cast<double>(rows) * static_cast<double>(cols) * static_cast<double>(depth);
    const Index parts = std::clamp<Index>(static_cast<Index>(flops / minimumTileFlops), 1, std::max(threads, 1));
    GemmTiling best;
    double bestCost = -1;
    // Every grid of at most `parts` tiles; the cost of the slowest tile, its products plus the
    // operand rows and columns it packs. Ties keep the grid with fewer tiles (found first).
    for (Index rowParts = 1; rowParts <= parts; ++rowParts)
        for (Index colParts = 1; rowParts * colParts <= parts; ++colParts) {
            const GemmTiling tiling { split(rows, rowParts, rowStep), split(cols, colParts, columnStep) };
            const double h = static_cast<double>(largest(tiling.rows, rows));
            const double w = static_cast<double>(largest(tiling.cols, cols));
            const double cost = (2 * h * w + packCostInFlops * (h + w)) * static_cast<double>(depth);
            if (bestCost < 0 || cost < bestCost) {
                bestCost = cost;
                best = tiling;
            }
        }
    return best;
}

void gemmSerial(Eigen::Ref<Matrix> C, const Eigen::Ref<const Matrix>& A, Transpose transposeA,
    const Eigen::Ref<const Matrix>& B, Transpose transposeB, Scalar alpha, Scalar beta)
{
    activeGemmKernel().multiply(outputView(C), inputView(A, transposeA), inputView(B, transposeB), alpha, beta);
}

void gemm(Eigen::Ref<Matrix> C, const Eigen::Ref<const Matrix>& A, Transpose transposeA,
    const Eigen::Ref<const Matrix>& B, Transpose transposeB, Scalar alpha, Scalar beta)
{
    const GemmKernel& kernel = activeGemmKernel();
    const GemmInput a = inputView(A, transposeA), b = inputView(B, transposeB);
    const Index depth = transposeA == Transpose::Yes ? A.rows() : A.cols();
    const GemmTiling tiling = gemmTiling(C.rows(), C.cols(), depth, tbb::this_task_arena::max_concurrency());
    const Index tiles = tiling.rows.count * tiling.cols.count;
    if (tiles == 1) {
        kernel.multiply(outputView(C), a, b, alpha, beta);
        return;
    }
    tbb::parallel_for(tbb::blocked_range<Index>(0, tiles, 1), [&](const tbb::blocked_range<Index>& range) {
        for (Index index = range.begin(); index != range.end(); ++index) {
            const auto [row, height] = tileRange(tiling.rows, C.rows(), index % tiling.rows.count);
            const auto [col, width] = tileRange(tiling.cols, C.cols(), index / tiling.rows.count);
            kernel.multiply({ C.data() + row + col * C.outerStride(), height, width, C.outerStride() },
                operandRows(a, row, height), operandColumns(b, col, width), alpha, beta);
        }
    });
}

} // namespace mtw::core
