#include "mtl/trimmed_mean.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

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
    // The coordinates are independent: blocks of them in parallel, each with its own sort buffer.
    tbb::parallel_for(
        tbb::blocked_range<Eigen::Index>(0, J.cols(), 4096), [&](const tbb::blocked_range<Eigen::Index>& range) {
            std::vector<double> column(static_cast<std::size_t>(tasks));
            for (Eigen::Index p = range.begin(); p != range.end(); ++p) {
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
