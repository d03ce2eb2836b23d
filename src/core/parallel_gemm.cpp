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

namespace {
GemmOutput outputView(Eigen::Ref<Matrix>& C)
{
    return { C.data(), C.rows(), C.cols(), C.outerStride() };
}
GemmInput inputView(const Eigen::Ref<const Matrix>& A, Transpose transpose)
{
    return { A.data(), A.rows(), A.cols(), A.outerStride(), transpose == Transpose::Yes };
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
    const Index columns = C.cols();
    const Index width = gemmBlockWidth(columns);
    const Index blocks = (columns + width - 1) / width;
    const GemmKernel& kernel = activeGemmKernel();
    const GemmInput a = inputView(A, transposeA);
    auto block = [&](Index b) {
        const Index start = b * width;
        const Index count = std::min(width, columns - start);
        // Block b of C's columns takes the same columns of op(B): B's columns, or B^T's (B's rows).
        const float* columnsOfB = B.data() + (transposeB == Transpose::No ? start * B.outerStride() : start);
        const GemmInput blockOfB { columnsOfB, transposeB == Transpose::No ? B.rows() : count,
            transposeB == Transpose::No ? count : B.cols(), B.outerStride(), transposeB == Transpose::Yes };
        kernel.multiply(
            { C.data() + start * C.outerStride(), C.rows(), count, C.outerStride() }, a, blockOfB, alpha, beta);
    };
    if (blocks == 1) {
        block(0);
        return;
    }
    tbb::parallel_for(tbb::blocked_range<Index>(0, blocks, 1), [&](const tbb::blocked_range<Index>& range) {
        for (Index b = range.begin(); b != range.end(); ++b)
            block(b);
    });
}

} // namespace mtw::core
