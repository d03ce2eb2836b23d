#include "engine/group_sequential_step.h"

#include "core/all_finite.h"

#include "engine/joint_step.h"

#include <algorithm>

namespace mtw::engine {

GroupSequentialStep::GroupSequentialStep(TrainingContext& context, const GroupSequentialOptions& options)
    : m_context(context)
    , m_options(options)
    , m_optimizer(context.makeOptimizer, context.problem,
          !options.selective && options.groupSize == 1 && options.taskMoments ? context.problem.taskCount() : 1)
{
    if (options.selective)
        m_affinity.emplace(context.problem.taskCount(), options.beta);
}

int GroupSequentialStep::momentSet(const std::vector<int>& group) const
{
    return m_options.taskMoments && !m_options.selective && m_options.groupSize == 1 ? group.front() : 0;
}

std::vector<std::vector<int>> GroupSequentialStep::planGroups(long long step)
{
    const int tasks = m_context.problem.taskCount();
    core::Rng& rng = m_context.methodRng;
    std::vector<std::vector<int>> groups;
    if (m_options.selective && step >= m_options.warmup) {
        groups = m_affinity->groups(rng);
    } else if (m_options.selective || m_options.groupSize > 1) {
        // A random partition into groups of groupSize (singletons during the warm-up).
        const int size = m_options.selective ? 1 : m_options.groupSize;
        const std::vector<std::size_t> order = rng.permutation(static_cast<std::size_t>(tasks));
        for (std::size_t i = 0; i < order.size(); ++i) {
            if (i % static_cast<std::size_t>(size) == 0)
                groups.emplace_back();
            groups.back().push_back(static_cast<int>(order[i]));
        }
        for (std::vector<int>& group : groups)
            std::sort(group.begin(), group.end());
    } else {
        for (int t = 0; t < tasks; ++t)
            groups.push_back({ t });
    }
    if (m_options.selective || m_options.randomOrder) {
        const std::vector<std::size_t> order = rng.permutation(groups.size());
        std::vector<std::vector<int>> shuffled;
        for (std::size_t i : order)
            shuffled.push_back(std::move(groups[i]));
        groups = std::move(shuffled);
    }
    return groups;
}

void GroupSequentialStep::recordGroups(const std::vector<std::vector<int>>& groups, StepReport& report) const
{
    const std::vector<std::string>& names = m_context.taskNames;
    report.extras["groups"] = static_cast<double>(groups.size());
    // Groups numbered by their first task, so the label of a task changes only when its group does.
    std::vector<std::vector<int>> sorted = groups;
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t g = 0; g < sorted.size(); ++g)
        for (int t : sorted[g])
            report.extras["group:" + names[static_cast<std::size_t>(t)]] = static_cast<double>(g);
    if (!m_affinity)
        return;
    const Eigen::MatrixXd& A = m_affinity->matrix();
    for (Eigen::Index s = 0; s < A.rows(); ++s)
        for (Eigen::Index t = 0; t < A.cols(); ++t)
            report.extras["affinity:" + names[static_cast<std::size_t>(s)] + ">" + names[static_cast<std::size_t>(t)]]
                = A(s, t);
}

StepReport GroupSequentialStep::step(const StepPlan& plan, core::Vector& theta)
{
    problem::MultiTaskProblem& problem = m_context.problem;
    mtl::Method& method = m_context.method;
    const Eigen::Index tasks = problem.taskCount();
    const std::vector<std::vector<int>> groups = planGroups(plan.step);

    problem::GradientRequest request;
    request.space = m_context.gradientSpace;
    request.needGramian = method.needsGramian() || plan.diagnostics;
    problem.computeGradients(theta, request, m_context.batchRng, m_gradients);
    StepReport report;
    report.losses = m_gradients.losses;
    if (!m_gradients.losses.allFinite()) {
        report.failure = describeNonFinite("loss", m_gradients.losses, m_context.taskNames, plan.step);
        return report;
    }
    // The method's loss weights for this batch scale each task inside its group.
    mtl::MethodInput input { m_gradients.gramian, m_gradients.losses, nullptr, plan.step, plan.epoch, plan.epochStart,
        m_context.methodRng };
    mtl::MethodOutput output;
    method.compute(input, output);
    if (output.hasDirection || output.weights.size() != tasks || !output.weights.allFinite()) {
        report.failure = describeNonFinite("method weight", output.weights, m_context.taskNames, plan.step,
            "group steps need finite per-task loss weights");
        return report;
    }
    const Eigen::VectorXd scale = static_cast<double>(tasks) * output.weights;
    if (plan.diagnostics)
        report.diagnostics = analysis::diagnoseWeights(m_gradients.gramian, scale);
    report.weights = output.weights;
    report.extras = std::move(output.extras);
    noteLabelled(m_gradients, m_context.taskNames, report);

    HeldBatch hold(problem);
    problem::GradientRequest again;
    again.space = m_context.gradientSpace;
    again.needGramian = false;
    Eigen::VectorXd before = m_gradients.losses;
    for (std::size_t k = 0; k <= groups.size(); ++k) {
        if (k > 0) {
            // Losses after the previous group's step: the affinity sample, and this group's start.
            problem.computeGradients(theta, again, m_context.batchRng, m_gradients);
            if (!m_gradients.losses.allFinite()) {
                report.failure = describeNonFinite("loss", m_gradients.losses, m_context.taskNames, plan.step);
                return report;
            }
            if (m_affinity)
                m_affinity->update(groups[k - 1], before, m_gradients.losses);
            before = m_gradients.losses;
        }
        if (k == groups.size())
            break;
        const std::vector<int>& group = groups[k];
        Eigen::VectorXd weights = Eigen::VectorXd::Zero(tasks);
        for (int t : group)
            weights(t) = scale(t);
        problem.combine(weights, true, m_direction);
        if (!core::allFiniteParallel(m_direction)) {
            report.failure = "non-finite update direction at step " + std::to_string(plan.step);
            report.methodFailure = true;
            return report;
        }
        m_optimizer.step(theta, m_direction, plan.learningRate, group, momentSet(group));
        // Without an affinity to update, the last group needs no forward pass after its step.
        if (!m_affinity && k + 1 == groups.size())
            break;
    }
    recordGroups(groups, report);
    return report;
}

// Task `task` stepped as a group of its own: the shared block with its moment set, its own head.
void GroupSequentialStep::lookahead(
    core::Vector& theta, const core::Vector& direction, double learningRate, int task) const
{
    m_optimizer.lookahead(theta, direction, learningRate, task, momentSet({ task }));
}

mtl::MethodState GroupSequentialStep::state() const
{
    mtl::MethodState state;
    m_optimizer.saveState(state, "optimizer.");
    if (m_affinity)
        m_affinity->saveState(state, "mode.");
    return state;
}

void GroupSequentialStep::setState(const mtl::MethodState& state)
{
    m_optimizer.loadState(state, "optimizer.");
    if (m_affinity)
        m_affinity->loadState(state, "mode.");
}

} // namespace mtw::engine
