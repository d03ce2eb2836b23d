#include "engine/task_group_runs.h"

#include "engine/factor_probe.h"
#include "engine/single_task_baselines.h"

#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>
#include <tuple>
#include <utility>

namespace mtw::engine {

namespace {

const char* prefixOf(GainEstimator estimator)
{
    return estimator == GainEstimator::Optimizer ? tagOptimizerPrefix : tagAffinityPrefix;
}

bool recorded(const std::vector<FactorRecord>& records, GainEstimator estimator)
{
    const std::string prefix = prefixOf(estimator);
    for (const FactorRecord& r : records)
        if (r.name.rfind(prefix, 0) == 0)
            return true;
    return false;
}

} // namespace

std::string gainEstimatorName(GainEstimator estimator)
{
    return estimator == GainEstimator::Optimizer ? "tag_optimizer" : "tag_affinity";
}

MeanGains meanLookaheadGains(
    const std::vector<FactorRecord>& records, const std::vector<std::string>& taskNames, GainEstimator preferred)
{
    MeanGains result;
    result.estimator = preferred;
    if (!recorded(records, preferred)) {
        result.estimator = preferred == GainEstimator::Optimizer ? GainEstimator::Lookahead : GainEstimator::Optimizer;
        if (!recorded(records, result.estimator))
            throw std::runtime_error("the run recorded no look-ahead affinities: train it with "
                                     "diagnostics.factors.tag_affinity \"both\" (or \"optimizer\" / \"lookahead\")");
    }
    const std::string prefix = prefixOf(result.estimator);
    const Eigen::Index tasks = static_cast<Eigen::Index>(taskNames.size());
    Eigen::MatrixXd sums = Eigen::MatrixXd::Zero(tasks, tasks), counts = Eigen::MatrixXd::Zero(tasks, tasks);
    std::set<long long> steps;
    for (const FactorRecord& r : records) {
        if (r.name.rfind(prefix, 0) != 0 || r.task < 0 || r.task >= tasks || !std::isfinite(r.value))
            continue;
        const std::string target = r.name.substr(prefix.size());
        for (Eigen::Index t = 0; t < tasks; ++t)
            if (taskNames[static_cast<std::size_t>(t)] == target) {
                sums(r.task, t) += r.value;
                counts(r.task, t) += 1;
                steps.insert(r.step);
            }
    }
    result.gains = Eigen::MatrixXd::Constant(tasks, tasks, std::numeric_limits<double>::quiet_NaN());
    for (Eigen::Index s = 0; s < tasks; ++s)
        for (Eigen::Index t = 0; t < tasks; ++t)
            if (counts(s, t) > 0)
                result.gains(s, t) = sums(s, t) / counts(s, t);
    result.measurements = static_cast<int>(steps.size());
    return result;
}

std::string groupLabel(const std::vector<int>& group, const std::vector<std::string>& taskNames)
{
    std::string label;
    for (int t : group) {
        if (!label.empty())
            label += '+';
        label += taskNames.at(static_cast<std::size_t>(t));
    }
    return label;
}

Experiment groupExperiment(
    const Experiment& experiment, const std::vector<int>& group, const std::vector<std::string>& taskNames)
{
    const int count = static_cast<int>(taskNames.size());
    if (group.size() == 1)
        return singleTaskExperiment(
            experiment, group.front(), count, taskNames.at(static_cast<std::size_t>(group.front())));
    Experiment grouped = singleTaskExperiment(experiment, group.front(), count, taskNames.at(0));
    grouped.name = experiment.name + "-group-" + groupLabel(group, taskNames);
    std::vector<double> weights(static_cast<std::size_t>(count), 0.0);
    for (int t : group)
        weights.at(static_cast<std::size_t>(t)) = 1.0 / static_cast<double>(group.size());
    grouped.methodParams = { { "weights", weights } };
    return grouped;
}

namespace {

// The task's last evaluation of the split in the run: (loss, metric), NaN when there is none.
std::pair<double, double> finalOf(const RunRecord* run, problem::Split split, std::size_t task)
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (!run)
        return { nan, nan };
    const std::vector<const EvaluationRecord*> records = run->split(split);
    if (records.empty() || records.back()->tasks.size() <= task)
        return { nan, nan };
    const problem::TaskEvaluation& evaluation = records.back()->tasks[task];
    return { evaluation.loss, evaluation.metric };
}

} // namespace

std::vector<GroupComparisonRow> compareGroupRuns(const RunRecord& allInOne, const analysis::TaskGrouping& grouping,
    const std::vector<const RunRecord*>& groupRuns, const std::vector<const RunRecord*>& singleRuns,
    problem::Split split)
{
    std::vector<GroupComparisonRow> rows(allInOne.taskNames.size());
    for (std::size_t g = 0; g < grouping.groups.size(); ++g)
        for (int task : grouping.groups[g]) {
            const std::size_t t = static_cast<std::size_t>(task);
            GroupComparisonRow& row = rows.at(t);
            row.task = allInOne.taskNames[t];
            row.group = groupLabel(grouping.groups[g], allInOne.taskNames);
            const std::vector<const EvaluationRecord*> own = allInOne.split(split);
            if (!own.empty() && own.back()->tasks.size() > t) {
                row.metric = own.back()->tasks[t].metricName;
                row.higherIsBetter = own.back()->tasks[t].higherIsBetter;
            }
            std::tie(row.allInOneLoss, row.allInOneMetric) = finalOf(&allInOne, split, t);
            std::tie(row.groupLoss, row.groupMetric) = finalOf(g < groupRuns.size() ? groupRuns[g] : nullptr, split, t);
            std::tie(row.singleLoss, row.singleMetric)
                = finalOf(t < singleRuns.size() ? singleRuns[t] : nullptr, split, t);
        }
    return rows;
}

} // namespace mtw::engine
