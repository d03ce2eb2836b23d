#include "problem/task_metrics.h"

#include "problem/hard_sharing_network.h"
#include "problem/mmoe_network.h"

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

std::vector<MetricValue> metricsFromOutputs(
    const data::TaskTargets& target, const std::vector<Index>& samples, const Matrix& outputs)
{
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
    std::vector<int> predicted, truth;
    if (target.kind == data::TargetKind::Classification) {
        for (std::size_t i = 0; i < samples.size(); ++i) {
            Index best = 0;
            outputs.col(static_cast<Index>(i)).maxCoeff(&best);
            predicted.push_back(static_cast<int>(best));
            truth.push_back(target.labels[static_cast<std::size_t>(samples[i])]);
        }
    } else {
        // Binary: every output is one decision (first output used for F1; accuracy over all).
        for (std::size_t i = 0; i < samples.size(); ++i)
            for (Index o = 0; o < outputs.rows(); ++o) {
                predicted.push_back(outputs(o, static_cast<Index>(i)) > 0 ? 1 : 0);
                truth.push_back(target.values(o, samples[i]) > 0.5f ? 1 : 0);
            }
    }
    long long correct = 0;
    for (std::size_t i = 0; i < truth.size(); ++i)
        correct += predicted[i] == truth[i];
    const double accuracy = truth.empty() ? 0.0 : static_cast<double>(correct) / static_cast<double>(truth.size());
    if (target.kind == data::TargetKind::Classification)
        return { { "accuracy", accuracy, true }, { "macro_f1", macroF1(predicted, truth), true } };
    return { { "accuracy", accuracy, true }, { "f1", binaryF1(predicted, truth), true } };
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
        const Matrix& Z = network.trunk().forward(theta.data(), X, trunkWork);
        for (std::size_t t = 0; t < result.size(); ++t)
            result[t].middleCols(static_cast<Index>(start), static_cast<Index>(count))
                = network.head(static_cast<int>(t))
                      .forward(theta.data() + network.headOffset(static_cast<int>(t)), Z, headWork);
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
        metrics.metrics = metricsFromOutputs(dataset->tasks[t], samples, outputs[t]);
        result.push_back(std::move(metrics));
    }
    return result;
}

} // namespace mtw::problem
