#pragma once
// An in-memory multi-task data set: one feature matrix shared by all tasks (features x samples,
// column per sample), per-task targets, and train/validation/test index splits. Loaded once and
// shared read-only (std::shared_ptr<const MultiTaskDataset>) between runs.
#include "core/loss.h"
#include "core/tensor.h"

#include <cmath>
#include <memory>
#include <string>
#include <vector>

namespace mtw::data {

using core::Index;
using core::Matrix;

enum class TargetKind { Regression, Classification, Binary };

// Partial supervision (Fontana et al.'s review of MTL with partial supervision): a sample may be
// unlabelled for some tasks. A classification label equal to unlabelledClass, or a regression /
// binary target column whose first value is NaN, marks "no label for this task"; losses,
// gradients, Gramians and metrics then run over each task's labelled samples only
// (core/loss.h).
inline constexpr int unlabelledClass = core::unlabelledLabel;

struct TaskTargets {
    std::string name;
    TargetKind kind = TargetKind::Regression;
    int classCount = 0; // Classification
    std::vector<int> labels; // Classification: one class index per sample
    Matrix values; // Regression / Binary: outputs x samples
    Index outputSize() const { return kind == TargetKind::Classification ? classCount : values.rows(); }
    bool isLabelled(Index sample) const
    {
        return kind == TargetKind::Classification ? labels[static_cast<std::size_t>(sample)] != unlabelledClass
                                                  : !std::isnan(values(0, sample));
    }
    // Marks `sample` unlabelled for this task.
    void unlabel(Index sample);
    // How many of `samples` are labelled for this task.
    Index labelledCount(const std::vector<Index>& samples) const;
};

struct MultiTaskDataset {
    std::string name;
    Matrix features; // inputDimension x samples
    // Optional image geometry of a sample's features (channels, height, width), for CNNs.
    int channels = 0, height = 0, width = 0;
    std::vector<TaskTargets> tasks;
    std::vector<Index> train, validation, test;
    // Optional group of each sample (a protected or spurious attribute, Kulkarni et al. 2024; Hu et
    // al. 2022): empty, or one index >= 0 per sample. Evaluations then report each classification
    // and binary task's worst-group accuracy (problem/task_metrics.h).
    std::vector<int> groups;

    Index sampleCount() const { return features.cols(); }
    Index inputDimension() const { return features.rows(); }
    const std::vector<Index>& split(int which) const { return which == 0 ? train : (which == 1 ? validation : test); }
    // Whether some training sample lacks the label of some task (partial supervision).
    bool partiallyLabelled() const;
};

// Per task, how many of `samples` are labelled for it (what a step records under partial supervision).
std::vector<Index> labelledCounts(const MultiTaskDataset& dataset, const std::vector<Index>& samples);

using DatasetPtr = std::shared_ptr<const MultiTaskDataset>;

// Splits 0..n-1 by a seeded permutation into train/validation/test with the given fractions.
void splitBySeed(MultiTaskDataset& dataset, double validationFraction, double testFraction, std::uint64_t seed);

// Splits in sample order: the first trainSamples are training data, of which the last
// floor(validationFraction * trainSamples) are held out for validation; the rest are test data.
void splitInOrder(MultiTaskDataset& dataset, Index trainSamples, double validationFraction);

// Standardizes features to zero mean and unit variance using the training split's statistics.
void standardizeFeatures(MultiTaskDataset& dataset);

} // namespace mtw::data
