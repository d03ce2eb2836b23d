#include "mtl/solvers/simplex_projection.h"

#include <algorithm>
#include <functional>
#include <vector>

namespace mtw::mtl::solvers {

Eigen::VectorXd projectOntoSimplex(const Eigen::Ref<const Eigen::VectorXd>& v)
{
    const Eigen::Index n = v.size();
    std::vector<double> u(v.data(), v.data() + n);
    std::sort(u.begin(), u.end(), std::greater<double>());
    // The largest j whose entry stays positive after the shift; j = 1 always qualifies, since
    // u_1 - (u_1 - 1) = 1 > 0, so theta is always defined.
    double cumulative = 0.0;
    double theta = u[0] - 1.0;
    for (Eigen::Index j = 0; j < n; ++j) {
        cumulative += u[static_cast<std::size_t>(j)];
        const double candidate = (cumulative - 1.0) / static_cast<double>(j + 1);
        if (u[static_cast<std::size_t>(j)] - candidate > 0.0)
            theta = candidate;
    }
    return (v.array() - theta).cwiseMax(0.0).matrix();
}

} // namespace mtw::mtl::solvers
