#pragma once
// The naive 2-D convolution in double that the convolution tests check against.
#include "core/conv2d.h"

#include <Eigen/Core>

namespace mtw::test {

// Naive convolution in double: theta = [filters (F x C x k x k row-major) | bias].
inline Eigen::MatrixXd convReference(const Eigen::VectorXd& theta, const Eigen::MatrixXd& X, core::ImageShape in,
    core::Index F, core::Index k, core::Index s, core::Index p)
{
    using core::Index;
    const Index Ho = (in.height + 2 * p - k) / s + 1, Wo = (in.width + 2 * p - k) / s + 1;
    Eigen::MatrixXd Y(F * Ho * Wo, X.cols());
    for (Index b = 0; b < X.cols(); ++b)
        for (Index f = 0; f < F; ++f)
            for (Index oy = 0; oy < Ho; ++oy)
                for (Index ox = 0; ox < Wo; ++ox) {
                    double sum = theta(F * in.channels * k * k + f);
                    for (Index c = 0; c < in.channels; ++c)
                        for (Index ky = 0; ky < k; ++ky)
                            for (Index kx = 0; kx < k; ++kx) {
                                const Index y = oy * s + ky - p, x = ox * s + kx - p;
                                if (y >= 0 && y < in.height && x >= 0 && x < in.width)
                                    sum += theta(((f * in.channels + c) * k + ky) * k + kx)
                                        * X((c * in.height + y) * in.width + x, b);
                            }
                    Y((f * Ho + oy) * Wo + ox, b) = sum;
                }
    return Y;
}

} // namespace mtw::test
