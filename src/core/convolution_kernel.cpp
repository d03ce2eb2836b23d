#include "core/convolution_kernel.h"

#include "core/pool_lanes.h"
#include "core/transpose_tile.h"

#include <algorithm>
#include <type_traits>
#include <utility>
#include <vector>

#ifndef MTW_CONVOLUTION_KERNEL
#define MTW_CONVOLUTION_KERNEL convolutionKernelBuilt
#endif

namespace {

using mtw::core::ConvolutionShape;
constexpr long lanes = mtw::core::convolutionLanes;

// The widest vector of the build: a feature of 16 samples is `parts` of them, side by side.
#if defined(__AVX512F__)
constexpr int nativeWidth = 16;
#elif defined(__AVX__)
constexpr int nativeWidth = 8;
#else
constexpr int nativeWidth = 4;
#endif
constexpr int parts = lanes / nativeWidth;
using Native = float __attribute__((vector_size(nativeWidth * sizeof(float))));
// The same vector at any float's alignment: rows of the caller's matrices.
using LooseNative = float __attribute__((vector_size(nativeWidth * sizeof(float)), aligned(alignof(float))));

// The register block: filters x output columns accumulated at once. AVX-512 has 32 vector
// registers (24 accumulators, 6 pixels, 1 weight); AVX2's 16 hold a 2 x 2 block of two-ymm
// features (8 accumulators).
#if defined(__AVX512F__)
constexpr int filterBlock = 4, columnBlock = 6;
#else
constexpr int filterBlock = 2, columnBlock = 2;
#endif

// packed[i][s] = X(i, s) for the first n features of `count` samples; lanes past count are zero.
void packSamples(const float* X, long ldX, long count, long n, float* packed)
{
    long i = 0;
    if (count == lanes)
        for (; i + nativeWidth <= n; i += nativeWidth)
            for (long first = 0; first < lanes; first += nativeWidth)
                mtw::core::transposeTile<nativeWidth>(X + i + first * ldX, ldX, packed + i * lanes + first, lanes);
    for (; i < n; ++i)
        for (long s = 0; s < lanes; ++s)
            packed[i * lanes + s] = s < count ? X[i + s * ldX] : 0.0f;
}

// Y(i, s) = packed[i][s] for the first n features of `count` samples.
void unpackSamples(const float* packed, long n, long count, float* Y, long ldY)
{
    long i = 0;
    if (count == lanes)
        for (; i + nativeWidth <= n; i += nativeWidth)
            for (long first = 0; first < lanes; first += nativeWidth)
                mtw::core::transposeTile<nativeWidth>(packed + i * lanes + first, lanes, Y + i + first * ldY, ldY);
    for (; i < n; ++i)
        for (long s = 0; s < count; ++s)
            Y[i + s * ldY] = packed[i * lanes + s];
}

// A call's geometry: the zero-padded input's rows and columns, and the taps C k k (the stride
// between two filters' weights).
struct Geometry {
    explicit Geometry(const ConvolutionShape& s)
        : shape(s)
        , paddedHeight(s.height + 2 * s.padding)
        , paddedWidth(s.width + 2 * s.padding)
        , taps(s.channels * s.kernel * s.kernel)
    {
    }
    const ConvolutionShape& shape;
    long paddedHeight, paddedWidth, taps;
};

// body(std::integral_constant<int, n>) for n = remaining, where 0 < remaining <= most: the tail of
// a blocked loop, run at a compile-time size.
template <int most, class Body> void forTail(long remaining, const Body& body)
{
    if constexpr (most > 0) {
        if (remaining == most)
            body(std::integral_constant<int, most> {});
        else
            forTail<most - 1>(remaining, body);
    }
}

// One call's packed operands: the zero-padded input (C x Hp x Wp packs) and the output (F x Ho x Wo).
struct Frame : Geometry {
    const float* filters;
    const float* bias;
    const Native* input; // feature i's lanes are input[i * parts .. i * parts + parts - 1]
    Native* output;
};

// Filters f .. f + NF - 1 at output columns ox .. ox + NX - 1 of output row oy.
template <int NF, int NX, bool unitStride, bool padded> void block(const Frame& frame, long f, long oy, long ox)
{
    const ConvolutionShape& s = frame.shape;
    const long stride = unitStride ? 1 : s.stride;
    Native sums[NF][NX][parts];
    for (int j = 0; j < NF; ++j)
        for (int i = 0; i < NX; ++i)
            for (int h = 0; h < parts; ++h)
                sums[j][i][h] = Native {} + frame.bias[f + j];
    // Kernel rows that read the zero border above or below the image add w x 0: skipped, in a
    // compile-time case of its own so that unpadded layers keep the plain loop.
    const long top = oy * stride, firstRow = s.padding - top, lastRow = s.padding + s.height - top;
    for (long c = 0; c < s.channels; ++c)
        for (long ky = 0; ky < s.kernel; ++ky) {
            if (padded && (ky < firstRow || ky >= lastRow))
                continue;
            const Native* row
                = frame.input + ((c * frame.paddedHeight + top + ky) * frame.paddedWidth + ox * stride) * parts;
            const float* weights = frame.filters + f * frame.taps + (c * s.kernel + ky) * s.kernel;
            for (long kx = 0; kx < s.kernel; ++kx) {
                Native pixels[NX][parts];
                for (int i = 0; i < NX; ++i)
                    for (int h = 0; h < parts; ++h)
                        pixels[i][h] = row[(i * stride + kx) * parts + h];
                for (int j = 0; j < NF; ++j) {
                    const float weight = weights[j * frame.taps + kx];
                    for (int i = 0; i < NX; ++i)
                        for (int h = 0; h < parts; ++h)
                            sums[j][i][h] += weight * pixels[i][h];
                }
            }
        }
    for (int j = 0; j < NF; ++j)
        for (int i = 0; i < NX; ++i)
            for (int h = 0; h < parts; ++h)
                frame.output[(((f + j) * s.outHeight + oy) * s.outWidth + ox + i) * parts + h] = sums[j][i][h];
}

template <int NF, bool unitStride, bool padded> void outputRow(const Frame& frame, long f, long oy)
{
    long ox = 0;
    for (; ox + columnBlock <= frame.shape.outWidth; ox += columnBlock)
        block<NF, columnBlock, unitStride, padded>(frame, f, oy, ox);
    forTail<columnBlock - 1>(
        frame.shape.outWidth - ox, [&](auto nx) { block<NF, nx, unitStride, padded>(frame, f, oy, ox); });
}

template <bool unitStride, bool padded> void convolvePacked(const Frame& frame)
{
    // Output rows outermost: the input rows one output row reads stay in L1 for every filter.
    for (long oy = 0; oy < frame.shape.outHeight; ++oy) {
        long f = 0;
        for (; f + filterBlock <= frame.shape.filters; f += filterBlock)
            outputRow<filterBlock, unitStride, padded>(frame, f, oy);
        forTail<filterBlock - 1>(
            frame.shape.filters - f, [&](auto nf) { outputRow<nf, unitStride, padded>(frame, f, oy); });
    }
}

// One group's packed input: `samples` images of X packed, and zero-padded when the shape pads.
// Per thread and reused: the kernels call nothing that could run another task on this thread.
const Native* packInput(const Geometry& geometry, const float* X, long ldX, long samples)
{
    const ConvolutionShape& shape = geometry.shape;
    const long H = shape.height, W = shape.width, p = shape.padding, Wp = geometry.paddedWidth;
    thread_local std::vector<Native> image, padded;
    image.resize(static_cast<std::size_t>(shape.channels * H * W * parts));
    packSamples(X, ldX, samples, shape.channels * H * W, reinterpret_cast<float*>(image.data()));
    if (p == 0)
        return image.data();
    // Every padded row written once: the border rows zero, the others an image row between zeros.
    padded.resize(static_cast<std::size_t>(shape.channels * geometry.paddedHeight * Wp * parts));
    for (long c = 0; c < shape.channels; ++c)
        for (long y = 0; y < geometry.paddedHeight; ++y) {
            Native* row = padded.data() + (c * geometry.paddedHeight + y) * Wp * parts;
            if (y < p || y >= p + H) {
                std::fill_n(row, Wp * parts, Native {});
                continue;
            }
            std::fill_n(row, p * parts, Native {});
            std::copy_n(image.data() + (c * H + y - p) * W * parts, W * parts, row + p * parts);
            std::fill_n(row + (p + W) * parts, p * parts, Native {});
        }
    return padded.data();
}

void forward(const ConvolutionShape& shape, const float* filters, const float* bias, const float* X, long ldX,
    long count, float* Y, long ldY)
{
    const long outputSize = shape.filters * shape.outHeight * shape.outWidth;
    thread_local std::vector<Native> output;
    output.resize(static_cast<std::size_t>(outputSize * parts));
    for (long first = 0; first < count; first += lanes) {
        const long samples = std::min(lanes, count - first);
        const Geometry geometry(shape);
        const Frame frame { geometry, filters, bias, packInput(geometry, X + first * ldX, ldX, samples),
            output.data() };
        const bool unitStride = shape.stride == 1, padded = shape.padding > 0;
        if (unitStride && !padded)
            convolvePacked<true, false>(frame);
        else if (unitStride)
            convolvePacked<true, true>(frame);
        else if (!padded)
            convolvePacked<false, false>(frame);
        else
            convolvePacked<false, true>(frame);
        unpackSamples(reinterpret_cast<const float*>(output.data()), outputSize, samples, Y + first * ldY, ldY);
    }
}

// The weight gradients' register block: filters x taps along kx, one native vector of each
// 16-lane feature at a time. AVX-512: 20 accumulators, 5 pixels and a delta in 32 registers;
// AVX2: 2 x 3 two-ymm accumulators (12), 3 pixels and a delta in 16.
#if defined(__AVX512F__)
constexpr int gradientFilterBlock = 4, gradientTapBlock = 5;
#else
constexpr int gradientFilterBlock = 2, gradientTapBlock = 3;
#endif

struct GradientFrame : Geometry {
    const Native* input; // the packed (padded) images
    const Native* deltas; // the packed output deltas, F x Ho x Wo
    float* partial; // F x taps weight gradients, then F bias gradients
};

// The 16 lanes of a feature added in lane order: the same bits whatever the native width.
float laneSum(const Native (&feature)[parts])
{
    float total = 0;
    for (int h = 0; h < parts; ++h)
        for (int e = 0; e < nativeWidth; ++e)
            total += feature[h][e];
    return total;
}

// Filters f .. f + NF - 1 at taps (c, ky, kx .. kx + NX - 1): each lane sums delta x pixel over the
// output positions in row-major order, then the lanes are added.
template <int NF, int NX, bool unitStride> void gradientBlock(const GradientFrame& g, long f, long c, long ky, long kx)
{
    const ConvolutionShape& s = g.shape;
    const long stride = unitStride ? 1 : s.stride, plane = s.outHeight * s.outWidth;
    Native sums[NF][NX][parts] = {};
    for (long oy = 0; oy < s.outHeight; ++oy) {
        const Native* row = g.input + ((c * g.paddedHeight + oy * stride + ky) * g.paddedWidth + kx) * parts;
        const Native* deltaRow = g.deltas + (f * plane + oy * s.outWidth) * parts;
        for (long ox = 0; ox < s.outWidth; ++ox)
            for (int h = 0; h < parts; ++h) { // one native vector of the 16 lanes at a time
                Native pixels[NX];
                for (int i = 0; i < NX; ++i)
                    pixels[i] = row[(ox * stride + i) * parts + h];
                for (int j = 0; j < NF; ++j) {
                    const Native delta = deltaRow[(j * plane + ox) * parts + h];
                    for (int i = 0; i < NX; ++i)
                        sums[j][i][h] += delta * pixels[i];
                }
            }
    }
    for (int j = 0; j < NF; ++j)
        for (int i = 0; i < NX; ++i)
            g.partial[(f + j) * g.taps + (c * s.kernel + ky) * s.kernel + kx + i] = laneSum(sums[j][i]);
}

template <int NF, bool unitStride> void gradientFilters(const GradientFrame& g, long f)
{
    for (long c = 0; c < g.shape.channels; ++c)
        for (long ky = 0; ky < g.shape.kernel; ++ky) {
            long kx = 0;
            for (; kx + gradientTapBlock <= g.shape.kernel; kx += gradientTapBlock)
                gradientBlock<NF, gradientTapBlock, unitStride>(g, f, c, ky, kx);
            forTail<gradientTapBlock - 1>(
                g.shape.kernel - kx, [&](auto nx) { gradientBlock<NF, nx, unitStride>(g, f, c, ky, kx); });
        }
}

template <bool unitStride> void gradientPacked(const GradientFrame& g)
{
    long f = 0;
    for (; f + gradientFilterBlock <= g.shape.filters; f += gradientFilterBlock)
        gradientFilters<gradientFilterBlock, unitStride>(g, f);
    forTail<gradientFilterBlock - 1>(g.shape.filters - f, [&](auto nf) { gradientFilters<nf, unitStride>(g, f); });
    const long plane = g.shape.outHeight * g.shape.outWidth;
    for (f = 0; f < g.shape.filters; ++f) {
        Native sums[parts] = {};
        for (long q = 0; q < plane; ++q)
            for (int h = 0; h < parts; ++h)
                sums[h] += g.deltas[(f * plane + q) * parts + h];
        g.partial[g.shape.filters * g.taps + f] = laneSum(sums);
    }
}

void weightGradient(
    const ConvolutionShape& shape, const float* X, long ldX, const float* dY, long ldY, long count, float* partial)
{
    const long outputSize = shape.filters * shape.outHeight * shape.outWidth;
    thread_local std::vector<Native> deltas;
    deltas.resize(static_cast<std::size_t>(outputSize * parts));
    packSamples(dY, ldY, count, outputSize, reinterpret_cast<float*>(deltas.data()));
    const Geometry geometry(shape);
    const GradientFrame frame { geometry, packInput(geometry, X, ldX, count), deltas.data(), partial };
    if (shape.stride == 1)
        gradientPacked<true>(frame);
    else
        gradientPacked<false>(frame);
}

void poolCombinations(const mtw::core::PooledCombinations& job)
{
    namespace pooling = mtw::core::pooling;
    const long outHeight = job.height / 2, outWidth = job.width / 2;
    pooling::forEachCombinedChannel(job, outHeight * outWidth, [&](const pooling::CombinedPixels& pixels, float* out) {
        pooling::poolChannelHalving(pixels, job.width, outHeight, outWidth, out);
    });
}

} // namespace

mtw::core::ConvolutionKernel mtw::core::MTW_CONVOLUTION_KERNEL()
{
    return { forward, weightGradient, poolCombinations };
}
