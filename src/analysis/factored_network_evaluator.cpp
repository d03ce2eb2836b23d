#include "analysis/factored_network_evaluator.h"

#include "analysis/network_subset.h"
#include "core/activation.h"
#include "core/gemm_dispatch.h"
#include "core/pool_channel.h"

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

// f(theta0 + a d1 + b d2) X for `width` samples from `begin`, from the stored outputs: per
// element as CombinedPixels, so a sample's bits do not depend on its block or batch. With `relu`,
// the ReLU that follows the first layer in the same pass (the layer's own max(x, 0)).
void FactoredNetworkEvaluator::combineStored(
    const Chunk& chunk, Index begin, Index width, Scalar a, Scalar b, bool relu, Matrix& combined)
{
    const auto sum = chunk.p0.middleCols(begin, width).array() + a * chunk.p1.middleCols(begin, width).array()
        + b * chunk.p2.middleCols(begin, width).array();
    combined.resize(chunk.p0.rows(), width);
    if (relu)
        combined.array() = sum.max(Scalar(0));
    else
        combined.array() = sum;
}

// pooled[k] = the first max-pool of f(theta_k) X for `width` samples from `begin`, for every point
// k. Each sample's channel of the three stored outputs (the LeNet's 3 x 784 floats) is read from
// the block once and then from L1 for every point; the pool combines each pixel as it loads it,
// in registers: the first layer's output (7,840 floats a sample) is never written, and the pool
// needs no pass of its own. The 2 x 2, stride-2 pool runs in the convolution kernel's level
// (AVX-512 where the CPU has it: a pooled row of 16 is one vector), any other in the build's.
void FactoredNetworkEvaluator::poolCombinations(const Chunk& chunk, Index begin, Index width,
    const std::vector<Scalar>& a, const std::vector<Scalar>& b, std::vector<Matrix>& pooled,
    std::vector<Scalar*>& columns) const
{
    for (std::size_t k = 0; k < pooled.size(); ++k) {
        pooled[k].resize(m_pool->outputSize(), width);
        columns[k] = pooled[k].data();
    }
    const core::ImageShape input = m_pool->inputShape();
    const Index at = begin * chunk.p0.rows();
    const core::PooledCombinations job { input.channels, input.height, input.width, chunk.p0.data() + at,
        chunk.p1.data() + at, chunk.p2.data() + at, chunk.p0.rows(), width, a.data(), b.data(),
        static_cast<Index>(pooled.size()), columns.data(), m_pool->outputSize() };
    if (m_pool->halving()) {
        core::activeConvolutionKernel().poolCombinations(job);
        return;
    }
    core::pooling::forEachCombinedChannel(job, m_pool->outputSize() / input.channels,
        [&](const core::pooling::CombinedPixels& pixels, Scalar* out) { m_pool->poolChannelOf(pixels, out); });
}

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
    if (network.trunk().layerCount() > 1)
        m_pool = dynamic_cast<const core::MaxPool2d*>(&network.trunk().layer(1));
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
    const Index tasks = m_network.taskCount();
    const std::size_t count = points.size();
    // The remaining layers and the heads see theta(a, b) itself.
    std::vector<core::Vector> thetas;
    for (const PlanePoint& point : points)
        thetas.push_back(
            m_plane.origin + static_cast<Scalar>(point.a) * m_plane.d1 + static_cast<Scalar>(point.b) * m_plane.d2);
    std::vector<Eigen::VectorXd> losses(count, Eigen::VectorXd::Zero(tasks));
    // Every point's head outputs for a chunk, filled block by block while the block's
    // representation is in cache (the heads' products give each column the same bits in any block).
    std::vector<std::vector<Matrix>> outputs(count, std::vector<Matrix>(static_cast<std::size_t>(tasks)));
    // Per point, the pooled first layer when a max-pool follows it; the layers' outputs take turns
    // in two buffers, which stay in cache.
    std::vector<Matrix> pooled(m_pool ? count : 0);
    std::vector<Scalar*> pooledColumns(pooled.size());
    std::vector<Scalar> pointA, pointB; // the points' step sizes, as the pool combines them
    for (const PlanePoint& point : points) {
        pointA.push_back(static_cast<Scalar>(point.a));
        pointB.push_back(static_cast<Scalar>(point.b));
    }
    Matrix hidden, next;
    core::Sequential::Workspace headWork;
    const auto* activation = trunk.layerCount() > 1 ? dynamic_cast<const core::Activation*>(&trunk.layer(1)) : nullptr;
    const bool reluFollows = activation && activation->kind() == core::ActivationKind::ReLU;
    for (const Chunk& chunk : m_chunks) {
        const Index samples = chunk.data.count;
        for (std::vector<Matrix>& pointOutputs : outputs)
            for (Index t = 0; t < tasks; ++t)
                pointOutputs[static_cast<std::size_t>(t)].resize(
                    m_network.head(static_cast<int>(t)).outputSize(), samples);
        for (Index begin = 0; begin < samples; begin += m_blockColumns) {
            const Index width = std::min(m_blockColumns, samples - begin);
            if (m_pool)
                poolCombinations(chunk, begin, width, pointA, pointB, pooled, pooledColumns);
            // Every point through this block while its stored outputs are in cache.
            for (std::size_t k = 0; k < count; ++k) {
                // The pooled first layer, already made for every point, or the first layer (and
                // its ReLU) now.
                std::size_t layer = 2;
                const Matrix* input = m_pool ? &pooled[k] : &hidden;
                if (!m_pool) {
                    combineStored(chunk, begin, width, pointA[k], pointB[k], reluFollows, hidden);
                    layer = reluFollows ? 2 : 1;
                }
                for (; layer < trunk.layerCount(); ++layer) {
                    Matrix& output = input == &hidden ? next : hidden;
                    trunk.layer(layer).forward(thetas[k].data() + trunk.parameterOffset(layer), *input, output);
                    input = &output;
                }
                for (Index t = 0; t < tasks; ++t) {
                    const int task = static_cast<int>(t);
                    outputs[k][static_cast<std::size_t>(t)].middleCols(begin, width) = m_network.head(task).evaluate(
                        thetas[k].data() + m_network.headOffset(task), *input, headWork);
                }
            }
        }
        for (std::size_t k = 0; k < count; ++k)
            for (Index t = 0; t < tasks; ++t) {
                const int task = static_cast<int>(t);
                losses[k](t) += static_cast<double>(subsetLabelledCount(chunk.data, task))
                    * subsetTaskLoss(m_network, task, outputs[k][static_cast<std::size_t>(t)], chunk.data, nullptr);
            }
    }
    // Each task's mean over its labelled samples, as HardSharingNetwork::lossesAt.
    for (Eigen::VectorXd& pointLosses : losses)
        pointLosses = pointLosses.cwiseQuotient(m_labelledCounts);
    return losses;
}

} // namespace mtw::analysis
