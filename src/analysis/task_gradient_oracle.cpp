#include "analysis/task_gradient_oracle.h"

#include "analysis/network_subset.h"
#include "problem/analytic_problem.h"
#include "problem/hard_sharing_network.h"

#include <tbb/parallel_for.h>

#include <stdexcept>

namespace mtw::analysis {

using core::Index;
using core::Matrix;

struct TaskGradientOracle::NetworkData {
    const problem::HardSharingNetwork* network = nullptr;
    std::vector<SubsetChunk> chunks;
};

TaskGradientOracle::TaskGradientOracle(problem::MultiTaskProblem& problem, std::uint64_t seed, int evaluationSamples)
    : m_problem(problem)
    , m_seed(seed)
{
    if (const auto* network = dynamic_cast<const problem::HardSharingNetwork*>(&problem)) {
        m_network = std::make_unique<NetworkData>();
        m_network->network = network;
        m_network->chunks = gatherEvaluationSubset(*network, evaluationSamples);
    }
}

TaskGradientOracle::~TaskGradientOracle() = default;

int TaskGradientOracle::taskCount() const
{
    return m_problem.taskCount();
}
Index TaskGradientOracle::parameterCount() const
{
    return m_problem.parameterCount();
}
Index TaskGradientOracle::sharedParameterCount() const
{
    return m_problem.sharedParameterCount();
}

namespace {

// Per task, the chunk's labelled samples (core/loss.h: a chunk's task loss is their mean).
Eigen::VectorXd chunkWeights(const problem::HardSharingNetwork& network, const SubsetChunk& chunk)
{
    Eigen::VectorXd weights(network.taskCount());
    for (int t = 0; t < network.taskCount(); ++t)
        weights(t) = static_cast<double>(subsetLabelledCount(chunk, t));
    return weights;
}

// Per task, the subset's labelled samples (at least 1; all of them without partial supervision).
Eigen::VectorXd labelledTotals(const problem::HardSharingNetwork& network, const std::vector<SubsetChunk>& chunks)
{
    Eigen::VectorXd totals = Eigen::VectorXd::Zero(network.taskCount());
    for (const SubsetChunk& chunk : chunks)
        totals += chunkWeights(network, chunk);
    return totals.cwiseMax(1.0);
}

// Losses (and gradients) of a network on its chunked subset; weights and summation order
// follow HardSharingNetwork::evaluateSamples so the losses match lossesAt() bit for bit.
void networkEvaluate(const problem::HardSharingNetwork& network, const std::vector<SubsetChunk>& chunks,
    const core::Vector& theta, Eigen::VectorXd& losses, Eigen::MatrixXd* gradients)
{
    const Index tasks = network.taskCount();
    const Index shared = network.sharedParameterCount();
    losses = Eigen::VectorXd::Zero(tasks);
    if (gradients)
        gradients->setZero(tasks, network.parameterCount());
    const Eigen::VectorXd n = labelledTotals(network, chunks);
    core::Sequential::Workspace trunkWork;
    for (const SubsetChunk& chunk : chunks) {
        const Matrix& Z = network.trunk().forward(theta.data(), chunk.features, trunkWork);
        const Eigen::VectorXd weight = chunkWeights(network, chunk);
        Matrix deltas(Z.rows(), gradients ? tasks * chunk.count : 0);
        std::vector<core::Vector> headGradients(static_cast<std::size_t>(tasks));
        Eigen::VectorXd chunkLosses(tasks);
        // Tasks are independent (each writes its own slots), so running them in parallel is
        // deterministic.
        tbb::parallel_for(Index(0), tasks, [&](Index t) {
            const int task = static_cast<int>(t);
            const core::Sequential& head = network.head(task);
            const core::Scalar* headParams = theta.data() + network.headOffset(task);
            core::Sequential::Workspace work;
            const Matrix& outputs = head.forward(headParams, Z, work);
            Matrix dOutputs;
            chunkLosses(t) = subsetTaskLoss(network, task, outputs, chunk, gradients ? &dOutputs : nullptr);
            if (!gradients)
                return;
            core::Vector& headGradient = headGradients[static_cast<std::size_t>(t)];
            headGradient.resize(head.parameterCount());
            Matrix dZ;
            head.backward(headParams, work, dOutputs, headGradient.data(), &dZ);
            deltas.middleCols(t * chunk.count, chunk.count) = dZ;
        });
        for (Index t = 0; t < tasks; ++t)
            losses(t) += weight(t) * chunkLosses(t);
        if (!gradients)
            continue;
        Matrix jacobian(tasks, shared);
        network.trunk().backwardTasks(theta.data(), trunkWork, deltas, tasks, jacobian.data(), tasks, nullptr);
        const Eigen::VectorXd share = weight.cwiseQuotient(n);
        gradients->leftCols(shared) += share.asDiagonal() * jacobian.cast<double>();
        for (Index t = 0; t < tasks; ++t) {
            const core::Vector& headGradient = headGradients[static_cast<std::size_t>(t)];
            gradients->row(t).segment(network.headOffset(static_cast<int>(t)), headGradient.size())
                += share(t) * headGradient.cast<double>().transpose();
        }
    }
    losses = losses.cwiseQuotient(n);
}

// The loss and gradient of task `task` (or of the sum over tasks for -1) on the chunked subset, one
// trunk backward per chunk with that task's delta (or the sum of all tasks' deltas). Chunks are
// weighted by their sample count, as networkEvaluate does.
double networkTaskGradient(const problem::HardSharingNetwork& network, const std::vector<SubsetChunk>& chunks,
    const core::Vector& theta, int task, Eigen::VectorXd& gradient)
{
    const Index tasks = network.taskCount();
    const Index shared = network.sharedParameterCount();
    gradient.setZero(network.parameterCount());
    const Eigen::VectorXd n = labelledTotals(network, chunks);
    const Index first = task < 0 ? 0 : task, last = task < 0 ? tasks : task + 1;
    double loss = 0;
    core::Sequential::Workspace trunkWork;
    core::Vector trunkGradient(shared);
    for (const SubsetChunk& chunk : chunks) {
        const Matrix& Z = network.trunk().forward(theta.data(), chunk.features, trunkWork);
        std::vector<Matrix> dZ(static_cast<std::size_t>(last - first));
        std::vector<core::Vector> headGradients(static_cast<std::size_t>(last - first));
        Eigen::VectorXd chunkLosses(last - first);
        tbb::parallel_for(first, last, [&](Index t) {
            const std::size_t slot = static_cast<std::size_t>(t - first);
            const core::Sequential& head = network.head(static_cast<int>(t));
            const core::Scalar* headParams = theta.data() + network.headOffset(static_cast<int>(t));
            core::Sequential::Workspace work;
            const Matrix& outputs = head.forward(headParams, Z, work);
            Matrix dOutputs;
            chunkLosses(t - first) = subsetTaskLoss(network, static_cast<int>(t), outputs, chunk, &dOutputs);
            headGradients[slot].resize(head.parameterCount());
            head.backward(headParams, work, dOutputs, headGradients[slot].data(), &dZ[slot]);
        });
        const Eigen::VectorXd share = chunkWeights(network, chunk).cwiseQuotient(n).segment(first, last - first);
        // Every task's share is the chunk's (full labels): the deltas are summed and the sum scaled
        // once. Under partial supervision the shares differ and each delta is scaled before the sum.
        const bool common = (share.array() == share(0)).all();
        // Summed in task order: the same bits with any thread count.
        Matrix delta = common ? dZ.front() : Matrix(static_cast<core::Scalar>(share(0)) * dZ.front());
        for (std::size_t k = 1; k < dZ.size(); ++k)
            delta += common ? dZ[k] : Matrix(static_cast<core::Scalar>(share(static_cast<Index>(k))) * dZ[k]);
        network.trunk().backward(theta.data(), trunkWork, delta, trunkGradient.data(), nullptr);
        loss += common ? share(0) * chunkLosses.sum() : share.dot(chunkLosses);
        gradient.head(shared) += (common ? share(0) : 1.0) * trunkGradient.cast<double>();
        for (Index t = first; t < last; ++t) {
            const core::Vector& headGradient = headGradients[static_cast<std::size_t>(t - first)];
            gradient.segment(network.headOffset(static_cast<int>(t)), headGradient.size())
                += share(t - first) * headGradient.cast<double>();
        }
    }
    return loss;
}

} // namespace

double TaskGradientOracle::lossAndGradient(const Eigen::VectorXd& theta, int task, Eigen::VectorXd& gradient)
{
    if (task < -1 || task >= taskCount())
        throw std::invalid_argument("gradient oracle: task must be -1 (total) or a task index");
    if (m_network)
        return networkTaskGradient(*m_network->network, m_network->chunks, theta.cast<core::Scalar>(), task, gradient);
    Eigen::VectorXd losses;
    Eigen::MatrixXd gradients;
    evaluate(theta, losses, &gradients);
    if (task >= 0) {
        gradient = gradients.row(task).transpose();
        return losses(task);
    }
    gradient = gradients.colwise().sum().transpose();
    return losses.sum();
}

void TaskGradientOracle::evaluate(const Eigen::VectorXd& theta, Eigen::VectorXd& losses, Eigen::MatrixXd* gradients)
{
    if (m_network) {
        networkEvaluate(*m_network->network, m_network->chunks, theta.cast<core::Scalar>(), losses, gradients);
        return;
    }
    if (const auto* analytic = dynamic_cast<const problem::AnalyticProblem*>(&m_problem)) {
        analytic->value(theta, losses, gradients);
        return;
    }
    // Generic problem: the same seed on every call, hence the same batch for stateless samplers.
    core::Rng rng(m_seed);
    problem::StepGradients step;
    const core::Vector thetaF = theta.cast<core::Scalar>();
    m_problem.computeGradients(thetaF, problem::GradientRequest {}, rng, step);
    losses = step.losses;
    if (!gradients)
        return;
    const Index tasks = m_problem.taskCount();
    gradients->resize(tasks, m_problem.parameterCount());
    core::Vector direction;
    for (Index t = 0; t < tasks; ++t) {
        m_problem.combine(Eigen::VectorXd::Unit(tasks, t), true, direction);
        gradients->row(t) = direction.cast<double>().transpose();
    }
}

Eigen::VectorXd TaskGradientOracle::losses(const Eigen::VectorXd& theta) const
{
    Eigen::VectorXd result;
    if (m_network) {
        networkEvaluate(*m_network->network, m_network->chunks, theta.cast<core::Scalar>(), result, nullptr);
    } else if (const auto* analytic = dynamic_cast<const problem::AnalyticProblem*>(&m_problem)) {
        analytic->value(theta, result, nullptr);
    } else {
        result = m_problem.lossesAt(theta.cast<core::Scalar>());
    }
    return result;
}

} // namespace mtw::analysis
