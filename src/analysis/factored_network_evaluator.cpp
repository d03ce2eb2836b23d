#include "analysis/factored_network_evaluator.h"

#include "analysis/network_subset.h"

#include <algorithm>
#include <stdexcept>

namespace mtw::analysis {

using core::Index;
using core::Matrix;
using core::Scalar;

namespace {

// The three stored first-layer outputs of one block of the per-point pass (see the header).
constexpr Index kStoredBlockBytes = Index(3) << 19;

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
    m_blockColumns
        = std::clamp<Index>(kStoredBlockBytes / (3 * out * Index(sizeof(Scalar))) / 16 * 16, 16, subsetChunkSize);
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
    return lossesAtEach({ PlanePoint { a, b } }).front();
}

std::vector<Eigen::VectorXd> FactoredNetworkEvaluator::lossesAtEach(const std::vector<PlanePoint>& points) const
{
    const core::Sequential& trunk = m_network.trunk();
    const Index representationSize = trunk.layer(trunk.layerCount() - 1).outputSize();
    const Index tasks = m_network.taskCount();
    const std::size_t count = points.size();
    // The remaining layers and the heads see theta(a, b) itself.
    std::vector<core::Vector> thetas;
    for (const PlanePoint& point : points)
        thetas.push_back(
            m_plane.origin + static_cast<Scalar>(point.a) * m_plane.d1 + static_cast<Scalar>(point.b) * m_plane.d2);
    std::vector<Eigen::VectorXd> losses(count, Eigen::VectorXd::Zero(tasks));
    std::vector<Matrix> representations(count);
    Matrix hidden, next;
    for (const Chunk& chunk : m_chunks) {
        const Index samples = chunk.data.count;
        for (Matrix& representation : representations)
            representation.resize(representationSize, samples);
        for (Index begin = 0; begin < samples; begin += m_blockColumns) {
            const Index width = std::min(m_blockColumns, samples - begin);
            // Every point through this block while its stored outputs are in cache.
            for (std::size_t k = 0; k < count; ++k) {
                const Scalar sa = static_cast<Scalar>(points[k].a), sb = static_cast<Scalar>(points[k].b);
                // f(theta0 + a d1 + b d2) X from the stored outputs.
                hidden.noalias() = chunk.p0.middleCols(begin, width) + sa * chunk.p1.middleCols(begin, width)
                    + sb * chunk.p2.middleCols(begin, width);
                for (std::size_t l = 1; l < trunk.layerCount(); ++l) {
                    trunk.layer(l).forward(thetas[k].data() + trunk.parameterOffset(l), hidden, next);
                    std::swap(hidden, next);
                }
                representations[k].middleCols(begin, width) = hidden;
            }
        }
        for (std::size_t k = 0; k < count; ++k)
            for (Index t = 0; t < tasks; ++t) {
                const int task = static_cast<int>(t);
                core::Sequential::Workspace work;
                const Matrix& outputs = m_network.head(task).forward(
                    thetas[k].data() + m_network.headOffset(task), representations[k], work);
                losses[k](t) += static_cast<double>(subsetLabelledCount(chunk.data, task))
                    * subsetTaskLoss(m_network, task, outputs, chunk.data, nullptr);
            }
    }
    // Each task's mean over its labelled samples, as HardSharingNetwork::lossesAt.
    for (Eigen::VectorXd& pointLosses : losses)
        pointLosses = pointLosses.cwiseQuotient(m_labelledCounts);
    return losses;
}

} // namespace mtw::analysis
