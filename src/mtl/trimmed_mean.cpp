#include "mtl/trimmed_mean.h"

#include "core/fixed_groups.h"
#include "mtl/jacobian_column_group.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace mtw::mtl {

TrimmedMean::TrimmedMean(int trimNumber)
    : m_trimNumber(trimNumber)
{
}

void TrimmedMean::compute(const MethodInput& input, MethodOutput& output)
{
    if (!input.jacobian)
        throw std::invalid_argument("TrimmedMean needs the Jacobian");
    const Matrix& J = *input.jacobian;
    const auto tasks = static_cast<int>(J.rows());
    if (tasks < 2 * m_trimNumber + 1)
        throw std::invalid_argument("TrimmedMean needs at least 2 trim_number + 1 tasks, got " + std::to_string(tasks));
    const int kept = tasks - 2 * m_trimNumber;

    output.direction.resize(J.cols());
    output.hasDirection = true;
    output.weights.resize(0);
    // The coordinates are independent: fixed groups of them in parallel (not the partitioner's
    // ranges, so each coordinate runs the same code on any thread count).
    core::forFixedGroups(J.cols(), jacobianColumnGroup, [&](Eigen::Index, Eigen::Index begin, Eigen::Index end) {
        std::vector<double> column(static_cast<std::size_t>(tasks));
        for (Eigen::Index p = begin; p != end; ++p) {
            for (int t = 0; t < tasks; ++t)
                column[static_cast<std::size_t>(t)] = J(t, p);
            std::sort(column.begin(), column.end());
            double sum = 0.0;
            for (int k = m_trimNumber; k < m_trimNumber + kept; ++k)
                sum += column[static_cast<std::size_t>(k)];
            output.direction(p) = static_cast<core::Scalar>(sum / kept);
        }
    });
}

} // namespace mtw::mtl
