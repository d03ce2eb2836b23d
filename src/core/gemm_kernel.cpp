#include "core/gemm_kernel.h"

#include <Eigen/Core>

#include <algorithm>

#ifndef MTW_GEMM_KERNEL
#define MTW_GEMM_KERNEL gemmKernelBuilt
#endif

namespace {

namespace ei = Eigen::internal;
using Index = Eigen::Index;

// The result of a beta = 0 product's first depth panel: Eigen's kernel (gebp) computes C += alpha
// A_k B_k, loading C, so Eigen's C = A B first fills C with zeros, a pass over the output (5% of a
// Gramian step in memset). Through this mapper the kernel's loads of C are zeros and its stores go
// to C, so the first panel writes C = alpha A_0 B_0 without the zeros, with the same bits (0 + x).
class FirstPanelLinearMapper {
public:
    explicit FirstPanelLinearMapper(float* data)
        : m_data(data)
    {
    }
    void prefetch(int i) const { ei::prefetch(m_data + i); }
    template <typename Packet> Packet loadPacket(Index) const { return ei::pset1<Packet>(0.0f); }
    template <typename Packet> void storePacket(Index i, const Packet& p) const { ei::pstoreu(m_data + i, p); }

private:
    float* m_data;
};

// An entry of the first panel: the kernel's scalar `res(i, j) += v` for the last rows.
struct FirstPanelEntry {
    float* entry;
    void operator+=(float v) const { *entry = 0.0f + v; }
};

class FirstPanelMapper {
public:
    using LinearMapper = FirstPanelLinearMapper;
    FirstPanelMapper(float* data, Index stride)
        : m_data(data)
        , m_stride(stride)
    {
    }
    LinearMapper getLinearMapper(Index i, Index j) const { return LinearMapper(address(i, j)); }
    FirstPanelEntry operator()(Index i, Index j) const { return { address(i, j) }; }
    template <typename Packet> Packet gatherPacket(Index, Index) const { return ei::pset1<Packet>(0.0f); }
    template <typename Packet> void scatterPacket(Index i, Index j, const Packet& p) const
    {
        ei::pscatter<float, Packet>(address(i, j), p, m_stride);
    }

private:
    float* address(Index i, Index j) const { return m_data + i + j * m_stride; }
    float* m_data;
    Index m_stride;
};

// C = alpha op(A) op(B) as Eigen's sequential general_matrix_matrix_product::run computes C +=
// alpha op(A) op(B) on a zeroed C: the same blocking (kc, mc, nc for one thread), packing, kernel
// and order of the depth panels, so the same bits, but the first panel through FirstPanelMapper.
template <int LhsOrder, int RhsOrder>
void multiplyWithoutZeroing(const mtw::core::GemmOutput& c, const mtw::core::GemmInput& a,
    const mtw::core::GemmInput& b, Index depth, float alpha)
{
    using Traits = ei::gebp_traits<float, float>;
    using LhsMapper = ei::const_blas_data_mapper<float, Index, LhsOrder>;
    using RhsMapper = ei::const_blas_data_mapper<float, Index, RhsOrder>;
    using ResMapper = ei::blas_data_mapper<float, Index, Eigen::ColMajor, Eigen::Unaligned, 1>;
    const Index rows = c.rows, cols = c.cols;
    Index kc = depth, mc = rows, nc = cols;
    ei::computeProductBlockingSizes<float, float, 1>(kc, mc, nc, Index(1));
    mc = std::min(rows, mc);
    nc = std::min(cols, nc);
    const LhsMapper lhs(a.data, a.stride);
    const RhsMapper rhs(b.data, b.stride);
    const ResMapper res(c.data, c.stride);
    ei::gemm_pack_lhs<float, Index, LhsMapper, Traits::mr, Traits::LhsProgress, Traits::LhsPacket4Packing, LhsOrder>
        packLhs;
    ei::gemm_pack_rhs<float, Index, RhsMapper, Traits::nr, RhsOrder> packRhs;
    ei::gebp_kernel<float, float, Index, ResMapper, Traits::mr, Traits::nr, false, false> accumulate;
    ei::gebp_kernel<float, float, Index, FirstPanelMapper, Traits::mr, Traits::nr, false, false> store;
    namespace internal = Eigen::internal; // the name Eigen's stack-allocation macro uses
    ei_declare_aligned_stack_constructed_variable(float, blockA, static_cast<std::size_t>(kc * mc), nullptr);
    ei_declare_aligned_stack_constructed_variable(float, blockB, static_cast<std::size_t>(kc * nc), nullptr);
    const bool packRhsOnce = mc != rows && kc == depth && nc == cols;
    for (Index i2 = 0; i2 < rows; i2 += mc) {
        const Index height = std::min(i2 + mc, rows) - i2;
        for (Index k2 = 0; k2 < depth; k2 += kc) {
            const Index panel = std::min(k2 + kc, depth) - k2;
            packLhs(blockA, lhs.getSubMapper(i2, k2), panel, height);
            for (Index j2 = 0; j2 < cols; j2 += nc) {
                const Index width = std::min(j2 + nc, cols) - j2;
                if (!packRhsOnce || i2 == 0)
                    packRhs(blockB, rhs.getSubMapper(k2, j2), panel, width);
                if (k2 == 0)
                    store(FirstPanelMapper(&res(i2, j2), c.stride), blockA, blockB, height, panel, width, alpha);
                else
                    accumulate(res.getSubMapper(i2, j2), blockA, blockB, height, panel, width, alpha);
            }
        }
    }
}

using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic>;
using Stride = Eigen::OuterStride<>;
using OutputMap = Eigen::Map<Matrix, Eigen::Unaligned, Stride>;
using InputMap = Eigen::Map<const Matrix, Eigen::Unaligned, Stride>;

void multiply(const mtw::core::GemmOutput& c, const mtw::core::GemmInput& a, const mtw::core::GemmInput& b, float alpha,
    float beta)
{
    const Index depth = a.transposed ? a.rows : a.cols;
    // Eigen's own route for the shapes it does not send to gebp: a column or row of C (matrix-
    // vector products), tiny products (coefficient by coefficient) and empty depths.
    if (beta == 0 && c.rows > 1 && c.cols > 1 && depth > 0
        && c.rows + c.cols + depth >= EIGEN_GEMM_TO_COEFFBASED_THRESHOLD) {
        if (!a.transposed && !b.transposed)
            multiplyWithoutZeroing<Eigen::ColMajor, Eigen::ColMajor>(c, a, b, depth, alpha);
        else if (a.transposed && !b.transposed)
            multiplyWithoutZeroing<Eigen::RowMajor, Eigen::ColMajor>(c, a, b, depth, alpha);
        else if (!a.transposed && b.transposed)
            multiplyWithoutZeroing<Eigen::ColMajor, Eigen::RowMajor>(c, a, b, depth, alpha);
        else
            multiplyWithoutZeroing<Eigen::RowMajor, Eigen::RowMajor>(c, a, b, depth, alpha);
        return;
    }
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
