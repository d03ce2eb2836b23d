#include "mtl/trimmed_mean.h"

#include "core/fixed_groups.h"
#include "mtl/jacobian_column_group.h"
#include "mtl/jacobian_lanes.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace mtw::mtl {

TrimmedMean::TrimmedMean(int trimNumber)
    : m_trimNumber(trimNumber)
{
}

namespace {

// d_p for the coordinates [begin, end), eight at a time: a T x 8 block of J transposed into T
// vectors (task t's eight values), sorted lane-wise by an odd-even transposition network (T rounds
// of min/max on neighbours), the kept middle summed in ascending order in double. Each lane ends
// with its column in ascending order, so the sums are a sort's, bit for bit; no branch depends on
// the data (a sort's comparisons of random gradients were mispredicted half the time: 40% of a
// T = 10 step).
void trimEightAtATime(const Matrix& J, Eigen::Index begin, Eigen::Index end, int trim, core::Vector& direction)
{
    const auto tasks = static_cast<int>(J.rows());
    const int kept = tasks - 2 * trim;
    forJacobianLanes(J, begin, end, [&](Eigen::Index p, Eigen::Index count, std::vector<JacobianLanes>& values) {
        for (int round = 0; round < tasks; ++round)
            for (int i = round % 2; i + 1 < tasks; i += 2) {
                const JacobianLanes a = values[static_cast<std::size_t>(i)],
                                    b = values[static_cast<std::size_t>(i + 1)];
                values[static_cast<std::size_t>(i)] = a < b ? a : b;
                values[static_cast<std::size_t>(i + 1)] = a < b ? b : a;
            }
        JacobianWideLanes sum = {};
        for (int k = trim; k < trim + kept; ++k)
            sum += __builtin_convertvector(values[static_cast<std::size_t>(k)], JacobianWideLanes);
        for (Eigen::Index c = 0; c < count; ++c)
            direction(p + c) = static_cast<core::Scalar>(sum[c] / kept);
    });
}

} // namespace

void TrimmedMean::compute(const MethodInput& input, MethodOutput& output)
{
    if (!input.jacobian)
        throw std::invalid_argument("TrimmedMean needs the Jacobian");
    const Matrix& J = *input.jacobian;
    const auto tasks = static_cast<int>(J.rows());
    if (tasks < 2 * m_trimNumber + 1)
        throw std::invalid_argument("TrimmedMean needs at least 2 trim_number + 1 tasks, got " + std::to_string(tasks));
    output.direction.resize(J.cols());
    output.hasDirection = true;
    output.weights.resize(0);
    // The coordinates are independent: fixed groups of them in parallel (not the partitioner's
    // ranges, so each coordinate runs the same code on any thread count).
    core::forFixedGroups(J.cols(), jacobianColumnGroup, [&](Eigen::Index, Eigen::Index begin, Eigen::Index end) {
        trimEightAtATime(J, begin, end, m_trimNumber, output.direction);
    });
}

} // namespace mtw::mtl
