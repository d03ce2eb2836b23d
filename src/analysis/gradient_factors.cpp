#include "analysis/gradient_factors.h"

#include "analysis/per_example_gradients.h"
#include "core/rng.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

namespace mtw::analysis {

using core::Index;

double exampleCoherence(double meanSquaredNorm, double squaredNormOfMean)
{
    if (meanSquaredNorm == 0)
        return TaskGradientFactors::nan;
    return squaredNormOfMean / meanSquaredNorm;
}

double simpleNoiseScale(double meanSquaredNorm, double squaredNormOfMean, long long n)
{
    if (n < 2 || meanSquaredNorm == 0)
        return TaskGradientFactors::nan;
    const double count = static_cast<double>(n);
    const double trace = count / (count - 1) * std::max(0.0, meanSquaredNorm - squaredNormOfMean);
    const double signal = (count * squaredNormOfMean - meanSquaredNorm) / (count - 1);
    if (signal <= 0)
        return std::numeric_limits<double>::infinity();
    return trace / signal;
}

namespace {

// Samples [begin, begin + count) of a chunk as a chunk of their own.
SubsetChunk sliceChunk(const SubsetChunk& chunk, Index begin, Index count)
{
    SubsetChunk piece;
    piece.count = count;
    piece.features = chunk.features.middleCols(begin, count);
    piece.labels.resize(chunk.labels.size());
    piece.values.resize(chunk.values.size());
    for (std::size_t t = 0; t < chunk.labels.size(); ++t) {
        if (!chunk.labels[t].empty())
            piece.labels[t].assign(chunk.labels[t].begin() + begin, chunk.labels[t].begin() + begin + count);
        if (chunk.values[t].size() > 0)
            piece.values[t] = chunk.values[t].middleCols(begin, count);
    }
    return piece;
}

double cosine(const Eigen::VectorXd& a, const Eigen::VectorXd& b)
{
    const double denominator = a.norm() * b.norm();
    return denominator > 0 ? a.dot(b) / denominator : TaskGradientFactors::nan;
}

// Per-task running sums over the chunks of one estimate() call.
struct TaskSums {
    double squaredNorms = 0; // sum_i |g_i|^2, data labels
    double sampledSquaredNorms = 0; // sum_i |g_i|^2, sampled labels
    Eigen::VectorXd sum; // sum_i g_i, data labels
    std::array<Eigen::VectorXd, 2> batchSums; // the within-task cosine's two batches
};

} // namespace

GradientFactorEstimator::GradientFactorEstimator(
    const problem::HardSharingNetwork& network, GradientFactorOptions options)
    : m_network(network)
    , m_options(options)
{
    if (options.samples < 1 || options.batchSize < 0)
        throw std::invalid_argument("gradient factors: samples must be >= 1 and batchSize >= 0");
    const std::vector<SubsetChunk> gathered = gatherEvaluationSubset(network, options.samples);
    m_labelledCounts.assign(static_cast<std::size_t>(network.taskCount()), 0);
    for (const SubsetChunk& chunk : gathered) {
        m_sampleCount += chunk.count;
        for (int t = 0; t < network.taskCount(); ++t)
            m_labelledCounts[static_cast<std::size_t>(t)] += subsetLabelledCount(chunk, t);
    }
    m_batchSize = options.batchSize;
    if (m_batchSize == 0 || 2 * m_batchSize > m_sampleCount)
        m_batchSize = m_sampleCount / 2;
    // Cut the gathered chunks at the batch boundaries so that each chunk's gradient sum belongs
    // to one batch (or to none, past the second).
    const std::array<Index, 2> cuts { m_batchSize, 2 * m_batchSize };
    Index chunkStart = 0;
    for (const SubsetChunk& chunk : gathered) {
        const Index chunkEnd = chunkStart + chunk.count;
        for (Index begin = chunkStart; begin < chunkEnd;) {
            Index end = chunkEnd;
            for (const Index cut : cuts)
                if (cut > begin && cut < end)
                    end = cut;
            m_chunks.push_back(sliceChunk(chunk, begin - chunkStart, end - begin));
            const bool inBatches = m_batchSize > 0 && begin < 2 * m_batchSize;
            m_chunkBatch.push_back(inBatches ? (begin < m_batchSize ? 0 : 1) : -1);
            begin = end;
        }
        chunkStart = chunkEnd;
    }
}

std::vector<TaskGradientFactors> GradientFactorEstimator::estimate(const core::Vector& theta, long long step) const
{
    if (theta.size() != m_network.parameterCount())
        throw std::invalid_argument("gradient factors: theta has the wrong size");
    const int tasks = m_network.taskCount();
    std::vector<TaskGradientFactors> factors(static_cast<std::size_t>(tasks));
    const bool empiricalFisher = m_options.fisher && m_options.fisherLabels == FisherLabels::Empirical;
    const bool dataPass = m_options.coherence || m_options.withinTaskCosine || empiricalFisher;
    const bool sampledPass = m_options.fisher && m_options.fisherLabels == FisherLabels::Sampled;
    if (!dataPass && !sampledPass)
        return factors;

    const Index parameters = m_network.parameterCount();
    std::vector<TaskSums> sums(static_cast<std::size_t>(tasks));
    std::vector<core::Rng> rngs;
    const core::Rng stepRng = core::Rng(m_options.seed).derive(static_cast<std::uint64_t>(step));
    for (int t = 0; t < tasks; ++t) {
        TaskSums& task = sums[static_cast<std::size_t>(t)];
        task.sum.setZero(parameters);
        task.batchSums[0].setZero(parameters);
        task.batchSums[1].setZero(parameters);
        rngs.push_back(stepRng.derive(static_cast<std::uint64_t>(t)));
    }
    core::Sequential::Workspace trunkWork;
    for (std::size_t c = 0; c < m_chunks.size(); ++c) {
        const SubsetChunk& chunk = m_chunks[c];
        m_network.trunk().forward(theta.data(), chunk.features, trunkWork);
        // Each task reads the shared trunk activations and writes only its own slots (its sums
        // and its Rng), in chunk order: deterministic with any thread count.
        tbb::parallel_for(0, tasks, [&](int t) {
            TaskSums& task = sums[static_cast<std::size_t>(t)];
            if (dataPass) {
                const PerExampleTaskGradients data
                    = perExampleTaskGradients(m_network, theta, t, chunk, trunkWork, TargetSource::Data);
                task.squaredNorms += data.squaredNorms.sum();
                task.sum += data.sum;
                if (m_chunkBatch[c] >= 0)
                    task.batchSums[static_cast<std::size_t>(m_chunkBatch[c])] += data.sum;
            }
            if (sampledPass) {
                const PerExampleTaskGradients sampled = perExampleTaskGradients(m_network, theta, t, chunk, trunkWork,
                    TargetSource::ModelSample, &rngs[static_cast<std::size_t>(t)]);
                task.sampledSquaredNorms += sampled.squaredNorms.sum();
            }
        });
    }

    for (int t = 0; t < tasks; ++t) {
        const TaskSums& task = sums[static_cast<std::size_t>(t)];
        TaskGradientFactors& out = factors[static_cast<std::size_t>(t)];
        // The data labels' means are over the task's labelled samples (all of them without
        // partial supervision); labels sampled from the model exist for every sample.
        const Index labelled = m_labelledCounts[static_cast<std::size_t>(t)];
        const double n = static_cast<double>(labelled);
        const double meanSquaredNorm = task.squaredNorms / n;
        const double squaredNormOfMean = (task.sum / n).squaredNorm();
        if (dataPass)
            out.gradientNorm = std::sqrt(squaredNormOfMean);
        if (m_options.coherence) {
            out.coherence = exampleCoherence(meanSquaredNorm, squaredNormOfMean);
            out.noiseScale = simpleNoiseScale(meanSquaredNorm, squaredNormOfMean, labelled);
        }
        if (m_options.withinTaskCosine && m_batchSize > 0)
            out.withinTaskCosine = cosine(task.batchSums[0], task.batchSums[1]);
        if (m_options.fisher)
            out.fisherTrace = empiricalFisher ? task.squaredNorms / n
                                              : task.sampledSquaredNorms / static_cast<double>(m_sampleCount);
    }
    return factors;
}

} // namespace mtw::analysis
