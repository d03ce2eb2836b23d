#pragma once
// Losses along the straight line between two parameter vectors (Goodfellow, Vinyals & Saxe 2015,
// ICLR, "Qualitatively Characterizing Neural Network Optimization Problems", section 2:
// theta(alpha) = (1 - alpha) theta_a + alpha theta_b), e.g. between a single-task and a
// multi-task run's ends, or two methods' ends: is there a barrier between them, and which end
// is lower for which task? Per task, the loss on the problem's fixed evaluation subset of the
// training split (MultiTaskProblem::lossesAt, the landscape's loss) and, where the problem has
// one, on the validation split. alpha below 0 or above 1 extrapolates past the ends.
//
// The points are independent and evaluated in parallel (TBB), so the result is the same for any
// thread count.
#include "core/tensor.h"
#include "problem/multi_task_problem.h"

#include <Eigen/Dense>
#include <atomic>
#include <string>
#include <vector>

namespace mtw::analysis {

struct LossInterpolation {
    std::vector<double> alphas;
    std::vector<std::string> taskNames;
    Eigen::MatrixXd trainLosses; // alphas x T
    Eigen::MatrixXd validationLosses; // alphas x T; empty without a validation split
    bool cancelled = false;
};

// `points` (>= 2) evenly spaced values from `from` to `to` (both included), plus 0 and 1 when
// they lie inside and are not among them (the ends are always evaluated).
std::vector<double> interpolationAlphas(double from, double to, int points);

// The loss barrier along the line (Frankle, Dziugaite, Roy & Carbin 2020, ICML, "Linear Mode
// Connectivity and the Lottery Ticket Hypothesis", section 2, with the loss for the error): the
// largest L(alpha) - ((1 - alpha) L(0) + alpha L(1)) over the alphas in [0, 1]; 0 when the line
// never rises above the chord. NaN when alpha = 0 or 1 is missing.
double lossBarrier(const std::vector<double>& alphas, const Eigen::VectorXd& losses);

// Throws std::invalid_argument when a and b differ in size from the problem's parameters.
LossInterpolation interpolateLosses(const problem::MultiTaskProblem& problem, const core::Vector& a,
    const core::Vector& b, const std::vector<double>& alphas, const std::atomic<bool>* cancel = nullptr);

} // namespace mtw::analysis
