#include "engine/transfer_comparison.h"

#include "engine/single_task_baselines.h"

#include <map>
#include <stdexcept>
#include <tuple>

namespace mtw::engine {

int singleTaskIndex(const RunRecord& run)
{
    if (run.experiment.method != "fixed" || !run.experiment.methodParams.count("weights"))
        throw std::invalid_argument(
            run.directory + ": not a single-task run (expected method 'fixed' with one-hot weights)");
    const std::optional<int> task = singleTaskIndex(run.experiment);
    if (!task)
        throw std::invalid_argument(
            run.directory + ": weights are not one-hot, so the run is not a single-task baseline");
    return *task;
}

const EvaluationRecord& lastValidation(const RunRecord& run)
{
    const auto records = run.split(problem::Split::Validation);
    if (records.empty())
        throw std::invalid_argument(
            run.directory + ": no validation evaluations (the problem needs a validation split)");
    return *records.back();
}

analysis::EqualLossCurve trainValidationCurve(const RunRecord& run, std::size_t task)
{
    std::map<long long, double> train;
    for (const EvaluationRecord* record : run.split(problem::Split::Train))
        train[record->step] = record->tasks.at(task).loss;
    std::vector<double> trainLoss, validationLoss;
    for (const EvaluationRecord* record : run.split(problem::Split::Validation)) {
        auto it = train.find(record->step);
        if (it == train.end())
            continue;
        trainLoss.push_back(it->second);
        validationLoss.push_back(record->tasks.at(task).loss);
    }
    if (trainLoss.empty())
        throw std::invalid_argument(run.directory + ": no steps with both training and validation losses");
    return analysis::EqualLossCurve(trainLoss, validationLoss);
}

std::vector<std::pair<long long, double>> trainLossCheckpoints(const RunRecord& run, std::size_t task)
{
    std::vector<std::pair<long long, double>> checkpoints;
    for (const EvaluationRecord* record : run.split(problem::Split::Train))
        checkpoints.emplace_back(record->step, record->tasks.at(task).loss);
    return checkpoints;
}

TransferMetrics transferMetrics(const RunRecord& multi, const std::vector<const RunRecord*>& singles)
{
    TransferMetrics result;
    const EvaluationRecord& finalMulti = lastValidation(multi);
    result.step = finalMulti.step;
    for (std::size_t t = 0; t < singles.size() && t < multi.taskNames.size(); ++t) {
        if (!singles[t])
            continue;
        const problem::TaskEvaluation& st = lastValidation(*singles[t]).tasks.at(t);
        const problem::TaskEvaluation& mt = finalMulti.tasks.at(t);
        const std::string& name = multi.taskNames[t];
        std::vector<std::tuple<std::string, double, double, bool>> metrics { { "loss", st.loss, mt.loss, false } };
        // A regression task's metric is its loss (MSE): count it once.
        if (mt.metricName != "mse" && mt.metricName != "loss")
            metrics.emplace_back(mt.metricName, st.metric, mt.metric, mt.higherIsBetter);
        for (const auto& [metric, stValue, mtValue, higher] : metrics) {
            result.rows.push_back({ name, metric, stValue, mtValue, higher });
            result.baseline.push_back({ name, metric, stValue, higher });
            result.method.push_back({ name, metric, mtValue, higher });
        }
    }
    return result;
}

} // namespace mtw::engine
