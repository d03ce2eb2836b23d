#pragma once
// k-shot episodes of last-layer adaptation on a frozen representation (H. Wang, H. Zhao & B. Li,
// ICML 2021, "Bridging Multi-Task Learning and Meta-Learning", Sec. 3: test-time adaptation fits
// an L2-regularised logistic-regression head on the support set with the trunk frozen).
//
// For each k in `shots` and each episode e < episodes: draw k samples of every class of the task
// from the train split (without replacement within a class), map them through the representation,
// normalise, fit the head (analysis/logistic_head.h) and measure its balanced accuracy on the
// whole test split: the mean over classes of the share of that class's test samples predicted
// right. The paper's query sets are balanced (N-way, the same number of queries per class), where
// this is the plain accuracy; on an imbalanced test split (a binary grouping with 10 % positives)
// plain accuracy would reward the majority class, which k shots of every class never teach, and
// chance would not be 1/C. Per k: the mean over episodes, the sample standard deviation and the
// 95 % interval of the mean, mean +- t_{0.975, E-1} std / sqrt(E).
//
// Randomness: episode (k, e) draws from Rng(seed).derive(k).derive(e), so its support set depends
// only on the seed, k and e -- not on the other k values listed, nor on the trunk. Trunks
// compared with one seed are therefore adapted on the same support sets (a paired comparison),
// and episodes may run in parallel (TBB) with results stored by index: the same bits for any
// thread count.
//
// Feature normalisation (the paper leaves the head's input open; its code normalises features
// during training): UnitNorm (default) scales each representation to unit Euclidean length, which
// makes lambda comparable across trunks whose features differ in scale (a random trunk's, a
// trained one's); None fits on the raw representation.
//
// Parameters: shots {1, 2, 5, 10, 20} (each >= 1), episodes 20 (>= 2, for a spread), the head's
// options (lambda 1e-2), normalization UnitNorm, seed 0.
#include "analysis/logistic_head.h"
#include "core/rng.h"
#include "core/tensor.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace mtw::analysis {

enum class FeatureNormalization { None, UnitNorm };

std::string featureNormalizationName(FeatureNormalization normalization); // "none" | "l2"
// Throws std::invalid_argument naming the accepted values.
FeatureNormalization parseFeatureNormalization(const std::string& name);

struct FewShotOptions {
    std::vector<int> shots { 1, 2, 5, 10, 20 };
    int episodes = 20;
    LogisticHeadOptions head;
    FeatureNormalization normalization = FeatureNormalization::UnitNorm;
    std::uint64_t seed = 0;
};

// The adapted task: one class per sample of the data set (-1 where the sample has none) and the
// splits' sample indices.
struct FewShotTask {
    std::string name;
    int classes = 0;
    std::vector<int> labels;
    std::vector<core::Index> train, test;
};

struct FewShotPoint {
    int shots = 0;
    double mean = 0, std = 0, ciLow = 0, ciHigh = 0;
    std::vector<double> accuracies; // balanced accuracy per episode, in episode order
    int unconverged = 0; // episodes whose head did not reach the gradient tolerance
    double worstGradient = 0; // the largest final ||grad F||_inf over the episodes
};

// Thread-safe: the representation (d x samples, in the given order) of data set samples.
using Representation = std::function<Eigen::MatrixXd(const std::vector<core::Index>& samples)>;

// The samples of each class within `split`, in split order, leaving out the samples unlabelled for
// the task (core::unlabelledLabel: partial supervision). Throws std::invalid_argument naming
// the task when a label is out of range.
std::vector<std::vector<core::Index>> classPools(const FewShotTask& task, const std::vector<core::Index>& split);
// k samples of every class (class by class, each a uniform draw without replacement from its pool).
std::vector<core::Index> drawShots(const std::vector<std::vector<core::Index>>& pools, int shots, core::Rng& rng);

// The quantile t_{0.975} of Student's t with the given degrees of freedom (>= 1): exact table
// values up to 4, the Cornish-Fisher expansion beyond (error < 1e-4).
double studentT975(int degreesOfFreedom);

void normalizeFeatures(Eigen::MatrixXd& features, FeatureNormalization normalization);

// Mean over the classes present in `labels` of the share of their samples predicted right.
double balancedAccuracy(const std::vector<int>& predicted, const std::vector<int>& labels, int classes);

// Throws std::invalid_argument (shots, episodes, a class with fewer than max(shots) training
// samples or no test sample: the message names the task and the class).
std::vector<FewShotPoint> runFewShotEpisodes(
    const Representation& represent, const FewShotTask& task, const FewShotOptions& options);

} // namespace mtw::analysis
