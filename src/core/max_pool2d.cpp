#include "core/max_pool2d.h"

#include "core/fixed_groups.h"
#include "core/pool_channel.h"

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

void MaxPool2d::poolSample(const Scalar* image, Scalar* out) const
{
    const Index inChannel = m_input.height * m_input.width, outChannel = m_outHeight * m_outWidth;
    for (Index c = 0; c < m_input.channels; ++c)
        poolChannelOf(pooling::ChannelPixels { image + c * inChannel }, out + c * outChannel);
}

void MaxPool2d::forward(const Scalar*, const Matrix& X, Matrix& Y) const
{
    Y.resize(outputSize(), X.cols());
    forColumnBlocks(X.rows(), X.cols(), [&](Index begin, Index count) {
        for (Index b = begin; b < begin + count; ++b)
            poolSample(X.col(b).data(), Y.col(b).data());
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
