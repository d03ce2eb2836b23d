#include "engine/blockwise_optimizer.h"

#include <stdexcept>

namespace mtw::engine {

BlockwiseOptimizer::BlockwiseOptimizer(
    const OptimizerFactory& factory, const problem::MultiTaskProblem& problem, int sharedSets)
    : m_factory(factory)
    , m_sharedCount(problem.sharedParameterCount())
{
    for (int s = 0; s < sharedSets; ++s)
        m_shared.push_back({ { { 0, m_sharedCount } }, m_sharedCount, factory() });
    for (int t = 0; t < problem.taskCount(); ++t) {
        Block block { problem.taskParameterRanges(t), 0, factory() };
        for (const problem::ParameterRange& range : block.ranges)
            block.size += range.count;
        m_tasks.push_back(std::move(block));
    }
}

void BlockwiseOptimizer::stepBlock(const Block& block, core::Optimizer& optimizer, core::Vector& theta,
    const core::Vector& direction, double learningRate, core::Vector& values, core::Vector& gradient)
{
    if (block.size == 0)
        return;
    values.resize(block.size);
    gradient.resize(block.size);
    core::Index at = 0;
    for (const problem::ParameterRange& r : block.ranges) {
        values.segment(at, r.count) = theta.segment(r.offset, r.count);
        gradient.segment(at, r.count) = direction.segment(r.offset, r.count);
        at += r.count;
    }
    optimizer.step(values, gradient, learningRate);
    at = 0;
    for (const problem::ParameterRange& r : block.ranges) {
        theta.segment(r.offset, r.count) = values.segment(at, r.count);
        at += r.count;
    }
}

void BlockwiseOptimizer::step(core::Vector& theta, const core::Vector& direction, double learningRate,
    const std::vector<int>& activeTasks, int sharedSet)
{
    const Block& shared = m_shared.at(static_cast<std::size_t>(sharedSet));
    stepBlock(shared, *shared.optimizer, theta, direction, learningRate, m_values, m_gradient);
    for (int t : activeTasks) {
        const Block& block = m_tasks.at(static_cast<std::size_t>(t));
        stepBlock(block, *block.optimizer, theta, direction, learningRate, m_values, m_gradient);
    }
}

void BlockwiseOptimizer::lookahead(
    core::Vector& theta, const core::Vector& direction, double learningRate, int task, int sharedSet) const
{
    core::Vector values, gradient;
    for (const Block* block :
        { &m_shared.at(static_cast<std::size_t>(sharedSet)), &m_tasks.at(static_cast<std::size_t>(task)) }) {
        const std::unique_ptr<core::Optimizer> copy = copyOptimizer(*block->optimizer, m_factory);
        stepBlock(*block, *copy, theta, direction, learningRate, values, gradient);
    }
}

void BlockwiseOptimizer::saveState(mtl::MethodState& state, const std::string& prefix) const
{
    for (std::size_t s = 0; s < m_shared.size(); ++s)
        saveOptimizerState(*m_shared[s].optimizer, state, prefix + "shared" + std::to_string(s) + ".");
    for (std::size_t t = 0; t < m_tasks.size(); ++t)
        saveOptimizerState(*m_tasks[t].optimizer, state, prefix + "task" + std::to_string(t) + ".");
}

void BlockwiseOptimizer::loadState(const mtl::MethodState& state, const std::string& prefix)
{
    for (std::size_t s = 0; s < m_shared.size(); ++s)
        loadOptimizerState(*m_shared[s].optimizer, state, prefix + "shared" + std::to_string(s) + ".");
    for (std::size_t t = 0; t < m_tasks.size(); ++t)
        loadOptimizerState(*m_tasks[t].optimizer, state, prefix + "task" + std::to_string(t) + ".");
}

void saveOptimizerState(const core::Optimizer& optimizer, mtl::MethodState& state, const std::string& prefix)
{
    const std::vector<core::Vector> moments = optimizer.state();
    for (std::size_t i = 0; i < moments.size(); ++i)
        state[prefix + "moment" + std::to_string(i)]
            = std::vector<double>(moments[i].data(), moments[i].data() + moments[i].size());
    state[prefix + "steps"] = { static_cast<double>(optimizer.stepCount()) };
}

void loadOptimizerState(core::Optimizer& optimizer, const mtl::MethodState& state, const std::string& prefix)
{
    const auto steps = state.find(prefix + "steps");
    if (steps == state.end() || steps->second.size() != 1)
        throw std::invalid_argument("checkpoint lacks the optimizer state '" + prefix + "steps'");
    std::vector<core::Vector> moments;
    for (std::size_t i = 0;; ++i) {
        const auto it = state.find(prefix + "moment" + std::to_string(i));
        if (it == state.end())
            break;
        core::Vector v(static_cast<core::Index>(it->second.size()));
        for (std::size_t k = 0; k < it->second.size(); ++k)
            v(static_cast<core::Index>(k)) = static_cast<core::Scalar>(it->second[k]);
        moments.push_back(std::move(v));
    }
    optimizer.setState(moments);
    optimizer.setStepCount(static_cast<long long>(steps->second[0]));
}

std::unique_ptr<core::Optimizer> copyOptimizer(const core::Optimizer& optimizer, const OptimizerFactory& factory)
{
    std::unique_ptr<core::Optimizer> copy = factory();
    copy->setState(optimizer.state());
    copy->setStepCount(optimizer.stepCount());
    return copy;
}

void lookaheadWithCopy(const core::Optimizer& optimizer, const OptimizerFactory& factory,
    const problem::MultiTaskProblem& problem, core::Vector& theta, const core::Vector& direction, double learningRate,
    int task)
{
    const core::Vector before = theta;
    copyOptimizer(optimizer, factory)->step(theta, direction, learningRate);
    for (int other = 0; other < problem.taskCount(); ++other)
        if (other != task)
            for (const problem::ParameterRange& r : problem.taskParameterRanges(other))
                theta.segment(r.offset, r.count) = before.segment(r.offset, r.count);
}

} // namespace mtw::engine
