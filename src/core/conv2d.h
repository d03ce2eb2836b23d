#pragma once
// 2-D convolution (cross-correlation, as PyTorch's nn.Conv2d): the forward pass direct, the
// backward passes by im2col + GEMM (Chellapilla, Puri & Simard 2006, "High Performance Convolutional Neural Networks
// for Document Processing"). Features are stored per column as channels x height x width (index c*H*W + y*W + x,
// PyTorch's NCHW flattening), so a CNN trunk is an ordinary Sequential.
//
//   out size   Ho = (H + 2p - k) / s + 1 (likewise Wo); P = Ho Wo positions, K = C k k
//   rows_b     P x K, the transposed im2col of sample b: row q holds the input patch of output
//              position q, so column j = (c, ky, kx) is the image shifted by (ky, kx): copies of
//              Wo contiguous pixels per output row
//   forward    Y_b = rows_b W^T + 1 bias^T   (P x F: exactly column b of Y, channel-major),
//              computed directly on 16 samples at a time (core/convolution_kernel.h)
//   dW^T       = sum_b rows_b^T dY_b, dbias = sum_b dY_b^T 1, drows_b = dY_b W, added back by rows2im
// Each sample's backward products are GEMMs on its own column of X and dY, so no delta is reordered
// and the im2col buffer of a few samples stays in cache (an im2col of a whole batch is 81 times
// the input for a 9 x 9 kernel and made the first LeNet layer memory-bound).
// Parameters: the filters as PyTorch stores them (F x C x k x k row-major, i.e. filter f's C k k
// weights contiguous: the matrix W^T, (C k k) x F column-major), then the F biases.
// Initialization: PyTorch's default, U(-1/sqrt(C k k), 1/sqrt(C k k)) for weights and biases.
// One filter (filter-normalized directions, Li et al. 2018) is one output channel: its weights
// and its bias. Per-task Jacobian rows reuse one im2col for all tasks.
#include "core/layer.h"

#include <utility>

namespace mtw::core {

struct ImageShape {
    Index channels = 1, height = 1, width = 1;
    Index size() const { return channels * height * width; }
};

class Conv2d final : public Layer {
public:
    Conv2d(ImageShape input, Index filters, Index kernel, Index stride = 1, Index padding = 0);
    std::string name() const override { return "Conv2d"; }
    Index inputSize() const override { return m_input.size(); }
    Index outputSize() const override { return m_filters * m_outHeight * m_outWidth; }
    Index parameterCount() const override { return m_filters * patchSize() + m_filters; }
    void initialize(Scalar* params, Rng& rng) const override;
    void forward(const Scalar* params, const Matrix& X, Matrix& Y) const override;
    bool outputLinearInParameters() const override { return true; }
    void backwardInput(
        const Scalar* params, const Matrix& X, const Matrix& Y, const Matrix& dY, Matrix& dX) const override;
    void parameterGradient(const Scalar* params, const Matrix& X, const Matrix& dY, Scalar* dParams) const override;
    void jacobianRows(
        const Scalar* params, const Matrix& X, const Matrix& dYstack, Index tasks, Scalar* J, Index ld) const override;
    Index filterCount() const override { return m_filters; }
    void filterRange(Index filter, std::vector<Index>& indices) const override;

    ImageShape outputShape() const { return { m_filters, m_outHeight, m_outWidth }; }
    Index patchSize() const { return m_input.channels * m_kernel * m_kernel; }

private:
    Index positions() const { return m_outHeight * m_outWidth; }
    // The output columns [first, last) whose kernel column kx reads a pixel inside the image.
    std::pair<Index, Index> insideColumns(Index kx) const;
    // rows (P x K) = the transposed im2col of one image.
    void im2rows(const Scalar* image, Scalar* rows) const;
    // image += the transposed im2col rows (P x K) added back to the pixels they were read from.
    void rows2im(const Scalar* rows, Scalar* image) const;
    // The weight gradients of the T stacked deltas, (K + 1) x T F: task t's block of F columns
    // holds its dW^T (K rows) and its bias gradient (the last row).
    Matrix weightGradients(const Matrix& X, const Matrix& dYstack, Index tasks) const;

    ImageShape m_input;
    Index m_filters, m_kernel, m_stride, m_padding;
    Index m_outHeight, m_outWidth;
};

} // namespace mtw::core
