#pragma once
// Landscape evaluation for a HardSharingNetwork whose trunk starts with a Linear layer, using
// the first layer's linearity in the two step sizes:
//   (W + a D1 + b D2) X + (c + a e1 + b e2) = W X + a D1 X + b D2 X + c + a e1 + b e2,
// with W, c the first layer's weight and bias at the origin and D_k, e_k the matching blocks of
// direction d_k. The three products P0 = W X, P1 = D1 X, P2 = D2 X over the fixed evaluation
// subset are computed once (exact: the same three GEMMs, no approximation); a grid point then
// costs one axpy-like combination for the first layer (out x N instead of 2 out in N flops) plus
// the forward pass of the remaining trunk layers and the heads at theta(a, b). For wide inputs
// (784 features) this removes most of the cost. Memory: 3 out N floats.
//
// The subset, chunking (1024 samples, chunk losses weighted by their size) and the losses follow
// HardSharingNetwork::lossesAt, so the surface equals the per-point one up to float rounding.
// lossesAt() is const and thread-safe.
#include "analysis/plane_evaluator.h"
#include "problem/hard_sharing_network.h"

#include <vector>

namespace mtw::analysis {

class FactoredNetworkEvaluator final : public PlaneEvaluator {
public:
    // Throws std::invalid_argument when the trunk does not start with a Linear layer.
    FactoredNetworkEvaluator(
        const problem::HardSharingNetwork& network, const LandscapePlane& plane, int evaluationSamples = 2048);
    ~FactoredNetworkEvaluator() override;
    int taskCount() const override { return m_network.taskCount(); }
    Eigen::VectorXd lossesAt(double a, double b) const override;
    bool isFactored() const override { return true; }

    static bool applies(const problem::MultiTaskProblem& problem);

private:
    struct Chunk;
    const problem::HardSharingNetwork& m_network;
    const LandscapePlane& m_plane;
    std::vector<Chunk> m_chunks;
    core::Index m_sampleCount = 0;
};

} // namespace mtw::analysis
