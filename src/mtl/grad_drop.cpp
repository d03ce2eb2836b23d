#include "mtl/grad_drop.h"

#include "core/fixed_groups.h"
#include "mtl/jacobian_column_group.h"

#include <cmath>
#include <stdexcept>
#include <vector>

namespace mtw::mtl {

GradDrop::GradDrop(double leak)
    : m_leak(leak)
{
}

void GradDrop::compute(const MethodInput& input, MethodOutput& output)
{
    if (!input.jacobian)
        throw std::invalid_argument("GradDrop needs the Jacobian");
    const Matrix& J = *input.jacobian;
    const Eigen::Index tasks = J.rows();
    const Eigen::Index params = J.cols();
    output.direction.resize(params);
    output.hasDirection = true;
    output.weights.resize(0);
    // One draw per coordinate, even an all-zero one, in coordinate order (the stream position does
    // not depend on the data); then the coordinates are independent and go in parallel.
    std::vector<double> draws(static_cast<std::size_t>(params));
    for (double& u : draws)
        u = input.rng.uniform();
    // Fixed groups (not the partitioner's ranges): each coordinate runs the same code on any thread count.
    core::forFixedGroups(params, jacobianColumnGroup, [&](Eigen::Index, Eigen::Index begin, Eigen::Index end) {
        for (Eigen::Index p = begin; p != end; ++p) {
            double sum = 0.0;
            double absSum = 0.0;
            for (Eigen::Index t = 0; t < tasks; ++t) {
                const double g = J(t, p);
                sum += g;
                absSum += std::abs(g);
            }
            if (absSum == 0.0) {
                output.direction(p) = 0;
                continue;
            }
            const double u = draws[static_cast<std::size_t>(p)];
            const double purity = 0.5 * (1.0 + sum / absSum);
            const bool keepPositive = purity > u;
            const bool keepNegative = purity < u;
            double d = 0.0;
            for (Eigen::Index t = 0; t < tasks; ++t) {
                const double g = J(t, p);
                const bool kept = (keepPositive && g > 0) || (keepNegative && g < 0);
                d += (m_leak + (1.0 - m_leak) * (kept ? 1.0 : 0.0)) * g;
            }
            output.direction(p) = static_cast<core::Scalar>(d);
        }
    });
}

} // namespace mtw::mtl
