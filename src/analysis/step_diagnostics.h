#pragma once
// Per-step diagnostics, all from the Gramian G = J J^T and the weights w (d = J^T w), so they
// cost O(T^2) per step, whatever the parameter count:
//   cos_ij = G_ij / sqrt(G_ii G_jj)                        pairwise gradient cosine
//   |g_t| = sqrt(G_tt), |d| = sqrt(w^T G w)
//   progress_t = <g_t, d> = (G w)_t                        J d >= 0 <=> non-conflicting step
//   alignment_t = cos(g_t, d) = (G w)_t / (|g_t| |d|)
//   slowdown_t = <g_t, d> / |g_t|^2                          (Mueller et al. 2024: r_t)
//   GMS_ij = 2 |g_i| |g_j| / (|g_i|^2 + |g_j|^2)             (Yu et al. 2020)
//   conflict fraction = share of pairs i < j with cos_ij < 0
// For methods that return a direction instead of weights, progress = J d is passed in directly.
#include <Eigen/Dense>

namespace mtw::analysis {

struct StepDiagnostics {
    Eigen::MatrixXd cosine; // T x T
    Eigen::VectorXd gradientNorms; // T
    Eigen::VectorXd progress; // T, <g_t, d>
    Eigen::VectorXd alignment; // T
    Eigen::VectorXd slowdown; // T
    double directionNorm = 0;
    double conflictFraction = 0;
    double minimumMagnitudeSimilarity = 1; // min over pairs of GMS
    bool nonConflicting = true; // progress >= -tolerance
};

Eigen::MatrixXd cosineMatrix(const Eigen::MatrixXd& gramian);

// Diagnostics of a weighted step (d = J^T w).
StepDiagnostics diagnoseWeights(const Eigen::MatrixXd& gramian, const Eigen::VectorXd& weights);
// Diagnostics of a step with a given direction: progress = J d, directionNorm = |d|.
StepDiagnostics diagnoseDirection(
    const Eigen::MatrixXd& gramian, const Eigen::VectorXd& progress, double directionNorm);

} // namespace mtw::analysis
