#include "core/parallel_gemm.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

namespace mtw::core {

Index gemmBlockWidth(Index columns)
{
    // About 16 blocks, each a multiple of 8 columns and at least 32 wide, so the inner GEMMs stay efficient.
    const Index width = ((columns + 15) / 16 + 7) / 8 * 8;
    return std::max<Index>(32, width);
}

void gemm(Eigen::Ref<Matrix> C, const Eigen::Ref<const Matrix>& A, Transpose transposeA,
    const Eigen::Ref<const Matrix>& B, Transpose transposeB, Scalar alpha, Scalar beta)
{
    const Index columns = C.cols();
    const Index width = gemmBlockWidth(columns);
    const Index blocks = (columns + width - 1) / width;
    auto block = [&](Index b) {
        const Index start = b * width;
        const Index count = std::min(width, columns - start);
        auto out = C.middleCols(start, count);
        if (beta == 0)
            out.setZero();
        else if (beta != 1)
            out *= beta;
        if (transposeA == Transpose::No && transposeB == Transpose::No)
            out.noalias() += alpha * A * B.middleCols(start, count);
        else if (transposeA == Transpose::Yes && transposeB == Transpose::No)
            out.noalias() += alpha * A.transpose() * B.middleCols(start, count);
        else if (transposeA == Transpose::No && transposeB == Transpose::Yes)
            out.noalias() += alpha * A * B.middleRows(start, count).transpose();
        else
            out.noalias() += alpha * A.transpose() * B.middleRows(start, count).transpose();
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
