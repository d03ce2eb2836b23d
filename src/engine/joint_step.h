#pragma once
// The default training mode: one optimizer step per mini-batch on the method's aggregate of all
// task gradients:
//   gradients = problem.computeGradients(theta)   (losses, G, J only if the method needs it)
//   weights   = method.compute(G, losses, ...)
//   d         = problem.combine(weights)          (J^T w without a second backward pass; for
//                                                   loss-only methods on unrecorded steps, the
//                                                   step's one backward of sum_t w_t L_t)
//   theta     = optimizer.step(theta, d, lr)
#include "engine/training_mode.h"

#include <memory>

namespace mtw::engine {

class JointStep final : public TrainingMode {
public:
    explicit JointStep(TrainingContext& context);
    StepReport step(const StepPlan& plan, core::Vector& theta) override;
    mtl::MethodState state() const override;
    void setState(const mtl::MethodState& state) override;
    void lookahead(core::Vector& theta, const core::Vector& direction, double learningRate, int task) const override;

private:
    TrainingContext& m_context;
    std::unique_ptr<core::Optimizer> m_optimizer;
    problem::StepGradients m_gradients;
    core::Vector m_direction;
};

// The method's step on gradients already computed: weights or direction, the full update
// direction through the problem, and diagnostics when asked. Shared by the modes that aggregate.
StepReport aggregateStep(TrainingContext& context, mtl::Method& method, const StepPlan& plan,
    const problem::StepGradients& gradients, bool haveJacobian, core::Vector& direction);

// Partial supervision: each task's labelled samples in the batch (StepGradients::labelled) as the
// extras "labelled:<task>", plotted per task like every prefixed family; nothing with full labels.
void noteLabelled(
    const problem::StepGradients& gradients, const std::vector<std::string>& taskNames, StepReport& report);

} // namespace mtw::engine
