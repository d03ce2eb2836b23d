#include "core/parallel_gemm.h"

#include "core/gemm_dispatch.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

namespace mtw::core {

Index gemmBlockWidth(Index columns)
{
    // About 16 blocks, each a multiple of 8 columns and at least 32 wide, so the inner GEMMs stay efficient.
    const Index width = ((columns + 15) / 16 + 7) / 8 * 8;
    return std::max<Index>(32, width);
}

Index gemmBlockHeight(Index rows)
{
    // About 16 blocks of a multiple of 48 rows: the row panel of Eigen's AVX-512 and AVX2 kernels (48, 24).
    const Index height = ((rows + 15) / 16 + 47) / 48 * 48;
    return std::max<Index>(48, height);
}

namespace {
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

void gemmSerial(Eigen::Ref<Matrix> C, const Eigen::Ref<const Matrix>& A, Transpose transposeA,
    const Eigen::Ref<const Matrix>& B, Transpose transposeB, Scalar alpha, Scalar beta)
{
    activeGemmKernel().multiply(outputView(C), inputView(A, transposeA), inputView(B, transposeB), alpha, beta);
}

void gemm(Eigen::Ref<Matrix> C, const Eigen::Ref<const Matrix>& A, Transpose transposeA,
    const Eigen::Ref<const Matrix>& B, Transpose transposeB, Scalar alpha, Scalar beta)
{
    // Each block packs its own part of one operand and the whole other one, so the split goes along
    // C's longer side: the operand it cuts is the larger one (a T-task stack of deltas, T * out rows,
    // times a B x B kernel packs the kernel per block instead of the stack).
    const bool splitRows = C.rows() > C.cols();
    const Index extent = splitRows ? C.rows() : C.cols();
    const Index size = splitRows ? gemmBlockHeight(extent) : gemmBlockWidth(extent);
    const Index blocks = (extent + size - 1) / size;
    const GemmKernel& kernel = activeGemmKernel();
    const GemmInput a = inputView(A, transposeA), b = inputView(B, transposeB);
    auto block = [&](Index index) {
        const Index start = index * size;
        const Index count = std::min(size, extent - start);
        if (splitRows)
            kernel.multiply(
                { C.data() + start, count, C.cols(), C.outerStride() }, operandRows(a, start, count), b, alpha, beta);
        else
            kernel.multiply({ C.data() + start * C.outerStride(), C.rows(), count, C.outerStride() }, a,
                operandColumns(b, start, count), alpha, beta);
    };
    if (blocks == 1) {
        block(0);
        return;
    }
    tbb::parallel_for(tbb::blocked_range<Index>(0, blocks, 1), [&](const tbb::blocked_range<Index>& range) {
        for (Index index = range.begin(); index != range.end(); ++index)
            block(index);
    });
}

} // namespace mtw::core
