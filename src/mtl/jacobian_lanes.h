#pragma once
// Eight coordinates of J at a time, for the methods that work coordinate by coordinate (trimmed
// mean, GradDrop): the T x 8 block of J (T contiguous floats per coordinate) transposed into T
// vectors of eight lanes, task t's values for the eight coordinates, 8 x 8 tiles in registers.
// Lane c then runs coordinate p + c through the same arithmetic as a scalar loop, without
// branches on the data. The last group of a range is padded with zero lanes, so every coordinate
// runs the same code and a method has no scalar copy of its formula.
#include "core/tensor.h"
#include "core/transpose_tile.h"

#include <algorithm>
#include <vector>

namespace mtw::mtl {

constexpr Eigen::Index jacobianLanes = 8;
using JacobianLanes = float __attribute__((vector_size(jacobianLanes * sizeof(float))));
using JacobianWideLanes = double __attribute__((vector_size(jacobianLanes * sizeof(double))));

// lanes[t][c] = J(t, p + c) for c < count (at most 8), 0 past it; lanes has J.rows() entries.
inline void loadJacobianLanes(
    const core::Matrix& J, Eigen::Index p, Eigen::Index count, std::vector<JacobianLanes>& lanes)
{
    const Eigen::Index tasks = J.rows();
    const float* block = J.data() + p * tasks; // J(t, p + c) at block[t + c * tasks]
    Eigen::Index t0 = 0;
    if (count == jacobianLanes)
        for (; t0 + jacobianLanes <= tasks; t0 += jacobianLanes)
            core::transposeTile<jacobianLanes>(
                block + t0, tasks, reinterpret_cast<float*>(lanes.data() + t0), jacobianLanes);
    for (; t0 < tasks; ++t0) {
        JacobianLanes& values = lanes[static_cast<std::size_t>(t0)];
        values = JacobianLanes {};
        for (Eigen::Index c = 0; c < count; ++c)
            values[c] = block[t0 + c * tasks];
    }
}

// body(p, count, lanes) for the coordinates [begin, end), eight at a time (count < 8 only for the
// last group).
template <class Body>
void forJacobianLanes(const core::Matrix& J, Eigen::Index begin, Eigen::Index end, const Body& body)
{
    std::vector<JacobianLanes> lanes(static_cast<std::size_t>(J.rows()));
    for (Eigen::Index p = begin; p < end; p += jacobianLanes) {
        const Eigen::Index count = std::min(jacobianLanes, end - p);
        loadJacobianLanes(J, p, count, lanes);
        body(p, count, lanes);
    }
}

} // namespace mtw::mtl
