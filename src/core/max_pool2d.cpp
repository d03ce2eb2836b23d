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

namespace {

// Pixels half * lanes .. half * lanes + lanes - 1 of the 2 lanes pixels of a window row, from
// the windows' left and right pixels held in lane order: pixel 2o is left's window o, 2o + 1
// right's.
template <int lanes, int half>
pooling::Vector<lanes> interleaved(pooling::Vector<lanes> left, pooling::Vector<lanes> right)
{
    return [&]<int... k>(std::integer_sequence<int, k...>)
    {
        return __builtin_shufflevector(
            left, right, (((half * lanes + k) % 2) * lanes + pooling::laneOutput<lanes>((half * lanes + k) / 2))...);
    }
    (std::make_integer_sequence<int, lanes> {});
}

// The gradient of `lanes` 2 x 2 windows for one delta column: each window's winner gets 0 + dy
// and its other pixels 0, as the general path's `dX(at) += dy` on zeros gives (-0 included).
template <int lanes>
void unpoolHalving(const typename pooling::Lanes<lanes>::Int& winner, const Scalar* dy, Scalar* top, Index W)
{
    using pooling::store;
    using Int = typename pooling::Lanes<lanes>::Int;
    const pooling::Vector<lanes> gradient = Scalar(0) + pooling::reordered<lanes>(pooling::load<lanes>(dy)), zero {};
    const auto at = [&](int k) { return winner == Int {} + k ? gradient : zero; };
    if constexpr (lanes == 1) {
        top[0] = at(0);
        top[1] = at(1);
        top[W] = at(2);
        top[W + 1] = at(3);
    } else {
        store<lanes>(top, interleaved<lanes, 0>(at(0), at(1)));
        store<lanes>(top + lanes, interleaved<lanes, 1>(at(0), at(1)));
        store<lanes>(top + W, interleaved<lanes, 0>(at(2), at(3)));
        store<lanes>(top + W + lanes, interleaved<lanes, 1>(at(2), at(3)));
    }
}

} // namespace

void MaxPool2d::backwardHalving(const Scalar* image, const Matrix& dY, Index b, Index batch, Matrix& dX) const
{
    const Index H = m_input.height, W = m_input.width;
    if (H % 2 != 0 || W % 2 != 0) // an odd last row or column is in no window: no gradient
        for (Index j = b; j < dY.cols(); j += batch)
            dX.col(j).setZero();
    for (Index c = 0; c < m_input.channels; ++c)
        for (Index oy = 0; oy < m_outHeight; ++oy)
            pooling::forRowVectors(m_outWidth, [&](auto lanes, Index ox) {
                const Index window = (c * H + 2 * oy) * W + 2 * ox;
                const Index out = (c * m_outHeight + oy) * m_outWidth + ox;
                const auto winner = pooling::windowMaxima<lanes>(pooling::ChannelPixels { image }, window, W).winner;
                for (Index j = b; j < dY.cols(); j += batch)
                    unpoolHalving<lanes>(winner, dY.col(j).data() + out, dX.col(j).data() + window, W);
            });
}

void MaxPool2d::backwardInput(const Scalar*, const Matrix& X, const Matrix&, const Matrix& dY, Matrix& dX) const
{
    // dY may stack k tasks' deltas for the same X: column j belongs to sample j mod B.
    const Index batch = X.cols();
    dX.resize(inputSize(), dY.cols());
    tbb::parallel_for(Index(0), batch, [&](Index b) {
        const Scalar* image = X.col(b).data();
        if (halving()) {
            backwardHalving(image, dY, b, batch, dX);
            return;
        }
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
