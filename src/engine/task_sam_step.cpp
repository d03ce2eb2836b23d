#include "engine/task_sam_step.h"

#include "core/all_finite.h"

#include "engine/joint_step.h"

#include <cmath>

namespace mtw::engine {

TaskSamStep::TaskSamStep(
    TrainingContext& context, const TaskSamOptions& options, std::unique_ptr<mtl::Method> flatnessMethod)
    : m_context(context)
    , m_options(options)
    , m_flatnessMethod(std::move(flatnessMethod))
    , m_optimizer(context.makeOptimizer())
{
}

void TaskSamStep::taskGradients(core::Matrix& gradients)
{
    const Eigen::Index tasks = m_context.problem.taskCount();
    gradients.resize(tasks, m_context.problem.parameterCount());
    for (Eigen::Index t = 0; t < tasks; ++t) {
        m_context.problem.combine(Eigen::VectorXd::Unit(tasks, t), true, m_direction);
        gradients.row(t) = m_direction.transpose();
    }
}

void TaskSamStep::perturb(const core::Vector& theta, const core::Vector& gradient, core::Index offset,
    core::Index count, core::Vector& perturbation) const
{
    if (count == 0)
        return;
    const Eigen::ArrayXd g = gradient.segment(offset, count).cast<double>().array();
    Eigen::ArrayXd scale = Eigen::ArrayXd::Ones(count);
    if (m_options.adaptive)
        scale = theta.segment(offset, count).cast<double>().array().abs();
    const double norm = (scale * g).matrix().norm();
    if (norm <= 0)
        return;
    perturbation.segment(offset, count) = (m_options.rho * scale.square() * g / norm).cast<core::Scalar>().matrix();
}

std::string TaskSamStep::aggregate(mtl::Method& method, const StepPlan& plan, const core::Matrix& rows,
    const Eigen::VectorXd& losses, core::Vector& shared, StepReport* report)
{
    const Eigen::MatrixXd gramian = (rows.cast<double>() * rows.cast<double>().transpose());
    mtl::MethodInput input { gramian, losses, method.needsJacobian() ? &rows : nullptr, plan.step, plan.epoch,
        plan.epochStart, m_context.methodRng };
    mtl::MethodOutput output;
    method.compute(input, output);
    if (output.hasDirection) {
        shared = output.direction;
        if (report && plan.diagnostics)
            report->diagnostics = analysis::diagnoseDirection(
                gramian, (rows * output.direction).cast<double>(), output.direction.cast<double>().norm());
        if (output.weights.size() != losses.size())
            output.weights = Eigen::VectorXd::Constant(losses.size(), std::nan(""));
    } else {
        if (!output.weights.allFinite())
            return describeNonFinite("method weight", output.weights, m_context.taskNames, plan.step,
                "methods built on loss ratios or logarithms need positive losses");
        shared = (rows.transpose() * output.weights.cast<core::Scalar>());
        if (report && plan.diagnostics)
            report->diagnostics = analysis::diagnoseWeights(gramian, output.weights);
    }
    if (report) {
        report->weights = output.weights;
        report->extras = std::move(output.extras);
    }
    return {};
}

StepReport TaskSamStep::step(const StepPlan& plan, core::Vector& theta)
{
    problem::MultiTaskProblem& problem = m_context.problem;
    const Eigen::Index tasks = problem.taskCount();
    const core::Index sharedCount = problem.sharedParameterCount();
    problem::GradientRequest request; // parameter space, no G: the mode forms its own
    request.needGramian = false;
    problem.computeGradients(theta, request, m_context.batchRng, m_gradients);
    StepReport report;
    const Eigen::VectorXd losses = m_gradients.losses;
    report.losses = losses;
    if (!losses.allFinite()) {
        report.failure = describeNonFinite("loss", losses, m_context.taskNames, plan.step);
        return report;
    }
    taskGradients(m_plain);

    HeldBatch hold(problem);
    m_sam.resize(tasks, problem.parameterCount());
    Eigen::VectorXd sharpness(tasks);
    for (Eigen::Index t = 0; t < tasks; ++t) {
        m_perturbation.setZero(theta.size());
        m_gradient = m_plain.row(t).transpose();
        perturb(theta, m_gradient, 0, sharedCount, m_perturbation);
        for (const problem::ParameterRange& range : problem.taskParameterRanges(static_cast<int>(t)))
            perturb(theta, m_gradient, range.offset, range.count, m_perturbation);
        m_shifted = theta + m_perturbation;
        problem.computeGradients(m_shifted, request, m_context.batchRng, m_gradients);
        sharpness(t) = m_gradients.losses(t) - losses(t);
        m_context.problem.combine(Eigen::VectorXd::Unit(tasks, t), true, m_direction);
        m_sam.row(t) = m_direction.transpose();
    }
    if (!sharpness.allFinite()) {
        report.failure = describeNonFinite(
            "perturbed loss", sharpness, m_context.taskNames, plan.step, "lower rho or the learning rate");
        return report;
    }

    // Shared block: agg(g) + agg(h), or agg(g^SAM); heads: their own task's g^SAM.
    core::Vector shared, flat;
    m_plainShared = m_plain.leftCols(sharedCount);
    m_flatness = m_sam.leftCols(sharedCount) - m_plainShared;
    if (m_options.split) {
        report.failure = aggregate(m_context.method, plan, m_plainShared, losses, shared, &report);
        if (report.failure.empty())
            report.failure = aggregate(*m_flatnessMethod, plan, m_flatness, losses, flat, nullptr);
        if (!report.failure.empty())
            return report;
        shared += flat;
    } else {
        m_plainShared = m_sam.leftCols(sharedCount); // reused as the g_SAM block here
        report.failure = aggregate(m_context.method, plan, m_plainShared, losses, shared, &report);
        if (!report.failure.empty())
            return report;
    }
    m_direction = m_sam.colwise().sum().transpose(); // heads: each column block holds one task's entries
    m_direction.head(sharedCount) = shared;
    if (!core::allFiniteParallel(m_direction)) {
        report.failure = "non-finite update direction at step " + std::to_string(plan.step);
        report.methodFailure = true;
        return report;
    }
    for (Eigen::Index t = 0; t < tasks; ++t) {
        const std::string& name = m_context.taskNames[static_cast<std::size_t>(t)];
        report.extras["sharpness:" + name] = sharpness(t);
        report.extras["flatness_norm:" + name] = m_flatness.row(t).cast<double>().norm();
    }
    noteLabelled(m_gradients, m_context.taskNames, report);
    m_optimizer->step(theta, m_direction, plan.learningRate);
    return report;
}

// The base optimizer's step on the task's plain gradient: the SAM perturbation is part of how the
// mode forms its direction, not of the optimizer (Wang et al.'s look-ahead takes one real step).
void TaskSamStep::lookahead(core::Vector& theta, const core::Vector& direction, double learningRate, int task) const
{
    lookaheadWithCopy(*m_optimizer, m_context.makeOptimizer, m_context.problem, theta, direction, learningRate, task);
}

mtl::MethodState TaskSamStep::state() const
{
    mtl::MethodState state;
    saveOptimizerState(*m_optimizer, state, "optimizer.");
    for (const auto& [key, values] : m_flatnessMethod->state())
        state["flatness_method." + key] = values;
    return state;
}

void TaskSamStep::setState(const mtl::MethodState& state)
{
    loadOptimizerState(*m_optimizer, state, "optimizer.");
    mtl::MethodState flat;
    const std::string prefix = "flatness_method.";
    for (const auto& [key, values] : state)
        if (key.rfind(prefix, 0) == 0)
            flat[key.substr(prefix.size())] = values;
    m_flatnessMethod->setState(flat);
}

} // namespace mtw::engine
