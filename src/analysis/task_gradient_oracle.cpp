#include "analysis/task_gradient_oracle.h"

#include "analysis/network_subset.h"
#include "problem/analytic_problem.h"
#include "problem/hard_sharing_network.h"

#include <tbb/parallel_for.h>

namespace mtw::analysis {

using core::Index;
using core::Matrix;

struct TaskGradientOracle::NetworkData {
    const problem::HardSharingNetwork* network = nullptr;
    std::vector<SubsetChunk> chunks;
    Index sampleCount = 0;
};

TaskGradientOracle::TaskGradientOracle(problem::MultiTaskProblem& problem, std::uint64_t seed, int evaluationSamples)
    : m_problem(problem)
    , m_seed(seed) {
    if (const auto* network = dynamic_cast<const problem::HardSharingNetwork*>(&problem)) {
        m_network = std::make_unique<NetworkData>();
        m_network->network = network;
        m_network->chunks = gatherEvaluationSubset(*network, evaluationSamples);
        for (const SubsetChunk& chunk : m_network->chunks)
            m_network->sampleCount += chunk.count;
    }
}

TaskGradientOracle::~TaskGradientOracle() = default;

int TaskGradientOracle::taskCount() const {
    return m_problem.taskCount();
}
Index TaskGradientOracle::parameterCount() const {
    return m_problem.parameterCount();
}
Index TaskGradientOracle::sharedParameterCount() const {
    return m_problem.sharedParameterCount();
}

namespace {

// Losses (and gradients) of a network on its chunked subset; weights and summation order
// follow HardSharingNetwork::evaluateSamples so the losses match lossesAt() bit for bit.
void networkEvaluate(const problem::HardSharingNetwork& network, const std::vector<SubsetChunk>& chunks,
    Index sampleCount, const core::Vector& theta, Eigen::VectorXd& losses, Eigen::MatrixXd* gradients) {
    const Index tasks = network.taskCount();
    const Index shared = network.sharedParameterCount();
    losses = Eigen::VectorXd::Zero(tasks);
    if (gradients)
        gradients->setZero(tasks, network.parameterCount());
    const double n = std::max<double>(1.0, static_cast<double>(sampleCount));
    core::Sequential::Workspace trunkWork;
    for (const SubsetChunk& chunk : chunks) {
        const Matrix& Z = network.trunk().forward(theta.data(), chunk.features, trunkWork);
        const double weight = static_cast<double>(chunk.count);
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
            losses(t) += weight * chunkLosses(t);
        if (!gradients)
            continue;
        Matrix jacobian(tasks, shared);
        network.trunk().backwardTasks(theta.data(), trunkWork, deltas, tasks, jacobian.data(), tasks, nullptr);
        const double share = weight / n;
        gradients->leftCols(shared) += share * jacobian.cast<double>();
        for (Index t = 0; t < tasks; ++t) {
            const core::Vector& headGradient = headGradients[static_cast<std::size_t>(t)];
            gradients->row(t).segment(network.headOffset(static_cast<int>(t)), headGradient.size())
                += share * headGradient.cast<double>().transpose();
        }
    }
    losses /= n;
}

} // namespace

void TaskGradientOracle::evaluate(const Eigen::VectorXd& theta, Eigen::VectorXd& losses, Eigen::MatrixXd* gradients) {
    if (m_network) {
        networkEvaluate(*m_network->network, m_network->chunks, m_network->sampleCount, theta.cast<core::Scalar>(),
            losses, gradients);
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

Eigen::VectorXd TaskGradientOracle::losses(const Eigen::VectorXd& theta) const {
    Eigen::VectorXd result;
    if (m_network) {
        networkEvaluate(*m_network->network, m_network->chunks, m_network->sampleCount, theta.cast<core::Scalar>(),
            result, nullptr);
    } else if (const auto* analytic = dynamic_cast<const problem::AnalyticProblem*>(&m_problem)) {
        analytic->value(theta, result, nullptr);
    } else {
        result = m_problem.lossesAt(theta.cast<core::Scalar>());
    }
    return result;
}

} // namespace mtw::analysis
