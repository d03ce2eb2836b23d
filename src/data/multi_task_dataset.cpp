#include "data/multi_task_dataset.h"

#include "core/rng.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mtw::data {

void TaskTargets::unlabel(Index sample)
{
    if (kind == TargetKind::Classification)
        labels[static_cast<std::size_t>(sample)] = unlabelledClass;
    else
        values.col(sample).setConstant(std::numeric_limits<core::Scalar>::quiet_NaN());
}

Index TaskTargets::labelledCount(const std::vector<Index>& samples) const
{
    Index count = 0;
    for (const Index sample : samples)
        count += isLabelled(sample) ? 1 : 0;
    return count;
}

bool MultiTaskDataset::partiallyLabelled() const
{
    return std::any_of(tasks.begin(), tasks.end(),
        [&](const TaskTargets& target) { return target.labelledCount(train) < static_cast<Index>(train.size()); });
}

std::vector<Index> labelledCounts(const MultiTaskDataset& dataset, const std::vector<Index>& samples)
{
    std::vector<Index> counts;
    for (const TaskTargets& target : dataset.tasks)
        counts.push_back(target.labelledCount(samples));
    return counts;
}

void splitBySeed(MultiTaskDataset& dataset, double validationFraction, double testFraction, std::uint64_t seed)
{
    core::Rng rng(seed);
    const std::vector<std::size_t> order = rng.permutation(static_cast<std::size_t>(dataset.sampleCount()));
    const std::size_t n = order.size();
    const std::size_t testCount = static_cast<std::size_t>(std::floor(testFraction * static_cast<double>(n)));
    const std::size_t validationCount
        = static_cast<std::size_t>(std::floor(validationFraction * static_cast<double>(n)));
    dataset.train.clear();
    dataset.validation.clear();
    dataset.test.clear();
    for (std::size_t i = 0; i < n; ++i) {
        const Index sample = static_cast<Index>(order[i]);
        if (i < testCount)
            dataset.test.push_back(sample);
        else if (i < testCount + validationCount)
            dataset.validation.push_back(sample);
        else
            dataset.train.push_back(sample);
    }
}

void splitInOrder(MultiTaskDataset& dataset, Index trainSamples, double validationFraction)
{
    const Index validation = static_cast<Index>(std::floor(validationFraction * static_cast<double>(trainSamples)));
    dataset.train.clear();
    dataset.validation.clear();
    dataset.test.clear();
    for (Index i = 0; i < trainSamples; ++i)
        (i < trainSamples - validation ? dataset.train : dataset.validation).push_back(i);
    for (Index i = trainSamples; i < dataset.sampleCount(); ++i)
        dataset.test.push_back(i);
}

void standardizeFeatures(MultiTaskDataset& dataset)
{
    const Index d = dataset.inputDimension();
    Eigen::VectorXd mean = Eigen::VectorXd::Zero(d);
    Eigen::VectorXd meanSquare = Eigen::VectorXd::Zero(d);
    for (Index i : dataset.train) {
        const Eigen::VectorXd x = dataset.features.col(i).cast<double>();
        mean += x;
        meanSquare += x.cwiseProduct(x);
    }
    const double count = std::max<double>(1.0, static_cast<double>(dataset.train.size()));
    mean /= count;
    const Eigen::VectorXd variance = (meanSquare / count - mean.cwiseProduct(mean)).cwiseMax(0.0);
    const Eigen::VectorXd scale = variance.unaryExpr([](double v) { return v > 1e-12 ? 1.0 / std::sqrt(v) : 1.0; });
    for (Index i = 0; i < dataset.sampleCount(); ++i)
        dataset.features.col(i)
            = ((dataset.features.col(i).cast<double>() - mean).cwiseProduct(scale)).cast<core::Scalar>();
}

} // namespace mtw::data
