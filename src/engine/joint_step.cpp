#include "engine/joint_step.h"

#include "core/all_finite.h"

#include <cmath>
#include <sstream>

namespace mtw::engine {

std::string describeNonFinite(const char* what, const Eigen::VectorXd& values, const std::vector<std::string>& names,
    long long step, const char* hint)
{
    std::ostringstream out;
    out << "non-finite " << what << " at step " << step << ":";
    for (Eigen::Index t = 0; t < values.size(); ++t)
        if (!std::isfinite(values(t)))
            out << " task '" << names[static_cast<std::size_t>(t)] << "' = " << values(t);
    out << " (" << hint << ")";
    return out.str();
}

JointStep::JointStep(TrainingContext& context)
    : m_context(context)
    , m_optimizer(context.makeOptimizer())
{
}

StepReport aggregateStep(TrainingContext& context, mtl::Method& method, const StepPlan& plan,
    const problem::StepGradients& gradients, bool haveJacobian, core::Vector& direction)
{
    StepReport report;
    report.losses = gradients.losses;
    mtl::MethodInput input { gradients.gramian, gradients.losses, haveJacobian ? &gradients.jacobian : nullptr,
        plan.step, plan.epoch, plan.epochStart, context.methodRng };
    mtl::MethodOutput output;
    method.compute(input, output);
    const Eigen::Index tasks = gradients.losses.size();
    if (output.hasDirection) {
        const Eigen::VectorXd headWeights
            = output.weights.size() == tasks ? output.weights : Eigen::VectorXd::Ones(tasks);
        if (plan.diagnostics) {
            const Eigen::VectorXd progress = (gradients.jacobian * output.direction).cast<double>();
            report.diagnostics
                = analysis::diagnoseDirection(gradients.gramian, progress, output.direction.cast<double>().norm());
        }
        context.problem.combineDirection(output.direction, headWeights, method.weightsHeads(), direction);
        if (output.weights.size() != tasks)
            output.weights = Eigen::VectorXd::Constant(tasks, std::nan(""));
    } else {
        if (!output.weights.allFinite()) {
            report.failure = describeNonFinite("method weight", output.weights, context.taskNames, plan.step,
                "methods built on loss ratios or logarithms need positive losses; check the losses in the run");
            return report;
        }
        if (plan.diagnostics)
            report.diagnostics = analysis::diagnoseWeights(gradients.gramian, output.weights);
        context.problem.combine(output.weights, method.weightsHeads(), direction);
    }
    report.weights = std::move(output.weights);
    report.extras = std::move(output.extras);
    noteLabelled(gradients, context.taskNames, report);
    return report;
}

void noteLabelled(
    const problem::StepGradients& gradients, const std::vector<std::string>& taskNames, StepReport& report)
{
    for (Eigen::Index t = 0; t < gradients.labelled.size(); ++t)
        report.extras["labelled:" + taskNames[static_cast<std::size_t>(t)]] = gradients.labelled(t);
}

StepReport JointStep::step(const StepPlan& plan, core::Vector& theta)
{
    mtl::Method& method = m_context.method;
    problem::GradientRequest request;
    request.space = m_context.gradientSpace;
    request.needJacobian = method.needsJacobian();
    // Methods whose weights ignore G (EW, fixed, RLW, ...) skip forming it on unrecorded steps.
    request.needGramian = method.needsGramian() || plan.diagnostics;
    // Loss-only methods need no task gradient on unrecorded steps: one backward of the weighted loss.
    request.perTaskBackward = !method.needsOnlyLosses() || plan.diagnostics;
    m_context.problem.computeGradients(theta, request, m_context.batchRng, m_gradients);
    StepReport report;
    report.losses = m_gradients.losses;
    if (!m_gradients.losses.allFinite()) {
        report.failure = describeNonFinite("loss", m_gradients.losses, m_context.taskNames, plan.step);
        return report;
    }
    if (!m_gradients.gramian.allFinite()) {
        report.failure
            = describeNonFinite("gradient norm", m_gradients.gramian.diagonal(), m_context.taskNames, plan.step);
        return report;
    }
    report = aggregateStep(m_context, method, plan, m_gradients, request.needJacobian, m_direction);
    if (!report.failure.empty())
        return report;
    if (!core::allFiniteParallel(m_direction)) {
        report.failure = "non-finite update direction at step " + std::to_string(plan.step);
        report.methodFailure = true;
        return report;
    }
    m_optimizer->step(theta, m_direction, plan.learningRate);
    return report;
}

mtl::MethodState JointStep::state() const
{
    mtl::MethodState state;
    saveOptimizerState(*m_optimizer, state, "optimizer.");
    return state;
}

void JointStep::setState(const mtl::MethodState& state)
{
    loadOptimizerState(*m_optimizer, state, "optimizer.");
}

void JointStep::lookahead(core::Vector& theta, const core::Vector& direction, double learningRate, int task) const
{
    lookaheadWithCopy(*m_optimizer, m_context.makeOptimizer, m_context.problem, theta, direction, learningRate, task);
}

} // namespace mtw::engine
