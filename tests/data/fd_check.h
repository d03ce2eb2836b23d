#pragma once
// Central finite differences in double precision for the layer and network checks:
//   df/dx_i ~ (f(x + h e_i) - f(x - h e_i)) / (2 h)
#include <Eigen/Dense>
#include <functional>

namespace mtw::test {

inline Eigen::VectorXd centralDifference(
    const std::function<double(const Eigen::VectorXd&)>& f, const Eigen::VectorXd& x, double h)
{
    Eigen::VectorXd gradient(x.size());
    Eigen::VectorXd probe = x;
    for (Eigen::Index i = 0; i < x.size(); ++i) {
        probe(i) = x(i) + h;
        const double up = f(probe);
        probe(i) = x(i) - h;
        const double down = f(probe);
        probe(i) = x(i);
        gradient(i) = (up - down) / (2 * h);
    }
    return gradient;
}

} // namespace mtw::test
