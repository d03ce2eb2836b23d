#include "mtl/grad_drop.h"

#include "core/fixed_groups.h"
#include "mtl/jacobian_column_group.h"
#include "mtl/jacobian_lanes.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <vector>

namespace mtw::mtl {

GradDrop::GradDrop(double leak)
    : m_leak(leak)
{
}

namespace {

// d for four of eight coordinates (half h of the lanes), lane c for coordinate 4 h + c, with their
// draws u: sum_t g, sum_t |g|, the purity, then sum_t (leak + (1 - leak) kept) g in task order, in
// double lanes with selects as bit masks (a comparison's lanes are all ones or zeros). An
// all-zero coordinate (sum |g| = 0) gets 0. The signs of the gradients are random, so the scalar loop's branches on
// them were mispredicted half the time (a third of a T = 10 step). Four doubles, one AVX2
// register: GCC keeps wider vectors' sums in memory.
template <int h>
void dropFour(const std::vector<JacobianLanes>& lanes, const double* draws, double leak, core::Scalar* out)
{
    using Half = double __attribute__((vector_size(4 * sizeof(double))));
    using Mask = long long __attribute__((vector_size(4 * sizeof(long long))));
    const auto half = [](const JacobianLanes& v) {
        return __builtin_convertvector(__builtin_shufflevector(v, v, 4 * h, 4 * h + 1, 4 * h + 2, 4 * h + 3), Half);
    };
    const Half one = Half {} + 1.0;
    const Mask magnitude = Mask {} + std::numeric_limits<long long>::max(); // |g|: the sign bit cleared, as std::abs
    Half sum = {}, absSum = {};
    for (const JacobianLanes& values : lanes) {
        const Half g = half(values);
        sum += g;
        absSum += reinterpret_cast<Half>(reinterpret_cast<Mask>(g) & magnitude);
    }
    Half u;
    std::memcpy(&u, draws + 4 * h, sizeof u);
    const Half purity = 0.5 * (1.0 + sum / absSum);
    const Mask positive = (purity > u) & reinterpret_cast<Mask>(one),
               negative = (purity < u) & reinterpret_cast<Mask>(one);
    Half d = {};
    for (const JacobianLanes& values : lanes) {
        const Half g = half(values);
        const Half kept = reinterpret_cast<Half>(((g > 0) & positive) | ((g < 0) & negative));
        d += (leak + (1.0 - leak) * kept) * g;
    }
    for (int c = 0; c < 4; ++c)
        out[4 * h + c] = absSum[c] == 0.0 ? 0.0F : static_cast<core::Scalar>(d[c]);
}

void dropEight(const std::vector<JacobianLanes>& lanes, const double* draws, double leak, core::Scalar* out)
{
    dropFour<0>(lanes, draws, leak, out);
    dropFour<1>(lanes, draws, leak, out);
}

} // namespace

void GradDrop::compute(const MethodInput& input, MethodOutput& output)
{
    if (!input.jacobian)
        throw std::invalid_argument("GradDrop needs the Jacobian");
    const Matrix& J = *input.jacobian;
    const Eigen::Index params = J.cols();
    output.direction.resize(params);
    output.hasDirection = true;
    output.weights.resize(0);
    // One draw per coordinate, even an all-zero one, in coordinate order (the stream position does
    // not depend on the data); then the coordinates are independent and go in parallel.
    std::vector<double> draws(static_cast<std::size_t>(params));
    for (double& u : draws)
        u = input.rng.uniform();
    // Fixed groups (not the partitioner's ranges): each coordinate runs the same code on any thread
    // count, eight at a time.
    core::forFixedGroups(params, jacobianColumnGroup, [&](Eigen::Index, Eigen::Index begin, Eigen::Index end) {
        forJacobianLanes(
            J, begin, end, [&](Eigen::Index p, Eigen::Index count, const std::vector<JacobianLanes>& lanes) {
                double u[jacobianLanes] = {};
                core::Scalar d[jacobianLanes];
                std::copy_n(draws.data() + p, count, u);
                dropEight(lanes, u, m_leak, d);
                std::copy_n(d, count, output.direction.data() + p);
            });
    });
}

} // namespace mtw::mtl
