#pragma once
// 2-D convolution (cross-correlation, as PyTorch's nn.Conv2d) by im2col + GEMM
// (Chellapilla, Puri & Simard 2006, "High Performance Convolutional Neural Networks for Document
// Processing"). Features are stored per column as channels x height x width (index
// c*H*W + y*W + x, PyTorch's NCHW flattening), so a CNN trunk is an ordinary Sequential.
//
//   out size   Ho = (H + 2p - k) / s + 1 (likewise Wo)
//   col        (C k k) x (B Ho Wo): column b*P + q holds the input patch of output position q
//   forward    Y_b(f, q) = sum_j W(f, j) col(j, b*P + q) + bias(f)        (one GEMM: W^T^T col)
//   dW^T       = col dOut^T, dbias = dOut 1, dcol = W^T dOut, then col2im adds dcol back
// Parameters: the filters as PyTorch stores them (F x C x k x k row-major, i.e. filter f's C k k
// weights contiguous: the matrix W^T, (C k k) x F column-major), then the F biases.
// Initialization: PyTorch's default, U(-1/sqrt(C k k), 1/sqrt(C k k)) for weights and biases.
// One filter (filter-normalized directions, Li et al. 2018) is one output channel: its weights
// and its bias. Per-task Jacobian rows reuse one im2col for all tasks.
#include "core/layer.h"

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
    void im2col(const Eigen::Ref<const Matrix>& X, Matrix& col) const;
    // dOut (F x k B P) from stacked deltas dY (F P x k B).
    void gatherDeltas(const Eigen::Ref<const Matrix>& dY, Matrix& dOut) const;

    ImageShape m_input;
    Index m_filters, m_kernel, m_stride, m_padding;
    Index m_outHeight, m_outWidth;
};

} // namespace mtw::core
