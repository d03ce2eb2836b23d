#include "core/gemm_kernel.h"

#include <Eigen/Core>

#ifndef MTW_GEMM_KERNEL
#define MTW_GEMM_KERNEL gemmKernelBuilt
#endif

namespace {

using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic>;
using Stride = Eigen::OuterStride<>;
using OutputMap = Eigen::Map<Matrix, Eigen::Unaligned, Stride>;
using InputMap = Eigen::Map<const Matrix, Eigen::Unaligned, Stride>;

void multiply(const mtw::core::GemmOutput& c, const mtw::core::GemmInput& a, const mtw::core::GemmInput& b, float alpha,
    float beta)
{
    OutputMap C(c.data, c.rows, c.cols, Stride(c.stride));
    const InputMap A(a.data, a.rows, a.cols, Stride(a.stride));
    const InputMap B(b.data, b.rows, b.cols, Stride(b.stride));
    if (beta == 0)
        C.setZero();
    else if (beta != 1)
        C *= beta;
    if (!a.transposed && !b.transposed)
        C.noalias() += alpha * A * B;
    else if (a.transposed && !b.transposed)
        C.noalias() += alpha * A.transpose() * B;
    else if (!a.transposed && b.transposed)
        C.noalias() += alpha * A * B.transpose();
    else
        C.noalias() += alpha * A.transpose() * B.transpose();
}

const char* instructionSets()
{
#if defined(EIGEN_VECTORIZE_AVX512)
    static_assert(Eigen::internal::packet_traits<float>::size == 16);
    return "AVX-512 + FMA, 16 floats per packet";
#elif defined(EIGEN_VECTORIZE_AVX2) && defined(EIGEN_VECTORIZE_FMA)
    static_assert(Eigen::internal::packet_traits<float>::size == 8);
    return "AVX2 + FMA, 8 floats per packet";
#elif defined(EIGEN_VECTORIZE_AVX)
    return "AVX, 8 floats per packet";
#elif defined(EIGEN_VECTORIZE_SSE2)
    return "SSE2, 4 floats per packet";
#else
    return "scalar, 1 float per packet";
#endif
}

} // namespace

mtw::core::GemmKernel mtw::core::MTW_GEMM_KERNEL()
{
    return { multiply, instructionSets };
}
