#include "analysis/per_example_gradients.h"

#include "core/linear.h"
#include "core/loss.h"

#include <tbb/parallel_for.h>

#include <cmath>
#include <stdexcept>
#include <vector>

namespace mtw::analysis {

using core::Index;
using core::Matrix;
using core::Scalar;

namespace {

// Samples per block of the generic per-example route: a fixed width (never the thread count),
// so the blocks' partial sums, added in block order, give the same bits with any thread count.
constexpr Index exampleBlock = 32;

// Draws a class from softmax(z) by inverting its cumulative distribution.
int drawClass(const Eigen::Ref<const core::Vector>& z, core::Rng& rng)
{
    const double maxLogit = z.maxCoeff();
    Eigen::VectorXd weights(z.rows());
    for (Index c = 0; c < z.rows(); ++c)
        weights(c) = std::exp(static_cast<double>(z(c)) - maxLogit);
    double threshold = rng.uniform() * weights.sum();
    for (Index c = 0; c + 1 < z.rows(); ++c) {
        threshold -= weights(c);
        if (threshold < 0)
            return static_cast<int>(c);
    }
    return static_cast<int>(z.rows() - 1);
}

// Mean loss over the samples, and in deltas the gradient of each sample's own loss l_i w.r.t.
// its outputs (core/loss.h gives the batch mean's gradient, i.e. dl_i / n, n the labelled count).
double outputDeltas(const problem::HardSharingNetwork& network, int task, const Matrix& outputs,
    const SubsetChunk& samples, TargetSource source, core::Rng* rng, Matrix& deltas)
{
    double loss = 0;
    if (source == TargetSource::Data) {
        loss = subsetTaskLoss(network, task, outputs, samples, &deltas);
    } else {
        const Index k = outputs.rows(), n = outputs.cols();
        switch (network.dataset().tasks[static_cast<std::size_t>(task)].kind) {
        case data::TargetKind::Classification: {
            std::vector<int> labels(static_cast<std::size_t>(n));
            for (Index i = 0; i < n; ++i)
                labels[static_cast<std::size_t>(i)] = drawClass(outputs.col(i), *rng);
            loss = core::crossEntropy(outputs, labels, &deltas);
            break;
        }
        case data::TargetKind::Binary: {
            Matrix values(k, n);
            for (Index i = 0; i < n; ++i)
                for (Index j = 0; j < k; ++j) {
                    const double p = 1.0 / (1.0 + std::exp(-static_cast<double>(outputs(j, i))));
                    values(j, i) = rng->uniform() < p ? Scalar(1) : Scalar(0);
                }
            loss = core::binaryCrossEntropy(outputs, values, &deltas);
            break;
        }
        case data::TargetKind::Regression: {
            const double sigma = std::sqrt(static_cast<double>(k) / 2);
            Matrix values(k, n);
            for (Index i = 0; i < n; ++i)
                for (Index j = 0; j < k; ++j)
                    values(j, i) = static_cast<Scalar>(outputs(j, i) + sigma * rng->normal());
            loss = core::meanSquaredError(outputs, values, &deltas);
            break;
        }
        }
    }
    // Samples without a label for the task (partial supervision) have zero deltas; the others were
    // divided by the labelled count.
    const Index divisor = source == TargetSource::Data ? subsetLabelledCount(samples, task) : outputs.cols();
    deltas *= static_cast<Scalar>(divisor);
    return loss;
}

// Adds one parametric layer's per-example squared norms into squaredNorms and the sum of its
// per-example gradients into sum (the layer's slice of the full sum).
void accumulateLayer(const core::Layer& layer, const Scalar* params, const Matrix& X, const Matrix& delta,
    Eigen::VectorXd& squaredNorms, Eigen::Ref<Eigen::VectorXd> sum)
{
    const Index count = layer.parameterCount();
    const Index n = X.cols();
    if (dynamic_cast<const core::Linear*>(&layer)) {
        // |delta_i x_i^T|^2 + |delta_i|^2 = |delta_i|^2 (|x_i|^2 + 1); the sum is the batch gradient.
        const Eigen::ArrayXd deltaNorms = delta.cast<double>().colwise().squaredNorm().transpose().array();
        const Eigen::ArrayXd inputNorms = X.cast<double>().colwise().squaredNorm().transpose().array();
        squaredNorms.array() += deltaNorms * (inputNorms + 1.0);
        core::Vector gradient(count);
        layer.parameterGradient(params, X, delta, gradient.data());
        sum += gradient.cast<double>();
        return;
    }
    const Index blocks = (n + exampleBlock - 1) / exampleBlock;
    std::vector<Eigen::VectorXd> partials(static_cast<std::size_t>(blocks));
    tbb::parallel_for(Index(0), blocks, [&](Index block) {
        Eigen::VectorXd& partial = partials[static_cast<std::size_t>(block)];
        partial.setZero(count);
        Matrix x(X.rows(), 1), d(delta.rows(), 1);
        core::Vector gradient(count);
        const Index end = std::min(n, (block + 1) * exampleBlock);
        for (Index i = block * exampleBlock; i < end; ++i) {
            x = X.col(i);
            d = delta.col(i);
            layer.parameterGradient(params, x, d, gradient.data());
            const Eigen::VectorXd g = gradient.cast<double>();
            squaredNorms(i) += g.squaredNorm();
            partial += g;
        }
    });
    for (const Eigen::VectorXd& partial : partials)
        sum += partial;
}

// Back-propagates delta (outputs of the chain, one column per sample) through `chain`, whose
// parameters start at params (= offset in the full parameter vector); delta ends as the chain's
// input delta when inputDelta is set.
void backwardChain(const core::Sequential& chain, const Scalar* params, Index offset,
    const std::vector<Matrix>& activations, Matrix& delta, bool inputDelta, PerExampleTaskGradients& result)
{
    Matrix next;
    for (std::size_t i = chain.layerCount(); i-- > 0;) {
        const core::Layer& layer = chain.layer(i);
        const Scalar* layerParams = params + chain.parameterOffset(i);
        if (layer.parameterCount() > 0)
            accumulateLayer(layer, layerParams, activations[i], delta, result.squaredNorms,
                result.sum.segment(offset + chain.parameterOffset(i), layer.parameterCount()));
        if (i > 0 || inputDelta) {
            layer.backwardInput(layerParams, activations[i], activations[i + 1], delta, next);
            std::swap(delta, next);
        }
    }
}

} // namespace

PerExampleTaskGradients perExampleTaskGradients(const problem::HardSharingNetwork& network, const core::Vector& theta,
    int task, const SubsetChunk& samples, TargetSource source, core::Rng* rng)
{
    core::Sequential::Workspace trunkWork;
    network.trunk().forward(theta.data(), samples.features, trunkWork);
    return perExampleTaskGradients(network, theta, task, samples, trunkWork, source, rng);
}

PerExampleTaskGradients perExampleTaskGradients(const problem::HardSharingNetwork& network, const core::Vector& theta,
    int task, const SubsetChunk& samples, const core::Sequential::Workspace& trunkWork, TargetSource source,
    core::Rng* rng)
{
    if (task < 0 || task >= network.taskCount())
        throw std::invalid_argument("perExampleTaskGradients: task out of range");
    if (theta.size() != network.parameterCount())
        throw std::invalid_argument("perExampleTaskGradients: theta has the wrong size");
    if (source == TargetSource::ModelSample && !rng)
        throw std::invalid_argument("perExampleTaskGradients: sampled targets need an Rng");
    const core::Sequential& trunk = network.trunk();
    if (trunkWork.activations.size() != trunk.layerCount() + 1 || trunkWork.activations.back().cols() != samples.count)
        throw std::invalid_argument("perExampleTaskGradients: the trunk workspace does not hold these samples");
    const core::Sequential& head = network.head(task);
    const Index headOffset = network.headOffset(task);
    const Scalar* headParams = theta.data() + headOffset;
    core::Sequential::Workspace headWork;
    const Matrix& outputs = head.forward(headParams, trunkWork.activations.back(), headWork);

    PerExampleTaskGradients result;
    result.squaredNorms.setZero(samples.count);
    result.sum.setZero(network.parameterCount());
    Matrix delta;
    result.loss = outputDeltas(network, task, outputs, samples, source, rng, delta);
    backwardChain(head, headParams, headOffset, headWork.activations, delta, trunk.layerCount() > 0, result);
    backwardChain(trunk, theta.data(), 0, trunkWork.activations, delta, false, result);
    return result;
}

} // namespace mtw::analysis
