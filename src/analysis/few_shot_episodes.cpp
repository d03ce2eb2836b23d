#include "analysis/few_shot_episodes.h"

#include "core/loss.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace mtw::analysis {

std::string featureNormalizationName(FeatureNormalization normalization)
{
    return normalization == FeatureNormalization::UnitNorm ? "l2" : "none";
}

FeatureNormalization parseFeatureNormalization(const std::string& name)
{
    if (name == "l2")
        return FeatureNormalization::UnitNorm;
    if (name == "none")
        return FeatureNormalization::None;
    throw std::invalid_argument("normalization: '" + name + "' is not l2 or none");
}

std::vector<std::vector<core::Index>> classPools(const FewShotTask& task, const std::vector<core::Index>& split)
{
    std::vector<std::vector<core::Index>> pools(static_cast<std::size_t>(task.classes));
    for (core::Index sample : split) {
        const int label = task.labels.at(static_cast<std::size_t>(sample));
        if (label == core::unlabelledLabel)
            continue; // partial supervision: neither a shot nor a query
        if (label < 0 || label >= task.classes)
            throw std::invalid_argument("task '" + task.name + "': sample " + std::to_string(sample) + " has class "
                + std::to_string(label) + ", outside 0.." + std::to_string(task.classes - 1));
        pools[static_cast<std::size_t>(label)].push_back(sample);
    }
    return pools;
}

std::vector<core::Index> drawShots(const std::vector<std::vector<core::Index>>& pools, int shots, core::Rng& rng)
{
    std::vector<core::Index> drawn;
    drawn.reserve(pools.size() * static_cast<std::size_t>(shots));
    for (const std::vector<core::Index>& pool : pools) {
        // Partial Fisher-Yates on a copy: the first `shots` entries are a uniform draw without replacement.
        std::vector<core::Index> order = pool;
        for (std::size_t i = 0; i < static_cast<std::size_t>(shots); ++i) {
            const std::size_t j = i + rng.index(order.size() - i);
            std::swap(order[i], order[j]);
            drawn.push_back(order[i]);
        }
    }
    return drawn;
}

double studentT975(int degreesOfFreedom)
{
    if (degreesOfFreedom < 1)
        throw std::invalid_argument("Student's t needs at least 1 degree of freedom");
    // Exact values where the expansion below is off by more than 1e-4.
    static const double table[] = { 12.706204736, 4.302652730, 3.182446305, 2.776445105, 2.570581836, 2.446911851 };
    if (degreesOfFreedom <= 6)
        return table[degreesOfFreedom - 1];
    // Abramowitz & Stegun 26.7.5, around the normal quantile z_{0.975}.
    const double z = 1.959963984540054, v = degreesOfFreedom;
    const double z2 = z * z;
    const double g1 = z * (z2 + 1) / 4;
    const double g2 = z * ((5 * z2 + 16) * z2 + 3) / 96;
    const double g3 = z * (((3 * z2 + 19) * z2 + 17) * z2 - 15) / 384;
    const double g4 = z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) / 92160;
    return z + (g1 + (g2 + (g3 + g4 / v) / v) / v) / v;
}

void normalizeFeatures(Eigen::MatrixXd& features, FeatureNormalization normalization)
{
    if (normalization != FeatureNormalization::UnitNorm)
        return;
    for (Eigen::Index i = 0; i < features.cols(); ++i) {
        const double norm = features.col(i).norm();
        if (norm > 0) // a zero representation (a dead ReLU trunk) stays zero
            features.col(i) /= norm;
    }
}

double balancedAccuracy(const std::vector<int>& predicted, const std::vector<int>& labels, int classes)
{
    std::vector<double> right(static_cast<std::size_t>(classes), 0.0), total(static_cast<std::size_t>(classes), 0.0);
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const auto c = static_cast<std::size_t>(labels[i]);
        total[c] += 1;
        right[c] += predicted[i] == labels[i] ? 1 : 0;
    }
    double sum = 0;
    int present = 0;
    for (std::size_t c = 0; c < total.size(); ++c)
        if (total[c] > 0) {
            sum += right[c] / total[c];
            ++present;
        }
    return present > 0 ? sum / present : 0.0;
}

namespace {

void checkOptions(const FewShotTask& task, const FewShotOptions& options,
    const std::vector<std::vector<core::Index>>& trainPools, const std::vector<std::vector<core::Index>>& testPools)
{
    if (options.shots.empty())
        throw std::invalid_argument("shots: at least one value");
    for (int k : options.shots)
        if (k < 1)
            throw std::invalid_argument(
                "shots: " + std::to_string(k) + " is not a positive count of samples per class");
    if (options.episodes < 2)
        throw std::invalid_argument("episodes: at least 2 for a spread, got " + std::to_string(options.episodes));
    if (task.classes < 2)
        throw std::invalid_argument("task '" + task.name + "': adaptation needs at least 2 classes");
    const int most = *std::max_element(options.shots.begin(), options.shots.end());
    for (std::size_t c = 0; c < trainPools.size(); ++c) {
        if (static_cast<int>(trainPools[c].size()) < most)
            throw std::invalid_argument("shots: " + std::to_string(most) + " per class, but class " + std::to_string(c)
                + " of task '" + task.name + "' has only " + std::to_string(trainPools[c].size())
                + " training samples");
    }
    if (std::all_of(testPools.begin(), testPools.end(), [](const auto& pool) { return pool.empty(); }))
        throw std::invalid_argument("task '" + task.name + "': the data set has no test samples");
}

} // namespace

std::vector<FewShotPoint> runFewShotEpisodes(
    const Representation& represent, const FewShotTask& task, const FewShotOptions& options)
{
    const std::vector<std::vector<core::Index>> trainPools = classPools(task, task.train);
    const std::vector<std::vector<core::Index>> testPools = classPools(task, task.test);
    checkOptions(task, options, trainPools, testPools);

    Eigen::MatrixXd testFeatures = represent(task.test);
    normalizeFeatures(testFeatures, options.normalization);
    std::vector<int> testLabels;
    testLabels.reserve(task.test.size());
    for (core::Index sample : task.test)
        testLabels.push_back(task.labels[static_cast<std::size_t>(sample)]);

    const std::size_t shotCount = options.shots.size();
    const std::size_t episodes = static_cast<std::size_t>(options.episodes);
    std::vector<LogisticHead> heads(shotCount * episodes);
    std::vector<double> accuracies(shotCount * episodes);
    const core::Rng root(options.seed);
    tbb::parallel_for(std::size_t { 0 }, shotCount * episodes, [&](std::size_t job) {
        const std::size_t s = job / episodes, e = job % episodes;
        const int k = options.shots[s];
        core::Rng rng = root.derive(static_cast<std::uint64_t>(k)).derive(e);
        const std::vector<core::Index> support = drawShots(trainPools, k, rng);
        Eigen::MatrixXd features = represent(support);
        normalizeFeatures(features, options.normalization);
        std::vector<int> labels;
        labels.reserve(support.size());
        for (core::Index sample : support)
            labels.push_back(task.labels[static_cast<std::size_t>(sample)]);
        heads[job] = fitLogisticHead(features, labels, task.classes, options.head);
        accuracies[job] = balancedAccuracy(heads[job].predict(testFeatures), testLabels, task.classes);
    });

    std::vector<FewShotPoint> points;
    for (std::size_t s = 0; s < shotCount; ++s) {
        FewShotPoint point;
        point.shots = options.shots[s];
        point.accuracies.assign(accuracies.begin() + static_cast<std::ptrdiff_t>(s * episodes),
            accuracies.begin() + static_cast<std::ptrdiff_t>((s + 1) * episodes));
        // Fixed-order sums: the same bits whatever thread fitted which episode.
        double sum = 0;
        for (double a : point.accuracies)
            sum += a;
        point.mean = sum / static_cast<double>(episodes);
        double squares = 0;
        for (double a : point.accuracies)
            squares += (a - point.mean) * (a - point.mean);
        point.std = std::sqrt(squares / static_cast<double>(episodes - 1));
        const double half = studentT975(options.episodes - 1) * point.std / std::sqrt(static_cast<double>(episodes));
        point.ciLow = point.mean - half;
        point.ciHigh = point.mean + half;
        for (std::size_t e = 0; e < episodes; ++e) {
            const LogisticHead& head = heads[s * episodes + e];
            point.unconverged += head.converged ? 0 : 1;
            point.worstGradient = std::max(point.worstGradient, head.gradientNorm);
        }
        points.push_back(std::move(point));
    }
    return points;
}

} // namespace mtw::analysis
