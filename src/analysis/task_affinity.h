#pragma once
// Inter-task affinity by look-ahead (Fifty, Amid, Zhao, Yu, Anil & Finn 2021, NeurIPS,
// "Efficiently Identifying Task Groupings for Multi-Task Learning", Eq. 3), normalised by the
// look-ahead step eta so that affinities at different learning rates compare:
//     Z(i, j) = (1 - L_j(theta_s - eta g_i, theta_j) / L_j(theta)) / eta,
// g_i = the gradient of task i's loss w.r.t. the SHARED parameters only (row i of the task
// Jacobian); the heads keep their values. Z(i, j) > 0: a step on task i lowers task j's loss.
// As eta -> 0, Z(i, j) -> <g_i, g_j> / L_j. Gradients and losses come from a TaskGradientOracle
// (a fixed sample set; Fifty et al. use the current mini-batch for both). The T look-ahead
// evaluations run in parallel (deterministic). eta: default 0.1 (the paper uses the training
// learning rate); Z(i, j) is NaN where L_j(theta) == 0.
#include "analysis/task_gradient_oracle.h"

namespace mtw::analysis {

// T x T, row i = the task whose gradient is applied, column j = the task whose loss is measured.
Eigen::MatrixXd lookaheadAffinity(TaskGradientOracle& oracle, const Eigen::VectorXd& theta, double eta = 0.1);

} // namespace mtw::analysis
