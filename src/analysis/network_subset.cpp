#include "analysis/network_subset.h"

#include "core/loss.h"

#include <algorithm>

namespace mtw::analysis {

using core::Index;

std::vector<SubsetChunk> gatherEvaluationSubset(const problem::HardSharingNetwork& network, int evaluationSamples)
{
    const data::MultiTaskDataset& data = network.dataset();
    const std::size_t total
        = std::min<std::size_t>(static_cast<std::size_t>(std::max(evaluationSamples, 1)), data.train.size());
    std::vector<SubsetChunk> chunks;
    for (std::size_t start = 0; start < total; start += static_cast<std::size_t>(subsetChunkSize)) {
        const std::size_t end = std::min(total, start + static_cast<std::size_t>(subsetChunkSize));
        SubsetChunk chunk;
        chunk.count = static_cast<Index>(end - start);
        chunk.features.resize(data.inputDimension(), chunk.count);
        for (Index i = 0; i < chunk.count; ++i)
            chunk.features.col(i) = data.features.col(data.train[start + static_cast<std::size_t>(i)]);
        chunk.labels.resize(data.tasks.size());
        chunk.values.resize(data.tasks.size());
        for (std::size_t t = 0; t < data.tasks.size(); ++t) {
            const data::TaskTargets& target = data.tasks[t];
            for (Index i = 0; i < chunk.count; ++i) {
                const Index sample = data.train[start + static_cast<std::size_t>(i)];
                if (target.kind == data::TargetKind::Classification) {
                    chunk.labels[t].push_back(target.labels[static_cast<std::size_t>(sample)]);
                } else {
                    if (i == 0)
                        chunk.values[t].resize(target.values.rows(), chunk.count);
                    chunk.values[t].col(i) = target.values.col(sample);
                }
            }
        }
        chunks.push_back(std::move(chunk));
    }
    return chunks;
}

core::Index subsetLabelledCount(const SubsetChunk& chunk, int task)
{
    const std::size_t t = static_cast<std::size_t>(task);
    return chunk.labels[t].empty() && chunk.values[t].size() == 0
        ? chunk.count
        : (chunk.labels[t].empty() ? core::labelledCount(chunk.values[t]) : core::labelledCount(chunk.labels[t]));
}

double subsetTaskLoss(const problem::HardSharingNetwork& network, int task, const core::Matrix& outputs,
    const SubsetChunk& chunk, core::Matrix* gradient)
{
    const std::size_t t = static_cast<std::size_t>(task);
    switch (network.dataset().tasks[t].kind) {
    case data::TargetKind::Classification:
        return core::crossEntropy(outputs, chunk.labels[t], gradient);
    case data::TargetKind::Binary:
        return core::binaryCrossEntropy(outputs, chunk.values[t], gradient);
    case data::TargetKind::Regression:
        return core::meanSquaredError(outputs, chunk.values[t], gradient);
    }
    return 0;
}

} // namespace mtw::analysis
