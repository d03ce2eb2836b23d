#include "core/conv2d.h"

#include "core/fixed_groups.h"
#include "core/gemm_dispatch.h"
#include "core/parallel_gemm.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace mtw::core {

namespace {
// Samples per parallel task of the input gradients: fixed, as every split (see fixed_groups.h).
constexpr Index samplesPerTask = 8;
} // namespace

Conv2d::Conv2d(ImageShape input, Index filters, Index kernel, Index stride, Index padding)
    : m_input(input)
    , m_filters(filters)
    , m_kernel(kernel)
    , m_stride(stride)
    , m_padding(padding)
{
    if (filters < 1 || kernel < 1 || stride < 1 || padding < 0 || input.channels < 1)
        throw std::invalid_argument("Conv2d: filters, kernel and stride must be >= 1 and padding >= 0");
    const Index h = input.height + 2 * padding - kernel;
    const Index w = input.width + 2 * padding - kernel;
    if (h < 0 || w < 0)
        throw std::invalid_argument("Conv2d: kernel larger than the padded input");
    m_outHeight = h / stride + 1;
    m_outWidth = w / stride + 1;
}

void Conv2d::initialize(Scalar* params, Rng& rng) const
{
    const double bound = 1.0 / std::sqrt(static_cast<double>(patchSize()));
    for (Index i = 0; i < parameterCount(); ++i)
        params[i] = static_cast<Scalar>(rng.uniform(-bound, bound));
}

std::pair<Index, Index> Conv2d::insideColumns(Index kx) const
{
    // x = ox s + kx - p must lie in [0, W): ox >= (p - kx) / s rounded up, ox <= (W - 1 + p - kx) / s.
    const Index low = m_padding - kx, high = m_input.width - 1 + m_padding - kx;
    const Index first = low <= 0 ? 0 : (low + m_stride - 1) / m_stride;
    const Index last = high < 0 ? 0 : std::min(m_outWidth, high / m_stride + 1);
    return { std::min(first, last), last };
}

void Conv2d::rows2im(const Scalar* rows, Scalar* image) const
{
    const Index H = m_input.height, W = m_input.width, k = m_kernel, Wo = m_outWidth, P = positions();
    for (Index c = 0; c < m_input.channels; ++c)
        for (Index ky = 0; ky < k; ++ky)
            for (Index kx = 0; kx < k; ++kx) {
                const Scalar* column = rows + ((c * k + ky) * k + kx) * P;
                for (Index oy = 0; oy < m_outHeight; ++oy) {
                    const Index y = oy * m_stride + ky - m_padding;
                    if (y < 0 || y >= H)
                        continue;
                    const Scalar* in = column + oy * Wo;
                    Scalar* line = image + (c * H + y) * W + kx - m_padding;
                    const auto [first, last] = insideColumns(kx);
                    if (m_stride == 1)
                        VectorMap(line + first, last - first) += ConstVectorMap(in + first, last - first);
                    else
                        for (Index ox = first; ox < last; ++ox)
                            line[ox * m_stride] += in[ox];
                }
            }
}

ConvolutionShape Conv2d::convolutionShape() const
{
    return { m_input.channels, m_input.height, m_input.width, m_filters, m_kernel, m_stride, m_padding, m_outHeight,
        m_outWidth };
}

void Conv2d::forward(const Scalar* params, const Matrix& X, Matrix& Y) const
{
    // Directly, 16 samples to a vector (core/convolution_kernel.h): no im2col and no packing, twice
    // the per-sample GEMMs' speed on the LeNet's layers.
    const ConvolutionShape shape = convolutionShape();
    const ConvolutionKernel& kernel = activeConvolutionKernel();
    Y.resize(outputSize(), X.cols());
    forFixedGroups(X.cols(), convolutionLanes, [&](Index, Index begin, Index end) {
        kernel.forward(shape, params, params + patchSize() * m_filters, X.col(begin).data(), X.rows(), end - begin,
            Y.col(begin).data(), Y.rows());
    });
}

void Conv2d::backwardInput(const Scalar* params, const Matrix&, const Matrix&, const Matrix& dY, Matrix& dX) const
{
    if (m_stride == 1 && m_padding < m_kernel) {
        // With stride 1, dX is the forward convolution of dY, zero-padded by k - 1 - p, with the
        // filters' channels and filters swapped and their taps flipped: dX(c, y, x) = sum over
        // (f, ky, kx) of W(f, c, k-1-ky, k-1-kx) dY(f, y + ky - (k-1-p), x + kx - (k-1-p)). The
        // direct kernel runs it on 16 samples at a time and skips the kernel rows on the border;
        // the per-sample GEMMs and col2im below took 1.7x as long on the LeNet's second layer.
        const Index k = m_kernel, C = m_input.channels, F = m_filters, taps = k * k;
        thread_local std::vector<Scalar> swappedBuffer; // the calling thread's, kept across steps
        std::vector<Scalar>& swapped = swappedBuffer; // (inside the loop below the name is a worker's)
        swapped.assign(static_cast<std::size_t>(C * F * taps + C), Scalar(0)); // biases 0
        for (Index f = 0; f < F; ++f)
            for (Index c = 0; c < C; ++c)
                for (Index t = 0; t < taps; ++t)
                    swapped[static_cast<std::size_t>((c * F + f) * taps + t)]
                        = params[(f * C + c) * taps + taps - 1 - t];
        const ConvolutionShape shape { F, m_outHeight, m_outWidth, C, k, 1, k - 1 - m_padding, m_input.height,
            m_input.width };
        const ConvolutionKernel& kernel = activeConvolutionKernel();
        dX.resize(inputSize(), dY.cols());
        forFixedGroups(dY.cols(), convolutionLanes, [&](Index, Index begin, Index end) {
            kernel.forward(shape, swapped.data(), swapped.data() + C * F * taps, dY.col(begin).data(), dY.rows(),
                end - begin, dX.col(begin).data(), dX.rows());
        });
        return;
    }
    const Index P = positions();
    ConstMatrixMap Wt(params, patchSize(), m_filters);
    dX.resize(inputSize(), dY.cols());
    forFixedGroups(dY.cols(), samplesPerTask, [&](Index, Index begin, Index end) {
        Matrix rows(P, patchSize());
        for (Index j = begin; j < end; ++j) {
            gemmSerial(rows, ConstMatrixMap(dY.col(j).data(), P, m_filters), Transpose::No, Wt, Transpose::Yes);
            dX.col(j).setZero(); // here rather than before the loop: in cache, and on every thread
            rows2im(rows.data(), dX.col(j).data());
        }
    });
}

Matrix Conv2d::weightGradients(const Matrix& X, const Matrix& dYstack, Index tasks) const
{
    // Directly, 16 samples to a vector (core/convolution_kernel.h), one kernel call per group and
    // task; the groups' partial sums are added in group order.
    const Index batch = X.cols();
    const ConvolutionShape shape = convolutionShape();
    const ConvolutionKernel& kernel = activeConvolutionKernel();
    return sumOverFixedGroups(
        batch, convolutionLanes, Matrix(Matrix::Zero(parameterCount(), tasks)), [&](Index begin, Index end) {
            Matrix partial(parameterCount(), tasks);
            for (Index t = 0; t < tasks; ++t)
                kernel.weightGradient(shape, X.col(begin).data(), X.rows(), dYstack.col(t * batch + begin).data(),
                    dYstack.rows(), end - begin, partial.col(t).data());
            return partial;
        });
}

void Conv2d::parameterGradient(const Scalar*, const Matrix& X, const Matrix& dY, Scalar* dParams) const
{
    VectorMap(dParams, parameterCount()) = weightGradients(X, dY, 1).col(0);
}

void Conv2d::jacobianRows(const Scalar*, const Matrix& X, const Matrix& dYstack, Index tasks, Scalar* J, Index ld) const
{
    const Matrix sums = weightGradients(X, dYstack, tasks);
    for (Index t = 0; t < tasks; ++t)
        for (Index i = 0; i < parameterCount(); ++i)
            J[t + i * ld] = sums(i, t);
}

void Conv2d::filterRange(Index filter, std::vector<Index>& indices) const
{
    indices.clear();
    for (Index j = 0; j < patchSize(); ++j)
        indices.push_back(filter * patchSize() + j);
    indices.push_back(patchSize() * m_filters + filter);
}

} // namespace mtw::core
