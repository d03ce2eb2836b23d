#pragma once
// Inter-task affinity by look-ahead, normalised by the look-ahead learning rate eta so that
// affinities at different learning rates compare:
//     Z(i, j) = (1 - L_j(theta+_i) / L_j(theta)) / eta,
// Z(i, j) > 0: a step on task i lowers task j's loss; NaN where L_j(theta) == 0. Two steps:
//
//  * TAG (Fifty, Amid, Zhao, Yu, Anil & Finn 2021, NeurIPS, "Efficiently Identifying Task
//    Groupings for Multi-Task Learning", Eq. 3): the plain first-order look-ahead on the SHARED
//    parameters, theta+_i = theta_s - eta g_i (g_i: row i of the task Jacobian over the shared
//    parameters); the heads keep their values. As eta -> 0, Z(i, j) -> <g_i, g_j> / L_j.
//  * optimizer-consistent (Wang, Pan & Yu 2024, "Towards Principled Task Grouping for Multi-Task
//    Learning", arXiv 2402.15328, from the official code): theta+_i is a real step of the run's
//    optimizer on task i's loss alone, from a copy of its state (momentum, Adam moments, step
//    count), moving the shared parameters and task i's head, the state then discarded (their
//    backup / restore). The caller supplies that step (engine::TrainingMode::lookahead); eta is
//    the run's learning rate at the step, so the two variants share units.
//
// Gradients and losses come from a TaskGradientOracle (a fixed sample set; Fifty et al. use the
// current mini-batch for both). The T look-ahead evaluations run in parallel and write their own
// rows: deterministic in any thread count.
#include "analysis/task_gradient_oracle.h"

#include <functional>

namespace mtw::analysis {

// Moves theta (P parameters) by the look-ahead step of task `task`, whose full gradient row
// (P: shared | heads, zero on the other tasks' heads) is `gradient`. Called concurrently for
// different tasks: it must not share mutable state between calls.
using LookaheadStep = std::function<void(Eigen::VectorXd& theta, const Eigen::VectorXd& gradient, int task)>;

// T x T, row i = the task whose step is taken, column j = the task whose loss is measured.
// `losses` (T) and `gradients` (T x P) are the oracle's at theta (computed once for both variants).
Eigen::MatrixXd lookaheadAffinity(const TaskGradientOracle& oracle, const Eigen::VectorXd& theta,
    const Eigen::VectorXd& losses, const Eigen::MatrixXd& gradients, const LookaheadStep& step, double eta);

// TAG's plain shared-parameter step theta_s -= eta g_i,s.
LookaheadStep sharedGradientStep(const TaskGradientOracle& oracle, double eta);

// TAG at theta, gradients and losses from the oracle.
Eigen::MatrixXd lookaheadAffinity(TaskGradientOracle& oracle, const Eigen::VectorXd& theta, double eta = 0.1);

} // namespace mtw::analysis
