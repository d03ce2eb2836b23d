#include "engine/task_group_runs.h"

#include "engine/factor_probe.h"
#include "engine/single_task_baselines.h"

#include <cmath>
#include <iomanip>
#include <limits>
#include <map>
#include <set>
#include <sstream>
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
    std::map<std::string, Eigen::Index> taskIndex;
    for (std::size_t t = 0; t < taskNames.size(); ++t)
        taskIndex.emplace(taskNames[t], static_cast<Eigen::Index>(t));
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
        const auto target = taskIndex.find(r.name.substr(prefix.size()));
        if (target == taskIndex.end())
            continue;
        sums(r.task, target->second) += r.value;
        counts(r.task, target->second) += 1;
        steps.insert(r.step);
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
const problem::TaskEvaluation* finalOf(const RunRecord* run, problem::Split split, std::size_t task)
{
    if (!run)
        return nullptr;
    const std::vector<const EvaluationRecord*> records = run->split(split);
    return records.empty() || records.back()->tasks.size() <= task ? nullptr : &records.back()->tasks[task];
}

// (loss, metric) of an evaluation, NaN without one.
std::pair<double, double> resultsOf(const problem::TaskEvaluation* evaluation)
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    return evaluation ? std::make_pair(evaluation->loss, evaluation->metric) : std::make_pair(nan, nan);
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
            row.gain = grouping.taskGains(task);
            const problem::TaskEvaluation* own = finalOf(&allInOne, split, t);
            if (own) {
                row.metric = own->metricName;
                row.higherIsBetter = own->higherIsBetter;
            }
            std::tie(row.allInOneLoss, row.allInOneMetric) = resultsOf(own);
            std::tie(row.groupLoss, row.groupMetric)
                = resultsOf(finalOf(g < groupRuns.size() ? groupRuns[g] : nullptr, split, t));
            std::tie(row.singleLoss, row.singleMetric)
                = resultsOf(finalOf(t < singleRuns.size() ? singleRuns[t] : nullptr, split, t));
        }
    return rows;
}

std::array<double, 6> meanResults(const std::vector<GroupComparisonRow>& rows)
{
    std::array<double, 6> means {};
    for (const GroupComparisonRow& row : rows) {
        const std::array<double, 6> results = row.results();
        for (std::size_t k = 0; k < means.size(); ++k)
            means[k] += results[k] / static_cast<double>(rows.size());
    }
    return means;
}

std::string comparisonCsv(const std::vector<GroupComparisonRow>& rows)
{
    std::ostringstream csv;
    csv << std::setprecision(17);
    csv << "task,group,gain,metric,loss_all_in_one,loss_grouped,loss_alone,metric_all_in_one,metric_grouped,"
           "metric_alone\n";
    for (const GroupComparisonRow& row : rows) {
        csv << row.task << ',' << row.group << ',' << row.gain << ',' << row.metric;
        for (double result : row.results()) {
            csv << ',';
            if (std::isfinite(result))
                csv << result;
        }
        csv << '\n';
    }
    return csv.str();
}

} // namespace mtw::engine
