#pragma once
// Per-task gradient factors of Mueller et al. 2024 (TMLR, "Can Optimization Trajectories Explain
// Multi-Task Transfer?") from per-example gradients g_i = grad l_i of one task's per-sample loss
// (analysis/per_example_gradients.h), n samples, S = mean_i |g_i|^2, M = |mean_i g_i|^2:
//
//  * Example coherence (Chatterjee & Zielinski 2020, "Making Coherence Out of Nothing At All:
//    Measuring the Evolution of Gradient Alignment", the coherence alpha):
//        alpha = |mean_i g_i|^2 / mean_i |g_i|^2 = M / S,
//    1 for identical per-example gradients, 1/n for n orthogonal ones of equal norm; NaN when
//    S = 0 (every g_i is zero).
//  * Simple noise scale (McCandlish et al. 2018, "An Empirical Model of Large-Batch Training",
//    Eq. 2.8, estimators of App. A.1 with B_small = 1 and B_big = n):
//        B_simple = tr(Sigma) / |G|^2,  tr(Sigma) ~ n/(n-1) (S - M),  |G|^2 ~ (n M - S)/(n-1),
//    both unbiased (E M = |G|^2 + tr(Sigma)/n). S - M is the mean squared deviation from the
//    mean, >= 0, so it is clamped at 0 against rounding. When the |G|^2 estimate is <= 0 (the
//    mean gradient is not resolved above the noise of n samples) the result is +inf: the noise
//    dominates, the ratio's limit as |G|^2 -> 0+, and it keeps "larger = noisier" for rankings
//    (a log-scale plot drops it). NaN when n < 2 or S = 0 (no gradient at all).
//  * Within-task cosine (Elich et al. 2024, "Examining Common Paradigms in Multi-Task Learning",
//    the single-task baseline for gradient conflict): cosine of the mean gradients of two
//    disjoint batches of the same task; NaN when either is zero.
//  * Fisher trace: tr F = mean_i |grad l_i(y_i)|^2. FisherLabels::Sampled draws y_i from the
//    model (one label per sample: the Monte-Carlo estimate of the true Fisher);
//    FisherLabels::Empirical uses the data's labels (the empirical Fisher, which Kunstner et al.
//    2019, "Limitations of the Empirical Fisher Approximation", show can differ widely).
//  * Gradient norm: |mean_i g_i| = sqrt(M), the task gradient on the sample.
//
// GradientFactorEstimator evaluates them for every task of a HardSharingNetwork on a FIXED sample:
// the first `samples` training samples in training order (as gatherEvaluationSubset). The trunk's
// forward pass is shared by the tasks of a chunk; per task one pass with the data's labels gives
// S, M and the two batch sums (coherence, noise scale, within-task cosine, gradient norm, and the
// Fisher when Empirical), and one with sampled labels the Fisher when Sampled.
#include "analysis/network_subset.h"
#include "core/tensor.h"
#include "problem/hard_sharing_network.h"

#include <cstdint>
#include <limits>
#include <vector>

namespace mtw::analysis {

// M / S (NaN when S == 0).
double exampleCoherence(double meanSquaredNorm, double squaredNormOfMean);

// tr(Sigma) / |G|^2 from the unbiased estimators above (+inf when the |G|^2 estimate is <= 0 and
// the gradients are not all zero; NaN when n < 2 or S == 0).
double simpleNoiseScale(double meanSquaredNorm, double squaredNormOfMean, long long n);

enum class FisherLabels { Sampled, Empirical };

struct GradientFactorOptions {
    int samples = 512; // the fixed sample: the first `samples` training samples (fewer if the split is smaller)
    // Within-task cosine: batches [0, batchSize) and [batchSize, 2 batchSize) of the sample;
    // 0 or > samples / 2: the two halves (the last sample is left out when the count is odd).
    int batchSize = 0;
    bool coherence = true; // also gives the noise scale
    bool withinTaskCosine = true;
    bool fisher = true;
    FisherLabels fisherLabels = FisherLabels::Sampled;
    std::uint64_t seed = 0; // sampled labels
};

struct TaskGradientFactors {
    static constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    double coherence = nan;
    double noiseScale = nan;
    double withinTaskCosine = nan;
    double fisherTrace = nan;
    double gradientNorm = nan; // set whenever the data-label pass runs (any factor but a sampled Fisher)
};

class GradientFactorEstimator {
public:
    // Gathers the sample once; the network is only read and must outlive the estimator.
    // Throws std::invalid_argument for samples < 1 or batchSize < 0.
    GradientFactorEstimator(const problem::HardSharingNetwork& network, GradientFactorOptions options);

    // One entry per task; factors whose option is off stay NaN. Sampled labels come from
    // Rng(seed) derived by (step, task), so the results depend on neither the thread count nor
    // the call order. Tasks run in parallel, each into its own slot. const and thread-safe.
    std::vector<TaskGradientFactors> estimate(const core::Vector& theta, long long step) const;

    core::Index sampleCount() const { return m_sampleCount; }
    core::Index batchSize() const { return m_batchSize; } // of the within-task cosine's batches

private:
    const problem::HardSharingNetwork& m_network;
    GradientFactorOptions m_options;
    // The sample in chunks of at most subsetChunkSize that never straddle a batch boundary.
    std::vector<SubsetChunk> m_chunks;
    std::vector<int> m_chunkBatch; // per chunk: 0 or 1 (within-task cosine batches), -1 for neither
    core::Index m_sampleCount = 0;
    std::vector<core::Index> m_labelledCounts; // per task: the subset's samples labelled for it
    core::Index m_batchSize = 0;
};

} // namespace mtw::analysis
