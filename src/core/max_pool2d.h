#pragma once
// 2-D max pooling (as PyTorch's nn.MaxPool2d with padding 0, floor mode) over channels x height x
// width features. The gradient goes to the first maximum of each window in scan order (row by
// row); the argmax is recomputed from the input in the backward pass (layers keep no state).
#include "core/conv2d.h"

namespace mtw::core {

class MaxPool2d final : public Layer {
public:
    MaxPool2d(ImageShape input, Index kernel, Index stride = 0); // stride 0: = kernel
    std::string name() const override { return "MaxPool2d"; }
    Index inputSize() const override { return m_input.size(); }
    Index outputSize() const override { return m_input.channels * m_outHeight * m_outWidth; }
    void forward(const Scalar* params, const Matrix& X, Matrix& Y) const override;
    void backwardInput(
        const Scalar* params, const Matrix& X, const Matrix& Y, const Matrix& dY, Matrix& dX) const override;
    ImageShape outputShape() const { return { m_input.channels, m_outHeight, m_outWidth }; }
    ImageShape inputShape() const { return m_input; }
    // One sample's channel, output height x width floats, from any source of its input pixels,
    // with forward's bits (core/pool_channel.h, which defines it).
    template <class Pixels> void poolChannelOf(const Pixels& pixels, Scalar* out) const;
    // The 2 x 2, stride-2 pool (the LeNets'), which both directions run in vectors.
    bool halving() const { return m_kernel == 2 && m_stride == 2; }

private:
    void poolSample(const Scalar* image, Scalar* out) const; // one column of forward
    // backwardInput's columns b, b + batch, ... for the 2 x 2, stride-2 pool, in vectors.
    void backwardHalving(const Scalar* image, const Matrix& dY, Index b, Index batch, Matrix& dX) const;
    // Index (within a sample's features) of the maximum of output position (c, oy, ox).
    Index argmax(const Scalar* image, Index c, Index oy, Index ox) const;

    ImageShape m_input;
    Index m_kernel, m_stride, m_outHeight, m_outWidth;
};

} // namespace mtw::core
