#pragma once
// The l2,1 norm ||W||_{2,1} = sum_j ||W_j.||_2 (the sum of the Euclidean norms of the rows of the
// d x T model matrix: one row per feature) and its proximal operator, row-wise group
// soft-thresholding (Argyriou, Evgeniou & Pontil 2008, "Convex multi-task feature learning";
// Liu, Ji & Ye 2009, "Multi-task feature learning via efficient l2,1-norm minimization", UAI):
//   prox_{t ||.||_{2,1}}(V)_j. = max(0, 1 - t / ||V_j.||_2) V_j.
// A row is zero in every task or in none: the tasks select the same features (Zhang & Yang 2021,
// "A Survey on Multi-Task Learning", TKDE: the feature learning approach).
//
// Parameters: `threshold` t >= 0.
#include <Eigen/Dense>

namespace mtw::classical {

double l21Norm(const Eigen::MatrixXd& w);

// out = the row-wise shrinkage above; out may alias v.
void proxL21(const Eigen::MatrixXd& v, double threshold, Eigen::MatrixXd& out);

// Rows whose Euclidean norm exceeds absTol (the prox sets the others to exactly zero).
int nonzeroRows(const Eigen::MatrixXd& w, double absTol = 1e-12);

} // namespace mtw::classical
