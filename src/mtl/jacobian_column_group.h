#pragma once
// Columns of J (parameters) per parallel group of a method's passes over J: fixed, so that the
// sums over the groups, and the code each column runs, do not depend on the thread count
// (core/fixed_groups.h).
#include <Eigen/Core>

namespace mtw::mtl {

constexpr Eigen::Index jacobianColumnGroup = 4096;

} // namespace mtw::mtl
