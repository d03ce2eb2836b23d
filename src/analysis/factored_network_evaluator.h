#pragma once
// Landscape evaluation for a HardSharingNetwork whose trunk starts with a layer whose output is
// linear in its parameters (Linear: W X + c 1^T; Conv2d: the same per output position), using
// that linearity in the two step sizes:
//   f(theta0 + a d1 + b d2)(X) = f(theta0)(X) + a f(d1)(X) + b f(d2)(X),
// with f the first layer and d_k's block of that layer (weights and bias) taken as parameters.
// The three outputs P0, P1, P2 over the fixed evaluation subset are computed once (exact: the
// same products, no approximation); a grid point then costs one axpy-like combination for the
// first layer (out x N instead of the layer's products) plus the forward pass of the remaining
// trunk layers and the heads at theta(a, b). For wide inputs (784 features) or the 9 x 9 first
// convolution of the MultiFashion LeNet (half of its forward FLOPs) this removes most of the cost.
// Memory: 3 out N floats (the LeNet's 7,840 outputs per sample: 193 MB for 2,048 samples).
// The combination and the remaining trunk run on blocks of columns whose three stored outputs
// fit in about 1.5 MiB, so the widest activations stay in cache instead of streaming 32 MB
// matrices. lossesAtEach() takes every point of a batch through one block before the next: the
// stored outputs (940 MB for the LeNet on 10k samples, more than a point's products take to
// compute) are read from memory once per batch instead of once per point. When a max-pool follows
// the first layer (the LeNets), the pool reads p0 + a p1 + b p2 pixel by pixel as it loads them
// (core/pool_lanes.h; a 2 x 2 pool in the convolution kernel's level, AVX-512 where the CPU has
// it): the first layer's output is never written, and each sample's channel of the stored outputs
// is combined for every point of the batch while it is in L1.
//
// The subset, chunking (1024 samples, chunk losses weighted by their size) and the losses follow
// HardSharingNetwork::lossesAt, so the surface equals the per-point one up to float rounding.
// lossesAt() is const and thread-safe.
#include "analysis/plane_evaluator.h"
#include "problem/hard_sharing_network.h"

#include <vector>

namespace mtw::core {
class MaxPool2d;
}

namespace mtw::analysis {

class FactoredNetworkEvaluator final : public PlaneEvaluator {
public:
    // Throws std::invalid_argument when the trunk's first layer is not linear in its parameters.
    FactoredNetworkEvaluator(
        const problem::HardSharingNetwork& network, const LandscapePlane& plane, int evaluationSamples = 2048);
    ~FactoredNetworkEvaluator() override;
    int taskCount() const override { return m_network.taskCount(); }
    Eigen::VectorXd lossesAt(double a, double b) const override;
    std::vector<Eigen::VectorXd> lossesAtEach(const std::vector<PlanePoint>& points) const override;
    bool isFactored() const override { return true; }

    static bool applies(const problem::MultiTaskProblem& problem);

private:
    struct Chunk;
    static void combineStored(const Chunk& chunk, core::Index begin, core::Index width, core::Scalar a, core::Scalar b,
        bool relu, core::Matrix& combined);
    // pooled[k]: point k's pooled first layer for the block; columns: scratch for their data.
    void poolCombinations(const Chunk& chunk, core::Index begin, core::Index width, const std::vector<core::Scalar>& a,
        const std::vector<core::Scalar>& b, std::vector<core::Matrix>& pooled,
        std::vector<core::Scalar*>& columns) const;

    const problem::HardSharingNetwork& m_network;
    const LandscapePlane& m_plane;
    std::vector<Chunk> m_chunks;
    Eigen::VectorXd m_labelledCounts; // per task: the subset's samples labelled for it
    core::Index m_blockColumns = 0; // samples per block of the per-point pass
    const core::MaxPool2d* m_pool = nullptr; // the trunk's second layer, when it is a max-pool
};

} // namespace mtw::analysis
