#pragma once
// The trace (nuclear) norm ||W||_* = sum_i sigma_i(W) and its proximal operator, singular-value
// soft-thresholding (Cai, Candes & Shen 2010, "A Singular Value Thresholding Algorithm for Matrix
// Completion", SIAM J. Optim., Theorem 2.1):
//   prox_{t ||.||_*}(V) = argmin_X 1/2 ||X - V||_F^2 + t ||X||_* = U diag(max(sigma_i - t, 0)) V^T
// for the thin SVD V = U diag(sigma) V^T. In linear multi-task learning (Zhang & Yang 2021, "A
// Survey on Multi-Task Learning", TKDE, the low-rank approach; Baytas et al. 2016, AMTL, its
// nuclear-norm example) the columns of W are the task models and the trace norm pulls them into a shared
// low-dimensional subspace.
//
// Parameters: `threshold` t >= 0 (the step times lambda in a proximal gradient step).
#include <Eigen/Dense>

namespace mtw::classical {

double traceNorm(const Eigen::MatrixXd& w);

// out = U diag(max(sigma - threshold, 0)) V^T; out may not alias v.
void proxTraceNorm(const Eigen::MatrixXd& v, double threshold, Eigen::MatrixXd& out);

// The number of singular values above relTol * sigma_max (0 for the zero matrix): the rank a
// trace-norm solution has once SVT has set the small singular values to exactly zero.
int numericalRank(const Eigen::MatrixXd& w, double relTol = 1e-9);

} // namespace mtw::classical
