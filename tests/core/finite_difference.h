#pragma once
// Central finite differences in double precision for checking a layer's backward pass: the
// layer runs in float, so the check evaluates a double-precision replica of the scalar loss
// sum(R .* f(X)) through the float layer and uses a step large enough for float rounding.
#include "core/layer.h"

#include <functional>

namespace mtw::test {

// d/dz of fn at z, by (fn(z + h) - fn(z - h)) / 2h, for every entry of z.
inline Eigen::VectorXd centralDifference(
    const std::function<double(const Eigen::VectorXd&)>& fn, Eigen::VectorXd z, double h)
{
    Eigen::VectorXd gradient(z.size());
    for (Eigen::Index i = 0; i < z.size(); ++i) {
        const double keep = z(i);
        z(i) = keep + h;
        const double plus = fn(z);
        z(i) = keep - h;
        const double minus = fn(z);
        z(i) = keep;
        gradient(i) = (plus - minus) / (2 * h);
    }
    return gradient;
}

} // namespace mtw::test
