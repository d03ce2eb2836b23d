#pragma once
// MaxPool2d::poolChannelOf: one channel of a max-pool read from any source of pixels, so that a
// caller that computes each input pixel (the factored landscape: p0 + a p1 + b p2) pools it in
// registers without writing the channel first. MaxPool2d's own forward pass uses it on memory.
//
// Pixels: as in core/pool_lanes.h, whose vector code pools the 2 x 2, stride-2 windows.
#include "core/max_pool2d.h"
#include "core/pool_lanes.h"

namespace mtw::core {

template <class Pixels> void MaxPool2d::poolChannelOf(const Pixels& pixels, Scalar* out) const
{
    const Index W = m_input.width;
    if (halving()) {
        pooling::poolChannelHalving(pixels, W, m_outHeight, m_outWidth, out);
        return;
    }
    for (Index oy = 0; oy < m_outHeight; ++oy, out += m_outWidth)
        pooling::poolRow(pixels, oy * m_stride * W, W, m_outWidth, m_kernel, m_stride, out);
}

} // namespace mtw::core
