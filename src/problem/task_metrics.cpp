#include "problem/task_metrics.h"

#include "problem/hard_sharing_network.h"
#include "problem/mmoe_network.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>

namespace mtw::problem {

const MetricValue* TaskMetrics::find(const std::string& name) const
{
    for (const MetricValue& metric : metrics)
        if (metric.name == name)
            return &metric;
    return nullptr;
}

double macroF1(const std::vector<int>& predicted, const std::vector<int>& truth)
{
    std::set<int> classes(truth.begin(), truth.end());
    classes.insert(predicted.begin(), predicted.end());
    if (classes.empty())
        return 0;
    double sum = 0;
    for (int c : classes) {
        long long tp = 0, fp = 0, fn = 0;
        for (std::size_t i = 0; i < truth.size(); ++i) {
            tp += predicted[i] == c && truth[i] == c;
            fp += predicted[i] == c && truth[i] != c;
            fn += predicted[i] != c && truth[i] == c;
        }
        sum += 2.0 * static_cast<double>(tp) / static_cast<double>(2 * tp + fp + fn);
    }
    return sum / static_cast<double>(classes.size());
}

double binaryF1(const std::vector<int>& predicted, const std::vector<int>& truth)
{
    long long tp = 0, fp = 0, fn = 0;
    for (std::size_t i = 0; i < truth.size(); ++i) {
        tp += predicted[i] == 1 && truth[i] == 1;
        fp += predicted[i] == 1 && truth[i] != 1;
        fn += predicted[i] != 1 && truth[i] == 1;
    }
    const long long denominator = 2 * tp + fp + fn;
    return denominator == 0 ? 0.0 : 2.0 * static_cast<double>(tp) / static_cast<double>(denominator);
}

double rocAuc(const std::vector<double>& scores, const std::vector<int>& positive)
{
    // Mann-Whitney: the positives' rank sum among all scores (tied scores share their mean rank),
    // less its minimum, over the number of positive-negative pairs.
    std::vector<std::size_t> order(scores.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });
    double positiveRanks = 0;
    long long positives = 0;
    for (std::size_t first = 0; first < order.size();) {
        std::size_t last = first;
        while (last + 1 < order.size() && scores[order[last + 1]] == scores[order[first]])
            ++last;
        const double meanRank = 0.5 * static_cast<double>(first + last) + 1.0;
        for (std::size_t k = first; k <= last; ++k)
            if (positive[order[k]] == 1) {
                positiveRanks += meanRank;
                ++positives;
            }
        first = last + 1;
    }
    const long long negatives = static_cast<long long>(scores.size()) - positives;
    if (positives == 0 || negatives == 0)
        return std::numeric_limits<double>::quiet_NaN();
    const double p = static_cast<double>(positives);
    return (positiveRanks - 0.5 * p * (p + 1.0)) / (p * static_cast<double>(negatives));
}

double oneVsRestAuc(const Eigen::MatrixXd& probabilities, const std::vector<int>& truth)
{
    double sum = 0;
    int classes = 0;
    std::vector<double> scores(truth.size());
    std::vector<int> positive(truth.size());
    for (Index c = 0; c < probabilities.rows(); ++c) {
        for (std::size_t i = 0; i < truth.size(); ++i) {
            scores[i] = probabilities(c, static_cast<Index>(i));
            positive[i] = truth[i] == c ? 1 : 0;
        }
        const double auc = rocAuc(scores, positive);
        if (std::isfinite(auc)) {
            sum += auc;
            ++classes;
        }
    }
    return classes == 0 ? std::numeric_limits<double>::quiet_NaN() : sum / classes;
}

double worstGroupAccuracy(
    const std::vector<int>& predicted, const std::vector<int>& truth, const std::vector<int>& groupOf)
{
    std::map<int, std::pair<long long, long long>> byGroup; // group -> (correct, decisions)
    for (std::size_t i = 0; i < truth.size(); ++i) {
        auto& [correct, decisions] = byGroup[groupOf[i]];
        correct += predicted[i] == truth[i];
        ++decisions;
    }
    double worst = std::numeric_limits<double>::quiet_NaN();
    for (const auto& [group, counts] : byGroup) {
        const double accuracy = static_cast<double>(counts.first) / static_cast<double>(counts.second);
        if (!(accuracy >= worst))
            worst = accuracy;
    }
    return worst;
}

void recordLabelled(
    bool partiallyLabelled, const data::MultiTaskDataset& dataset, const std::vector<Index>& batch, StepGradients& out)
{
    out.labelled.resize(partiallyLabelled ? static_cast<Index>(dataset.tasks.size()) : 0);
    if (!partiallyLabelled)
        return;
    const std::vector<Index> counts = data::labelledCounts(dataset, batch);
    for (std::size_t t = 0; t < counts.size(); ++t)
        out.labelled(static_cast<Index>(t)) = static_cast<double>(counts[t]);
}

MetricSum primaryMetricSum(const data::TaskTargets& target, const std::vector<Index>& samples, const Matrix& outputs)
{
    MetricSum result;
    for (std::size_t i = 0; i < samples.size(); ++i) {
        if (!target.isLabelled(samples[i]))
            continue;
        const Index column = static_cast<Index>(i);
        ++result.labelled;
        if (target.kind == data::TargetKind::Classification) {
            Index predicted = 0;
            outputs.col(column).maxCoeff(&predicted);
            result.sum += predicted == target.labels[static_cast<std::size_t>(samples[i])] ? 1.0 : 0.0;
        } else if (target.kind == data::TargetKind::Binary) {
            result.sum += ((outputs.col(column).array() > 0).cast<double>()
                == target.values.col(samples[i]).array().cast<double>())
                              .cast<double>()
                              .mean();
        } else {
            result.sum += (outputs.col(column) - target.values.col(samples[i])).cast<double>().squaredNorm()
                / static_cast<double>(outputs.rows());
        }
    }
    return result;
}

std::vector<MetricValue> metricsFromOutputs(const data::TaskTargets& target, const std::vector<Index>& samples,
    const Matrix& outputs, const std::vector<int>& groups)
{
    const Index labelled = target.labelledCount(samples);
    if (labelled < static_cast<Index>(samples.size())) {
        // Partial supervision: the metrics of the labelled samples only.
        std::vector<Index> kept;
        Matrix keptOutputs(outputs.rows(), labelled);
        for (std::size_t i = 0; i < samples.size(); ++i)
            if (target.isLabelled(samples[i])) {
                keptOutputs.col(static_cast<Index>(kept.size())) = outputs.col(static_cast<Index>(i));
                kept.push_back(samples[i]);
            }
        return metricsFromOutputs(target, kept, keptOutputs, groups);
    }
    const double n = std::max<double>(1.0, static_cast<double>(samples.size()));
    if (target.kind == data::TargetKind::Regression) {
        double squared = 0, absolute = 0;
        for (std::size_t i = 0; i < samples.size(); ++i) {
            const Eigen::VectorXd error
                = (outputs.col(static_cast<Index>(i)) - target.values.col(samples[i])).cast<double>();
            squared += error.squaredNorm();
            absolute += error.cwiseAbs().sum();
        }
        const double count = n * static_cast<double>(std::max<Index>(1, outputs.rows()));
        return { { "mse", squared / count, false }, { "mae", absolute / count, false } };
    }
    std::vector<int> predicted, truth, groupOf;
    // Each decision's group, kept only for data with groups.
    const auto noteGroup = [&](std::size_t i) {
        if (!groups.empty())
            groupOf.push_back(groups[static_cast<std::size_t>(samples[i])]);
    };
    if (target.kind == data::TargetKind::Classification) {
        for (std::size_t i = 0; i < samples.size(); ++i) {
            Index best = 0;
            outputs.col(static_cast<Index>(i)).maxCoeff(&best);
            predicted.push_back(static_cast<int>(best));
            truth.push_back(target.labels[static_cast<std::size_t>(samples[i])]);
            noteGroup(i);
        }
    } else {
        // Binary: every output is one decision; accuracy and F1 pool the decisions of all outputs.
        for (std::size_t i = 0; i < samples.size(); ++i)
            for (Index o = 0; o < outputs.rows(); ++o) {
                predicted.push_back(outputs(o, static_cast<Index>(i)) > 0 ? 1 : 0);
                truth.push_back(target.values(o, samples[i]) > 0.5f ? 1 : 0);
                noteGroup(i);
            }
    }
    std::vector<MetricValue> byGroup;
    if (!groups.empty())
        byGroup.push_back({ "worst_group_accuracy", worstGroupAccuracy(predicted, truth, groupOf), true });
    long long correct = 0;
    for (std::size_t i = 0; i < truth.size(); ++i)
        correct += predicted[i] == truth[i];
    const double accuracy = truth.empty() ? 0.0 : static_cast<double>(correct) / static_cast<double>(truth.size());
    if (target.kind == data::TargetKind::Classification) {
        // Softmax in double, shifted by each column's maximum (the logits are float).
        Eigen::MatrixXd probabilities = outputs.cast<double>();
        for (Index i = 0; i < probabilities.cols(); ++i) {
            auto column = probabilities.col(i);
            column = (column.array() - column.maxCoeff()).exp();
            column /= column.sum();
        }
        std::vector<MetricValue> all { { "accuracy", accuracy, true }, { "macro_f1", macroF1(predicted, truth), true },
            { "auc", oneVsRestAuc(probabilities, truth), true } };
        all.insert(all.end(), byGroup.begin(), byGroup.end());
        return all;
    }
    double aucSum = 0;
    int aucOutputs = 0;
    std::vector<double> scores(samples.size());
    std::vector<int> positive(samples.size());
    for (Index o = 0; o < outputs.rows(); ++o) {
        for (std::size_t i = 0; i < samples.size(); ++i) {
            scores[i] = outputs(o, static_cast<Index>(i));
            positive[i] = target.values(o, samples[i]) > 0.5f ? 1 : 0;
        }
        const double auc = rocAuc(scores, positive);
        if (std::isfinite(auc)) {
            aucSum += auc;
            ++aucOutputs;
        }
    }
    const double auc = aucOutputs == 0 ? std::numeric_limits<double>::quiet_NaN() : aucSum / aucOutputs;
    std::vector<MetricValue> all { { "accuracy", accuracy, true }, { "f1", binaryF1(predicted, truth), true },
        { "auc", auc, true } };
    all.insert(all.end(), byGroup.begin(), byGroup.end());
    return all;
}

std::vector<MetricValue> furtherMetrics(const data::TaskTargets& target, const std::vector<Index>& samples,
    const Matrix& outputs, const std::vector<int>& groups)
{
    std::vector<MetricValue> all = metricsFromOutputs(target, samples, outputs, groups);
    all.erase(all.begin());
    return all;
}

std::optional<MetricValue> findMetric(const TaskEvaluation& evaluation, const std::string& name)
{
    std::optional<MetricValue> found;
    if (evaluation.metricName == name)
        found = MetricValue { name, evaluation.metric, evaluation.higherIsBetter };
    for (const MetricValue& metric : evaluation.moreMetrics)
        if (!found && (metric.name == name || (name == "f1" && metric.name == "macro_f1")))
            found = metric;
    if (found && !std::isfinite(found->value))
        found.reset();
    return found;
}

namespace {
std::vector<Matrix> hardSharingOutputs(
    const HardSharingNetwork& network, const Vector& theta, const std::vector<Index>& samples)
{
    const data::MultiTaskDataset& dataset = network.dataset();
    std::vector<Matrix> result(dataset.tasks.size());
    for (std::size_t t = 0; t < result.size(); ++t)
        result[t].resize(dataset.tasks[t].outputSize(), static_cast<Index>(samples.size()));
    const std::size_t chunk = 1024;
    core::Sequential::Workspace trunkWork, headWork;
    for (std::size_t start = 0; start < samples.size(); start += chunk) {
        const std::size_t count = std::min(chunk, samples.size() - start);
        Matrix X(dataset.inputDimension(), static_cast<Index>(count));
        for (std::size_t i = 0; i < count; ++i)
            X.col(static_cast<Index>(i)) = dataset.features.col(samples[start + i]);
        const Matrix& Z = network.trunk().evaluate(theta.data(), X, trunkWork);
        for (std::size_t t = 0; t < result.size(); ++t)
            result[t].middleCols(static_cast<Index>(start), static_cast<Index>(count))
                = network.head(static_cast<int>(t))
                      .evaluate(theta.data() + network.headOffset(static_cast<int>(t)), Z, headWork);
    }
    return result;
}
} // namespace

std::vector<TaskMetrics> taskMetrics(const MultiTaskProblem& problem, const Vector& theta, Split split)
{
    const data::MultiTaskDataset* dataset = nullptr;
    std::vector<Matrix> outputs;
    std::vector<Index> samples;
    if (const auto* hard = dynamic_cast<const HardSharingNetwork*>(&problem)) {
        dataset = &hard->dataset();
        samples = dataset->split(static_cast<int>(split));
        outputs = hardSharingOutputs(*hard, theta, samples);
    } else if (const auto* mmoe = dynamic_cast<const MmoeNetwork*>(&problem)) {
        dataset = &mmoe->dataset();
        samples = dataset->split(static_cast<int>(split));
        outputs = mmoe->outputs(theta, samples);
    } else {
        throw std::invalid_argument(
            "task metrics need a data-driven problem (hard sharing or MMoE), not '" + problem.name() + "'");
    }
    const std::vector<TaskEvaluation> evaluations = problem.evaluate(theta, split);
    std::vector<TaskMetrics> result;
    for (std::size_t t = 0; t < dataset->tasks.size(); ++t) {
        TaskMetrics metrics;
        metrics.task = dataset->tasks[t].name;
        metrics.loss = t < evaluations.size() ? evaluations[t].loss : 0.0;
        metrics.metrics = metricsFromOutputs(dataset->tasks[t], samples, outputs[t], dataset->groups);
        result.push_back(std::move(metrics));
    }
    return result;
}

} // namespace mtw::problem
