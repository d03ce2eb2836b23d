#pragma once
// SAM per task with separate aggregation of the loss and flatness gradients.
// Phan, Le, Tran, Tran, Nguyen & Ho 2022, "Improving Multi-task Learning via Seeking Task-based
// Flat Regions" (arXiv 2211.13723), Alg. 1, as the official code runs it:
//   for each task i: g_i = grad L_i(theta);
//     eps_i = rho T(theta)^2 g_i / |T(theta) g_i|, separately for the shared parameters and
//     task i's head (T = |theta| in adaptive mode, Kwon et al. 2021; T = 1 otherwise);
//     g_i^SAM = grad L_i(theta + eps_i) on the same mini-batch; h_i = g_i^SAM - g_i (flatness);
//   shared update = agg({g_i}) + agg({h_i}), each set aggregated by the run's method (two
//   instances, so stateful methods keep the two streams apart); head i gets g_i^SAM.
// With split = false the method aggregates {g_i^SAM} directly (the paper's "a-*" variants).
// Defaults: rho 0.05, not adaptive (the paper's Multi-MNIST setting; rho 2 adaptive on NYUv2,
// Cityscapes, CelebA). Cost: T + 1 gradient evaluations per step (the paper's T + 1 backward
// passes); ours evaluate all tasks at each perturbed point and keep task i's.
// Recorded per task: the sharpness surrogate L_i(theta + eps_i) - L_i(theta) and |h_i|.
#include "engine/training_mode.h"

#include <functional>
#include <memory>

namespace mtw::engine {

struct TaskSamOptions {
    double rho = 0.05;
    bool adaptive = false;
    bool split = true;
};

class TaskSamStep final : public TrainingMode {
public:
    TaskSamStep(TrainingContext& context, const TaskSamOptions& options, std::unique_ptr<mtl::Method> flatnessMethod);
    StepReport step(const StepPlan& plan, core::Vector& theta) override;
    mtl::MethodState state() const override;
    void setState(const mtl::MethodState& state) override;
    void lookahead(core::Vector& theta, const core::Vector& direction, double learningRate, int task) const override;

private:
    // Full gradient of each task (shared block and its own head) from the last computeGradients().
    void taskGradients(core::Matrix& gradients);
    // eps = rho T^2 g / |T g| over one block of parameters (adds to `perturbation`).
    void perturb(const core::Vector& theta, const core::Vector& gradient, core::Index offset, core::Index count,
        core::Vector& perturbation) const;
    // The method's shared direction for the rows of `rows` (T x S).
    std::string aggregate(mtl::Method& method, const StepPlan& plan, const core::Matrix& rows,
        const Eigen::VectorXd& losses, core::Vector& shared, StepReport* report);

    TrainingContext& m_context;
    TaskSamOptions m_options;
    std::unique_ptr<mtl::Method> m_flatnessMethod;
    std::unique_ptr<core::Optimizer> m_optimizer;
    problem::StepGradients m_gradients;
    core::Matrix m_plain, m_sam; // T x P task gradients at theta and at theta + eps_i
    core::Matrix m_plainShared, m_flatness; // T x S: the shared blocks of g_i and h_i
    core::Vector m_perturbation, m_shifted, m_gradient;
    core::Vector m_direction;
};

} // namespace mtw::engine
