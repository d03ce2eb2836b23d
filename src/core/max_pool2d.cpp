#include "core/max_pool2d.h"

#include <tbb/parallel_for.h>

#include <stdexcept>

namespace mtw::core {

MaxPool2d::MaxPool2d(ImageShape input, Index kernel, Index stride)
    : m_input(input)
    , m_kernel(kernel)
    , m_stride(stride == 0 ? kernel : stride)
{
    if (kernel < 1 || m_stride < 1 || kernel > input.height || kernel > input.width)
        throw std::invalid_argument("MaxPool2d: kernel must be in [1, input size] and stride >= 1");
    m_outHeight = (input.height - kernel) / m_stride + 1;
    m_outWidth = (input.width - kernel) / m_stride + 1;
}

Index MaxPool2d::argmax(const Scalar* image, Index c, Index oy, Index ox) const
{
    const Index H = m_input.height, W = m_input.width;
    Index best = (c * H + oy * m_stride) * W + ox * m_stride;
    for (Index ky = 0; ky < m_kernel; ++ky)
        for (Index kx = 0; kx < m_kernel; ++kx) {
            const Index at = (c * H + oy * m_stride + ky) * W + ox * m_stride + kx;
            if (image[at] > image[best])
                best = at;
        }
    return best;
}

namespace {

// One row of outputs: out[ox] = the maximum of window ox, whose top-left pixel is window[ox *
// stride] in an image of width W. Each output meets its window's pixels in MaxPool2d::argmax's
// order with the same comparison (value > best), so it keeps the first of equal values and a
// leading NaN alike: out[ox] is image[argmax(...)] exactly. The compile-time form (kernel 2,
// stride 2: the LeNets) lets the compiler vectorize the strided loads.
template <Index kKernel, Index kStride> void poolRowFixed(const Scalar* window, Index W, Index outWidth, Scalar* out)
{
    for (Index ox = 0; ox < outWidth; ++ox) {
        Scalar best = window[ox * kStride];
        for (Index ky = 0; ky < kKernel; ++ky)
            for (Index kx = ky == 0 ? 1 : 0; kx < kKernel; ++kx) {
                const Scalar value = window[ky * W + ox * kStride + kx];
                best = value > best ? value : best;
            }
        out[ox] = best;
    }
}

void poolRow(const Scalar* window, Index W, Index outWidth, Index kernel, Index stride, Scalar* out)
{
    for (Index ox = 0; ox < outWidth; ++ox)
        out[ox] = window[ox * stride];
    for (Index ky = 0; ky < kernel; ++ky)
        for (Index kx = ky == 0 ? 1 : 0; kx < kernel; ++kx) {
            const Scalar* pixels = window + ky * W + kx;
            for (Index ox = 0; ox < outWidth; ++ox) {
                const Scalar value = pixels[ox * stride];
                out[ox] = value > out[ox] ? value : out[ox];
            }
        }
}

} // namespace

void MaxPool2d::forward(const Scalar*, const Matrix& X, Matrix& Y) const
{
    const Index H = m_input.height, W = m_input.width;
    const bool halving = m_kernel == 2 && m_stride == 2;
    Y.resize(outputSize(), X.cols());
    tbb::parallel_for(Index(0), X.cols(), [&](Index b) {
        const Scalar* image = X.col(b).data();
        Scalar* out = Y.col(b).data();
        for (Index c = 0; c < m_input.channels; ++c)
            for (Index oy = 0; oy < m_outHeight; ++oy, out += m_outWidth) {
                const Scalar* window = image + (c * H + oy * m_stride) * W;
                if (halving)
                    poolRowFixed<2, 2>(window, W, m_outWidth, out);
                else
                    poolRow(window, W, m_outWidth, m_kernel, m_stride, out);
            }
    });
}

void MaxPool2d::backwardInput(const Scalar*, const Matrix& X, const Matrix&, const Matrix& dY, Matrix& dX) const
{
    // dY may stack k tasks' deltas for the same X: column j belongs to sample j mod B.
    const Index batch = X.cols();
    dX.resize(inputSize(), dY.cols());
    tbb::parallel_for(Index(0), batch, [&](Index b) {
        const Scalar* image = X.col(b).data();
        for (Index j = b; j < dY.cols(); j += batch)
            dX.col(j).setZero(); // per sample: in cache, and on every thread
        Index out = 0;
        for (Index c = 0; c < m_input.channels; ++c)
            for (Index oy = 0; oy < m_outHeight; ++oy)
                for (Index ox = 0; ox < m_outWidth; ++ox, ++out) {
                    const Index at = argmax(image, c, oy, ox);
                    for (Index j = b; j < dY.cols(); j += batch)
                        dX(at, j) += dY(out, j);
                }
    });
}

} // namespace mtw::core
