#pragma once
// Square transposes of `width` x `width` floats in vector registers, log2(width) steps of
// in-register shuffles: the direct convolution's sample packing (core/convolution_kernel.cpp, at
// the build's native width) and the rows of a Jacobian block (core/block_gram.cpp, 8 floats).
// Internal linkage: the convolution kernel is also built for x86-64-v4, where the same templates
// are other instructions, and neither copy may stand in for the other.
#include <utility>

namespace mtw::core {
namespace {

// The vector of `width` floats, and the same at any float's alignment (rows of the caller's
// matrices). One specialization per width: GCC drops vector_size on a dependent alias.
template <int width> struct TileVectors;
template <> struct TileVectors<4> {
    using Row = float __attribute__((vector_size(16)));
    using Loose = float __attribute__((vector_size(16), aligned(alignof(float))));
};
template <> struct TileVectors<8> {
    using Row = float __attribute__((vector_size(32)));
    using Loose = float __attribute__((vector_size(32), aligned(alignof(float))));
};
template <> struct TileVectors<16> {
    using Row = float __attribute__((vector_size(64)));
    using Loose = float __attribute__((vector_size(64), aligned(alignof(float))));
};
template <int width> using TileRow = typename TileVectors<width>::Row;
template <int width> using LooseTileRow = typename TileVectors<width>::Loose;

// One step: swaps bit `bit` of the row index with that of the column index, on the pairs of rows
// i and i | bit. `__builtin_shufflevector` (GCC >= 12 and clang) takes the lane indices as
// constants, hence the index pack.
template <int width, int bit, int... lane> void transposeStep(TileRow<width>* rows, std::integer_sequence<int, lane...>)
{
    for (int i = 0; i < width; ++i)
        if (!(i & bit)) {
            const TileRow<width> a = rows[i], b = rows[i | bit];
            rows[i] = __builtin_shufflevector(a, b, ((lane & bit) ? width + lane - bit : lane)...);
            rows[i | bit] = __builtin_shufflevector(a, b, ((lane & bit) ? width + lane : lane + bit)...);
        }
}

// dst[c * dstStride + r] = src[r * srcStride + c] for r, c < width.
template <int width> void transposeTile(const float* src, long srcStride, float* dst, long dstStride)
{
    TileRow<width> rows[width];
    for (int r = 0; r < width; ++r)
        rows[r] = *reinterpret_cast<const LooseTileRow<width>*>(src + r * srcStride);
    [&]<int... bit>(std::integer_sequence<int, bit...>)
    {
        (transposeStep<width, (1 << bit)>(rows, std::make_integer_sequence<int, width> {}), ...);
    }
    (std::make_integer_sequence<int, __builtin_ctz(width)> {});
    for (int r = 0; r < width; ++r)
        *reinterpret_cast<LooseTileRow<width>*>(dst + r * dstStride) = rows[r];
}

} // namespace
} // namespace mtw::core
