#pragma once
// 2-D convolution (cross-correlation, as PyTorch's nn.Conv2d), every pass direct on 16 samples at
// a time except the input gradient of strided layers, by GEMM + col2im (Chellapilla, Puri & Simard
// 2006, "High Performance Convolutional Neural Networks for Document Processing"). Features are
// stored per column as channels x height x width (index c*H*W + y*W + x, PyTorch's NCHW
// flattening), so a CNN trunk is an ordinary Sequential.
//
//   out size   Ho = (H + 2p - k) / s + 1 (likewise Wo); P = Ho Wo positions, K = C k k
//   forward    Y_b = bias + each filter's cross-correlation with image b (core/convolution_kernel.h)
//   dW, dbias  sum over samples and positions of delta x input pixel (and of delta), on the same
//              16-sample packs; the 16-sample groups' sums added in group order
//   dX         stride 1: the forward kernel on dY padded by k - 1 - p, with the filters' channels
//              and filters swapped and their taps flipped; other strides: drows_b = dY_b W (P x K,
//              row q the gradient of output position q's input patch), added back by rows2im
// Parameters: the filters as PyTorch stores them (F x C x k x k row-major, i.e. filter f's C k k
// weights contiguous: the matrix W^T, (C k k) x F column-major), then the F biases.
// Initialization: PyTorch's default, U(-1/sqrt(C k k), 1/sqrt(C k k)) for weights and biases.
// One filter (filter-normalized directions, Li et al. 2018) is one output channel: its weights
// and its bias. Per-task Jacobian rows: the weight gradients of each task's deltas.
#include "core/layer.h"

#include <utility>

namespace mtw::core {

struct ConvolutionShape; // core/convolution_kernel.h

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
    // image += the transposed im2col rows (P x K) added back to the pixels they were read from.
    void rows2im(const Scalar* rows, Scalar* image) const;
    ConvolutionShape convolutionShape() const;
    // The parameter gradients of the T stacked deltas, parameterCount() x T: column t is task t's
    // (filters' gradients in the parameters' layout, then the biases').
    Matrix weightGradients(const Matrix& X, const Matrix& dYstack, Index tasks) const;

    ImageShape m_input;
    Index m_filters, m_kernel, m_stride, m_padding;
    Index m_outHeight, m_outWidth;
};

} // namespace mtw::core
