#pragma once
// Deterministic per-task losses and full-parameter gradients at any theta, on a FIXED set of
// samples, for the curvature, TAG and gradient-plane analyses (which need the same batch on
// every call: a Hessian-vector product by finite differences subtracts two gradients).
//
//  * HardSharingNetwork: exact, on the network's fixed evaluation subset (the first
//    `evaluationSamples` training samples, the subset lossesAt() uses when the counts match).
//    The forward pass goes through the trunk and heads in chunks of 1024 samples, the task
//    deltas down the trunk together (core::Sequential::backwardTasks writes the shared Jacobian
//    rows J, T x shared), each head gets its own task's gradient; chunks are weighted by their
//    sample count. The network object is only read (its training batch cursor is untouched).
//  * AnalyticProblem: the closed-form losses and Jacobian (AnalyticProblem::value, in double).
//  * any other problem: computeGradients() with a fresh Rng(seed) on every call, then
//    combine(e_t, weightHeads = true) per task. This calls the problem's mutable step API:
//    give the oracle its own problem instance, not the one a trainer is using.
//
// Gradient rows are over all P parameters: [shared | heads]; row t is zero on the other tasks'
// heads. Losses and gradients are returned in double.
#include "core/tensor.h"
#include "problem/multi_task_problem.h"

#include <cstdint>
#include <memory>

namespace mtw::analysis {

class TaskGradientOracle {
public:
    // evaluationSamples: subset size for networks (default: HardSharingNetwork's default, 2048).
    explicit TaskGradientOracle(
        problem::MultiTaskProblem& problem, std::uint64_t seed = 0, int evaluationSamples = 2048);
    ~TaskGradientOracle();
    TaskGradientOracle(const TaskGradientOracle&) = delete;
    TaskGradientOracle& operator=(const TaskGradientOracle&) = delete;

    int taskCount() const;
    core::Index parameterCount() const;
    core::Index sharedParameterCount() const;

    // losses: T; gradients: T x P (nullptr: losses only, cheaper).
    void evaluate(const Eigen::VectorXd& theta, Eigen::VectorXd& losses, Eigen::MatrixXd* gradients);
    // The loss and gradient (P) of one task, or of the total sum_t L_t for task = -1: on networks
    // one backward pass with a single delta (the total's is sum_t dZ_t), about T times cheaper
    // than evaluate() with all rows; elsewhere a row (or the row sum) of evaluate(). What
    // Hessian-vector products by differences of gradients call twice per product.
    double lossAndGradient(const Eigen::VectorXd& theta, int task, Eigen::VectorXd& gradient);
    // Losses only; const and thread-safe (networks: own forward pass; analytic: value();
    // other problems: MultiTaskProblem::lossesAt, their fixed evaluation subset).
    Eigen::VectorXd losses(const Eigen::VectorXd& theta) const;

    problem::MultiTaskProblem& problem() { return m_problem; }

private:
    struct NetworkData;
    problem::MultiTaskProblem& m_problem;
    std::uint64_t m_seed;
    std::unique_ptr<NetworkData> m_network; // set for HardSharingNetwork
};

} // namespace mtw::analysis
