#pragma once
// The 2 x 2, stride-2 max-pool's vector code (MaxPool2d::halving()), for any source of pixels:
// MaxPool2d's passes on memory (core/pool_channel.h) and the factored landscape's pool of
// p0 + a p1 + b p2 (core/convolution_kernel.h, built for each level like the convolution).
//
// Pixels provides `Scalar at(Index i) const` and `template <int lanes> pooling::Vector<lanes>
// vectorAt(Index i) const` (pixels i .. i + lanes - 1 of the channel, row by row).
//
// The code is other instructions at each level it is built for, so each level's copy has names of
// its own (the inline namespace): neither may stand in for the other at link time.
#include "core/convolution_kernel.h"
#include "core/tensor.h"

#include <algorithm>
#include <type_traits>
#include <utility>

#if defined(__AVX512F__)
#define MTW_POOLING_LEVEL avx512
#elif defined(__AVX__)
#define MTW_POOLING_LEVEL avx
#else
#define MTW_POOLING_LEVEL sse
#endif

namespace mtw::core {
namespace pooling {
inline namespace MTW_POOLING_LEVEL {

// Vectors of 4 floats (SSE), with AVX of 8, with AVX-512 of 16: the widest that fits a row is
// used; 1 lane is plain scalars. Int: the lanes' comparison results and winners.
template <int lanes> struct Lanes;
template <> struct Lanes<1> {
    using Vector = Scalar;
    using Int = int;
};
template <> struct Lanes<4> {
    using Vector = Scalar __attribute__((vector_size(4 * sizeof(Scalar))));
    using Loose = Scalar __attribute__((vector_size(4 * sizeof(Scalar)), aligned(alignof(Scalar))));
    using Int = int __attribute__((vector_size(4 * sizeof(int))));
};
#if defined(__AVX__)
template <> struct Lanes<8> {
    using Vector = Scalar __attribute__((vector_size(8 * sizeof(Scalar))));
    using Loose = Scalar __attribute__((vector_size(8 * sizeof(Scalar)), aligned(alignof(Scalar))));
    using Int = int __attribute__((vector_size(8 * sizeof(int))));
};
#endif
#if defined(__AVX512F__)
constexpr int widestLanes = 16;
template <> struct Lanes<16> {
    using Vector = Scalar __attribute__((vector_size(16 * sizeof(Scalar))));
    using Loose = Scalar __attribute__((vector_size(16 * sizeof(Scalar)), aligned(alignof(Scalar))));
    using Int = int __attribute__((vector_size(16 * sizeof(int))));
};
#elif defined(__AVX__)
constexpr int widestLanes = 8;
#else
constexpr int widestLanes = 4;
#endif
template <int lanes> using Vector = typename Lanes<lanes>::Vector;

// Pixels i .. i + lanes - 1 from memory, and back.
template <int lanes> Vector<lanes> load(const Scalar* at)
{
    if constexpr (lanes == 1)
        return *at;
    else
        return *reinterpret_cast<const typename Lanes<lanes>::Loose*>(at);
}
template <int lanes> void store(Scalar* at, Vector<lanes> value)
{
    if constexpr (lanes == 1)
        *at = value;
    else
        *reinterpret_cast<typename Lanes<lanes>::Loose*>(at) = value;
}

// A channel in memory.
struct ChannelPixels {
    const Scalar* channel;
    Scalar at(Index i) const { return channel[i]; }
    template <int lanes> Vector<lanes> vectorAt(Index i) const { return load<lanes>(channel + i); }
};

// One row of outputs: out[ox] = the maximum of window ox, whose top-left pixel is pixel
// `window + ox * stride` in a channel of width W. Each output meets its window's pixels in
// MaxPool2d::argmax's order with the same comparison (value > best), so it keeps the first of
// equal values and a leading NaN alike: out[ox] is the pixel at argmax(...) exactly.
template <class Pixels>
void poolRow(const Pixels& pixels, Index window, Index W, Index outWidth, Index kernel, Index stride, Scalar* out)
{
    for (Index ox = 0; ox < outWidth; ++ox)
        out[ox] = pixels.at(window + ox * stride);
    for (Index ky = 0; ky < kernel; ++ky)
        for (Index kx = ky == 0 ? 1 : 0; kx < kernel; ++kx)
            for (Index ox = 0; ox < outWidth; ++ox) {
                const Scalar value = pixels.at(window + ky * W + kx + ox * stride);
                out[ox] = value > out[ox] ? value : out[ox];
            }
}

// The 2 x 2, stride-2 pools (the LeNets'), `lanes` windows at a time: the even and odd pixels of
// both window rows are split out of contiguous loads, and each lane meets its window's pixels in
// poolRow's order (left, right, lower left, lower right) with the same comparison, so the bits are
// poolRow's. With 8 lanes, lane i holds window laneOutput(i), the order of an in-lane shuffle
// (0, 1, 4, 5, 2, 3, 6, 7), so that the split needs no lane crossing; one permutation (the order
// is its own inverse) goes between lane and output order. With 16 (AVX-512, where any shuffle of
// two vectors is one instruction) and 4, the lanes are in output order.
template <int lanes> constexpr int laneOutput(int lane)
{
    return lanes == 8 && (lane & 6) != 0 && (lane & 6) != 6 ? lane ^ 6 : lane;
}

// Lane i: pixel at + 2 laneOutput(i) + offset.
template <int offset, int lanes, class Pixels, int... lane>
[[gnu::always_inline]] inline Vector<lanes> everyOther(
    const Pixels& pixels, Index at, std::integer_sequence<int, lane...>)
{
    const Vector<lanes> low = pixels.template vectorAt<lanes>(at), high = pixels.template vectorAt<lanes>(at + lanes);
    return __builtin_shufflevector(low, high, (2 * laneOutput<lanes>(lane) + offset)...);
}

// Between lane order and output order (either way).
template <int lanes> Vector<lanes> reordered(Vector<lanes> value)
{
    if constexpr (lanes == 1)
        return value;
    else
        return [&]<int... lane>(std::integer_sequence<int, lane...>)
        {
            return __builtin_shufflevector(value, value, laneOutput<lanes>(lane)...);
        }
    (std::make_integer_sequence<int, lanes> {});
}

// The maxima of `lanes` windows from pixel `window`, in lane order, and which pixel of each won:
// 0 left, 1 right, 2 lower left, 3 lower right (MaxPool2d::argmax's choice).
template <int lanes> struct WindowMaxima {
    Vector<lanes> best;
    typename Lanes<lanes>::Int winner;
};

// Always inlined: GCC left the 16-lane one a call, which passed its vectors through the stack.
template <int lanes, class Pixels>
[[gnu::always_inline]] inline WindowMaxima<lanes> windowMaxima(const Pixels& pixels, Index window, Index W)
{
    using Int = typename Lanes<lanes>::Int;
    const auto pixel = [&](Index at, auto offset) {
        if constexpr (lanes == 1)
            return pixels.at(at + offset);
        else
            return everyOther<offset, lanes>(pixels, at, std::make_integer_sequence<int, lanes> {});
    };
    const std::integral_constant<int, 0> left;
    const std::integral_constant<int, 1> right;
    WindowMaxima<lanes> maxima { pixel(window, left), Int {} };
    const Vector<lanes> others[] = { pixel(window, right), pixel(window + W, left), pixel(window + W, right) };
    for (int k = 0; k < 3; ++k) {
        const auto wins = others[k] > maxima.best;
        maxima.best = wins ? others[k] : maxima.best;
        maxima.winner = wins ? Int {} + (k + 1) : maxima.winner;
    }
    return maxima;
}

// body(lanes, ox) over a row of outWidth outputs, in vectors of the widest lanes that fit (16, 8,
// 4, or 1: scalars; as wide as the level has), lanes a std::integral_constant. The last vector
// ends at the row's end and may overlap the one before: bodies that write (not add) give the same
// values again.
template <class Body> void forRowVectors(Index outWidth, const Body& body)
{
    const auto run = [&](auto lanes) {
        for (Index ox = 0;; ox = std::min<Index>(ox + lanes, outWidth - lanes)) {
            body(lanes, ox);
            if (ox + lanes == outWidth)
                break;
        }
    };
    if (outWidth >= widestLanes)
        run(std::integral_constant<int, widestLanes> {});
    else if constexpr (widestLanes == 16) {
        if (outWidth >= 8)
            run(std::integral_constant<int, 8> {});
        else if (outWidth >= 4)
            run(std::integral_constant<int, 4> {});
        else
            run(std::integral_constant<int, 1> {});
    } else if (outWidth >= 4)
        run(std::integral_constant<int, 4> {});
    else
        run(std::integral_constant<int, 1> {});
}

// p0 + a p1 + b p2, each pixel as it is loaded (the factored landscape's first layer at a point of
// the plane); one expression for scalars and vectors alike, so the compiler contracts both alike.
struct CombinedPixels {
    const Scalar *p0, *p1, *p2;
    Scalar a, b;
    Scalar at(Index i) const { return p0[i] + a * p1[i] + b * p2[i]; }
    template <int lanes> Vector<lanes> vectorAt(Index i) const
    {
        return load<lanes>(p0 + i) + a * load<lanes>(p1 + i) + b * load<lanes>(p2 + i);
    }
};

template <class Pixels> void poolRowHalving(const Pixels& pixels, Index window, Index W, Index outWidth, Scalar* out)
{
    forRowVectors(outWidth, [&](auto lanes, Index ox) {
        store<lanes>(out + ox, reordered<lanes>(windowMaxima<lanes>(pixels, window + 2 * ox, W).best));
    });
}

// One channel of the 2 x 2, stride-2 pool: outHeight rows of outWidth outputs.
template <class Pixels>
void poolChannelHalving(const Pixels& pixels, Index W, Index outHeight, Index outWidth, Scalar* out)
{
    for (Index oy = 0; oy < outHeight; ++oy)
        poolRowHalving(pixels, 2 * oy * W, W, outWidth, out + oy * outWidth);
}

// poolChannel(pixels, out) for every sample, channel and point of the job, the points innermost
// (a sample's channel of the three images stays in L1 for all of them); outChannel outputs a channel.
template <class PoolChannel>
void forEachCombinedChannel(const PooledCombinations& job, Index outChannel, const PoolChannel& poolChannel)
{
    const Index inChannel = job.height * job.width;
    for (Index j = 0; j < job.count; ++j)
        for (Index c = 0; c < job.channels; ++c) {
            const Index at = j * job.ld + c * inChannel;
            for (Index k = 0; k < job.points; ++k)
                poolChannel(CombinedPixels { job.p0 + at, job.p1 + at, job.p2 + at, job.a[k], job.b[k] },
                    job.outputs[k] + j * job.ldOut + c * outChannel);
        }
}

} // namespace MTW_POOLING_LEVEL
} // namespace pooling

} // namespace mtw::core
