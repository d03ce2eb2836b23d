#pragma once
// Eight coordinates of J at a time, for the methods that work coordinate by coordinate (trimmed
// mean, GradDrop): the T x 8 block of J (T contiguous floats per coordinate) transposed into T
// vectors of eight lanes, task t's values for the eight coordinates, 8 x 8 tiles in registers.
// Lane c then runs coordinate p + c through the same arithmetic as a scalar loop, without
// branches on the data.
#include "core/tensor.h"
#include "core/transpose_tile.h"

#include <vector>

namespace mtw::mtl {

constexpr Eigen::Index jacobianLanes = 8;
using JacobianLanes = float __attribute__((vector_size(jacobianLanes * sizeof(float))));
using JacobianWideLanes = double __attribute__((vector_size(jacobianLanes * sizeof(double))));

// lanes[t][c] = J(t, p + c) for c < 8; lanes has J.rows() entries.
inline void loadJacobianLanes(const core::Matrix& J, Eigen::Index p, std::vector<JacobianLanes>& lanes)
{
    const Eigen::Index tasks = J.rows();
    const float* block = J.data() + p * tasks; // J(t, p + c) at block[t + c * tasks]
    Eigen::Index t0 = 0;
    for (; t0 + jacobianLanes <= tasks; t0 += jacobianLanes)
        core::transposeTile<jacobianLanes>(
            block + t0, tasks, reinterpret_cast<float*>(lanes.data() + t0), jacobianLanes);
    for (; t0 < tasks; ++t0)
        for (int c = 0; c < jacobianLanes; ++c)
            lanes[static_cast<std::size_t>(t0)][c] = block[t0 + c * tasks];
}

} // namespace mtw::mtl
