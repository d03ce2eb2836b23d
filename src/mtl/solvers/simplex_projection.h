#pragma once
// Euclidean projection onto the probability simplex
//   P(v) = argmin_{w >= 0, sum w = 1} ||w - v||_2  =  max(v - theta, 0)
// with theta chosen so the result sums to one (Duchi, Shalev-Shwartz, Singer, Chandra 2008,
// "Efficient Projections onto the l1-Ball for Learning in High Dimensions", ICML, Figure 1:
// sort v decreasingly as u, rho = max{j : u_j - (sum_{r<=j} u_r - 1)/j > 0},
// theta = (sum_{r<=rho} u_r - 1)/rho). O(T log T). Used by SDMGrad (the inner projected
// gradient loop of LibMTL/official SDMGrad) and by MoCo's paper-variant weight update.
#include <Eigen/Dense>

namespace mtw::mtl::solvers {

// Returns the projection of v onto {w >= 0, sum w = 1}. v must be finite and non-empty.
Eigen::VectorXd projectOntoSimplex(const Eigen::Ref<const Eigen::VectorXd>& v);

} // namespace mtw::mtl::solvers
