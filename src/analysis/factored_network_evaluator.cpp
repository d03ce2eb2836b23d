#include "analysis/factored_network_evaluator.h"

#include "analysis/network_subset.h"
#include "core/linear.h"
#include "core/parallel_gemm.h"

#include <stdexcept>

namespace mtw::analysis {

using core::Index;
using core::Matrix;
using core::Scalar;

struct FactoredNetworkEvaluator::Chunk {
    SubsetChunk data; // targets only (features released after the products)
    Matrix p0, p1, p2; // W X, D1 X, D2 X: out x count
};

bool FactoredNetworkEvaluator::applies(const problem::MultiTaskProblem& problem)
{
    const auto* network = dynamic_cast<const problem::HardSharingNetwork*>(&problem);
    return network && network->trunk().layerCount() > 0
        && dynamic_cast<const core::Linear*>(&network->trunk().layer(0)) != nullptr;
}

FactoredNetworkEvaluator::FactoredNetworkEvaluator(
    const problem::HardSharingNetwork& network, const LandscapePlane& plane, int evaluationSamples)
    : m_network(network)
    , m_plane(plane)
{
    if (!applies(network))
        throw std::invalid_argument("FactoredNetworkEvaluator: the trunk must start with a Linear layer");
    if (plane.origin.size() != network.parameterCount() || plane.d1.size() != plane.origin.size()
        || plane.d2.size() != plane.origin.size())
        throw std::invalid_argument("FactoredNetworkEvaluator: the plane does not match the network's parameters");
    const core::Layer& first = network.trunk().layer(0);
    const Index out = first.outputSize(), in = first.inputSize();
    const Index offset = network.trunk().parameterOffset(0);
    const core::ConstMatrixMap W(plane.origin.data() + offset, out, in);
    const core::ConstMatrixMap D1(plane.d1.data() + offset, out, in);
    const core::ConstMatrixMap D2(plane.d2.data() + offset, out, in);
    for (SubsetChunk& data : gatherEvaluationSubset(network, evaluationSamples)) {
        Chunk chunk;
        chunk.p0.resize(out, data.count);
        chunk.p1.resize(out, data.count);
        chunk.p2.resize(out, data.count);
        core::gemm(chunk.p0, W, core::Transpose::No, data.features, core::Transpose::No);
        core::gemm(chunk.p1, D1, core::Transpose::No, data.features, core::Transpose::No);
        core::gemm(chunk.p2, D2, core::Transpose::No, data.features, core::Transpose::No);
        data.features = Matrix();
        m_sampleCount += data.count;
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
    const core::Layer& first = trunk.layer(0);
    const Index out = first.outputSize(), in = first.inputSize();
    const core::ConstVectorMap bias(theta.data() + trunk.parameterOffset(0) + out * in, out);
    const Index tasks = m_network.taskCount();
    Eigen::VectorXd losses = Eigen::VectorXd::Zero(tasks);
    Matrix hidden, next;
    for (const Chunk& chunk : m_chunks) {
        // (W + a D1 + b D2) X + bias(a, b), from the stored products.
        hidden = chunk.p0;
        hidden.noalias() += sa * chunk.p1;
        hidden.noalias() += sb * chunk.p2;
        hidden.colwise() += bias;
        for (std::size_t l = 1; l < trunk.layerCount(); ++l) {
            trunk.layer(l).forward(theta.data() + trunk.parameterOffset(l), hidden, next);
            std::swap(hidden, next);
        }
        const double weight = static_cast<double>(chunk.data.count);
        for (Index t = 0; t < tasks; ++t) {
            const int task = static_cast<int>(t);
            core::Sequential::Workspace work;
            const Matrix& outputs
                = m_network.head(task).forward(theta.data() + m_network.headOffset(task), hidden, work);
            losses(t) += weight * subsetTaskLoss(m_network, task, outputs, chunk.data, nullptr);
        }
    }
    return losses / std::max<double>(1.0, static_cast<double>(m_sampleCount));
}

} // namespace mtw::analysis
