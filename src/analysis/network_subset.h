#pragma once
// The fixed evaluation subset of a HardSharingNetwork, gathered once in chunks (internal helper
// of the factored landscape evaluator and the gradient oracle). It mirrors
// HardSharingNetwork::lossesAt: the first `evaluationSamples` training samples, chunks of 1024,
// each task's loss by its target kind (cross-entropy, BCE with logits, MSE).
#include "core/tensor.h"
#include "problem/hard_sharing_network.h"

#include <vector>

namespace mtw::analysis {

struct SubsetChunk {
    core::Matrix features; // inputs x samples (may be released by the user after use)
    std::vector<std::vector<int>> labels; // per task (classification)
    std::vector<core::Matrix> values; // per task (regression / binary)
    core::Index count = 0;
};

constexpr core::Index subsetChunkSize = 1024;

std::vector<SubsetChunk> gatherEvaluationSubset(const problem::HardSharingNetwork& network, int evaluationSamples);

// The chunk's samples labelled for task `task` (all of them without partial supervision): the
// weight of the chunk's mean loss of that task in a mean over chunks.
core::Index subsetLabelledCount(const SubsetChunk& chunk, int task);

// Mean loss of task `task` on one chunk (over its labelled samples); the gradient w.r.t. the outputs when gradient is
// non-null.
double subsetTaskLoss(const problem::HardSharingNetwork& network, int task, const core::Matrix& outputs,
    const SubsetChunk& chunk, core::Matrix* gradient);

} // namespace mtw::analysis
