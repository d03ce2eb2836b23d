#pragma once
// Linear centred kernel alignment (Kornblith et al. 2019, "Similarity of neural network
// representations revisited", eq. 4 with the linear kernel) between representations of the same
// n samples, and the threshold grouping FairBranch (Roy et al. 2024, section 3.16) branches on.
//
//   K_X = X^T X (n x n, X: features x samples), H = I - 11^T/n,
//   CKA(X, Y) = tr(H K_X H  H K_Y H) / sqrt(tr((H K_X H)^2) tr((H K_Y H)^2))
//             = |Yc Xc^T|_F^2 / (|Xc Xc^T|_F |Yc Yc^T|_F), Xc = X with each feature's mean removed,
// the second form costing O(n d_x d_y) instead of O(n^2 (d_x + d_y)). In [0, 1]; invariant to
// orthogonal transforms and isotropic scaling of either representation; 0 when either is constant.
#include "core/tensor.h"

#include <Eigen/Dense>
#include <vector>

namespace mtw::analysis {

double linearCka(const core::Matrix& X, const core::Matrix& Y);

// The T x T matrix of linearCka between the representations (unit diagonal for non-constant ones).
Eigen::MatrixXd ckaMatrix(const std::vector<core::Matrix>& representations);

// FairBranch's grouping: keep the task pairs whose affinity is >= threshold and link them greedily
// (single linkage), so each group is a connected component of that graph. Groups hold task
// indices in increasing order and are ordered by their first task; a task with no kept pair is
// a group of its own.
std::vector<std::vector<int>> thresholdGroups(const Eigen::MatrixXd& affinity, double threshold);

} // namespace mtw::analysis
