#pragma once
// The kernels built once per vector level besides the GEMM: the forward pass of a 2-D
// convolution, its weight gradients, and the factored landscape's pooled first layer.
//
// The forward pass of a 2-D convolution computed directly, without an im2col, on samples packed
// `convolutionLanes` to a vector: packed[feature][lane] holds one feature of 16 samples, so every
// filter tap is one broadcast weight times a vector of 16 pixels added to a vector of 16 outputs,
// for any channel count, kernel size or image width (the LeNet's 10-20 filters and 10-28 pixel
// rows fill no vector of their own). Register blocks of filters x output columns keep the
// accumulators in registers across all C k k taps; the samples are packed and unpacked with
// 16 x 16 in-register transposes.
//
// Each output is bias + sum over (channel, ky, kx) in that order, one multiply-add per tap (taps
// on rows of the zero padding, which add w x 0, are skipped), for every sample, lane and block
// shape: the bits depend neither on how the samples are grouped nor on the thread count, and both
// builds of the kernel (below) give the same ones where the compiler contracts the multiply-add
// alike.
//
// Like core/gemm_kernel.h, convolution_kernel.cpp is compiled into mtw_core for the build's level
// and into the shared library mtw_gemm_v4 for x86-64-v4 with only its entry point visible;
// core/gemm_dispatch.h picks the kernel of the same level as the GEMM's.
namespace mtw::core {

constexpr long convolutionLanes = 16;

// Conv2d's geometry (core/conv2d.h): images C x H x W, F filters of C x k x k, output F x Ho x Wo.
struct ConvolutionShape {
    long channels, height, width, filters, kernel, stride, padding, outHeight, outWidth;
};

// The factored landscape's first max-pool over a block of samples (analysis/
// factored_network_evaluator.h): for samples b < count and points k < points, column b of
// outputs[k] (leading dimension ldOut; C x H/2 x W/2) is the pool of the image p0 + a[k] p1 +
// b[k] p2, whose three C x H x W images are column b of p0, p1, p2 (leading dimension ld).
struct PooledCombinations {
    long channels, height, width;
    const float *p0, *p1, *p2;
    long ld, count;
    const float *a, *b;
    long points;
    float* const* outputs;
    long ldOut;
};

struct ConvolutionKernel {
    // Y(:, b) = bias + the cross-correlation of image X(:, b) with each filter, for b < count.
    // Columns are column-major with leading dimensions ldX, ldY; filters as Conv2d stores them
    // (filter f's C k k weights contiguous, tap (c, ky, kx) at (c k + ky) k + kx).
    void (*forward)(const ConvolutionShape& shape, const float* filters, const float* bias, const float* X, long ldX,
        long count, float* Y, long ldY);
    // One group of count <= convolutionLanes samples: partial = the filters' gradients (Conv2d's
    // layout) then the biases', sum over the group's samples and output positions of delta x
    // input pixel (and of delta). Each lane (sample) sums over the positions in row-major order,
    // then the lanes are added in order: the bits follow neither the block shapes nor the level.
    void (*weightGradient)(
        const ConvolutionShape& shape, const float* X, long ldX, const float* dY, long ldY, long count, float* partial);
    // PooledCombinations with the 2 x 2, stride-2 pool. Each pixel is combined as it is loaded,
    // each sample's three images read from L1 for every point. The bits are
    // MaxPool2d::poolChannelOf's on pooling::CombinedPixels (core/pool_lanes.h) at every level.
    void (*poolCombinations)(const PooledCombinations& job);
};

// The kernel of this translation unit's build (MTW_CONVOLUTION_KERNEL names which one it defines).
ConvolutionKernel convolutionKernelBuilt();
__attribute__((visibility("default"))) ConvolutionKernel convolutionKernelX86_64V4();

} // namespace mtw::core
