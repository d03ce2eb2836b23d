#include "analysis/factored_network_evaluator.h"

#include "analysis/network_subset.h"

#include <algorithm>
#include <stdexcept>

namespace mtw::analysis {

using core::Index;
using core::Matrix;
using core::Scalar;

namespace {

// The first layer's output per block of the per-point pass (see the header).
constexpr Index kBlockBytes = Index(1) << 20;

} // namespace

struct FactoredNetworkEvaluator::Chunk {
    SubsetChunk data; // targets only (features released after the products)
    Matrix p0, p1, p2; // f(theta0) X, f(d1) X, f(d2) X: out x count
};

bool FactoredNetworkEvaluator::applies(const problem::MultiTaskProblem& problem)
{
    const auto* network = dynamic_cast<const problem::HardSharingNetwork*>(&problem);
    return network && network->trunk().layerCount() > 0 && network->trunk().layer(0).outputLinearInParameters();
}

FactoredNetworkEvaluator::FactoredNetworkEvaluator(
    const problem::HardSharingNetwork& network, const LandscapePlane& plane, int evaluationSamples)
    : m_network(network)
    , m_plane(plane)
{
    if (!applies(network))
        throw std::invalid_argument(
            "FactoredNetworkEvaluator: the trunk's first layer must be linear in its parameters (Linear, Conv2d)");
    if (plane.origin.size() != network.parameterCount() || plane.d1.size() != plane.origin.size()
        || plane.d2.size() != plane.origin.size())
        throw std::invalid_argument("FactoredNetworkEvaluator: the plane does not match the network's parameters");
    const core::Layer& first = network.trunk().layer(0);
    const Index offset = network.trunk().parameterOffset(0);
    const Index out = first.outputSize();
    m_blockColumns = std::clamp<Index>(kBlockBytes / (out * Index(sizeof(Scalar))) / 16 * 16, 16, subsetChunkSize);
    m_labelledCounts = Eigen::VectorXd::Zero(network.taskCount());
    for (SubsetChunk& data : gatherEvaluationSubset(network, evaluationSamples)) {
        Chunk chunk;
        first.forward(plane.origin.data() + offset, data.features, chunk.p0);
        first.forward(plane.d1.data() + offset, data.features, chunk.p1);
        first.forward(plane.d2.data() + offset, data.features, chunk.p2);
        data.features = Matrix();
        for (int t = 0; t < network.taskCount(); ++t)
            m_labelledCounts(t) += static_cast<double>(subsetLabelledCount(data, t));
        chunk.data = std::move(data);
        m_chunks.push_back(std::move(chunk));
    }
}

FactoredNetworkEvaluator::~FactoredNetworkEvaluator() = default;

Eigen::VectorXd FactoredNetworkEvaluator::lossesAt(double a, double b) const
{
    const Scalar sa = static_cast<Scalar>(a), sb = static_cast<Scalar>(b);
    // The remaining layers and the heads see theta(a, b) itself.
    const core::Vector theta = m_plane.origin + sa * m_plane.d1 + sb * m_plane.d2;
    const core::Sequential& trunk = m_network.trunk();
    const Index representationSize = trunk.layer(trunk.layerCount() - 1).outputSize();
    const Index tasks = m_network.taskCount();
    Eigen::VectorXd losses = Eigen::VectorXd::Zero(tasks);
    Matrix hidden, next, representation;
    for (const Chunk& chunk : m_chunks) {
        const Index count = chunk.data.count;
        representation.resize(representationSize, count);
        for (Index begin = 0; begin < count; begin += m_blockColumns) {
            const Index width = std::min(m_blockColumns, count - begin);
            // f(theta0 + a d1 + b d2) X from the stored outputs.
            hidden.noalias() = chunk.p0.middleCols(begin, width) + sa * chunk.p1.middleCols(begin, width)
                + sb * chunk.p2.middleCols(begin, width);
            for (std::size_t l = 1; l < trunk.layerCount(); ++l) {
                trunk.layer(l).forward(theta.data() + trunk.parameterOffset(l), hidden, next);
                std::swap(hidden, next);
            }
            representation.middleCols(begin, width) = hidden;
        }
        for (Index t = 0; t < tasks; ++t) {
            const int task = static_cast<int>(t);
            core::Sequential::Workspace work;
            const Matrix& outputs
                = m_network.head(task).forward(theta.data() + m_network.headOffset(task), representation, work);
            losses(t) += static_cast<double>(subsetLabelledCount(chunk.data, task))
                * subsetTaskLoss(m_network, task, outputs, chunk.data, nullptr);
        }
    }
    // Each task's mean over its labelled samples, as HardSharingNetwork::lossesAt.
    return losses.cwiseQuotient(m_labelledCounts);
}

} // namespace mtw::analysis
