#include "engine/pairwise_transfer.h"

#include "engine/task_group_runs.h"

#include <cmath>
#include <iomanip>
#include <limits>
#include <set>
#include <sstream>
#include <stdexcept>

namespace mtw::engine {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// The task's last evaluation of the split in the run, or null.
const problem::TaskEvaluation* finalEvaluation(const RunRecord* run, problem::Split split, int task)
{
    if (!run)
        return nullptr;
    const std::vector<const EvaluationRecord*> records = run->split(split);
    const std::size_t t = static_cast<std::size_t>(task);
    return records.empty() || records.back()->tasks.size() <= t ? nullptr : &records.back()->tasks[t];
}

// Gain of `with` over `alone` for one task, signed so that positive means better.
double gainOf(const problem::TaskEvaluation& alone, const problem::TaskEvaluation& with, TransferQuantity quantity)
{
    if (quantity == TransferQuantity::Loss)
        return alone.loss - with.loss;
    const double better = alone.higherIsBetter ? with.metric - alone.metric : alone.metric - with.metric;
    if (quantity == TransferQuantity::Metric)
        return better;
    // A zero metric alone (a perfect MSE) has no relative scale: undefined, not infinite.
    return alone.metric == 0 ? nan : 100.0 * better / std::abs(alone.metric);
}

} // namespace

std::string transferQuantityName(TransferQuantity quantity)
{
    switch (quantity) {
    case TransferQuantity::Loss:
        return "loss";
    case TransferQuantity::Metric:
        return "metric";
    case TransferQuantity::Relative:
        return "relative";
    }
    return "?";
}

TransferQuantity transferQuantityFromName(const std::string& name)
{
    for (TransferQuantity q : { TransferQuantity::Loss, TransferQuantity::Metric, TransferQuantity::Relative })
        if (transferQuantityName(q) == name)
            return q;
    throw std::invalid_argument("unknown transfer quantity \"" + name + "\" (loss, metric or relative)");
}

Experiment seededExperiment(const Experiment& experiment, std::uint64_t seed, bool suffix)
{
    Experiment seeded = experiment;
    seeded.seed = seed;
    if (suffix)
        seeded.name += "-s" + std::to_string(seed);
    return seeded;
}

std::vector<PairwiseRun> pairwiseTransferPlan(
    const Experiment& experiment, const std::vector<std::string>& taskNames, const std::vector<std::uint64_t>& seeds)
{
    const int tasks = static_cast<int>(taskNames.size());
    if (tasks < 2)
        throw std::invalid_argument(
            "pairwise transfer needs at least two tasks, the problem has " + std::to_string(tasks));
    if (seeds.empty())
        throw std::invalid_argument("pairwise transfer needs at least one seed");
    if (std::set<std::uint64_t>(seeds.begin(), seeds.end()).size() != seeds.size())
        throw std::invalid_argument("a seed is listed twice");
    const bool suffix = seeds.size() > 1;
    std::vector<PairwiseRun> plan;
    for (std::size_t s = 0; s < seeds.size(); ++s) {
        const auto add = [&](std::vector<int> group) {
            Experiment run = groupExperiment(experiment, group, taskNames);
            // The suffix goes last ("grp-group-a+b-s1"), after what the group helper names.
            run = seededExperiment(run, seeds[s], suffix);
            plan.push_back({ std::move(group), s, std::move(run) });
        };
        for (int t = 0; t < tasks; ++t)
            add({ t });
        for (int i = 0; i < tasks; ++i)
            for (int j = i + 1; j < tasks; ++j)
                add({ i, j });
    }
    return plan;
}

PairwiseTransfer pairwiseTransfer(const std::vector<PairwiseRun>& plan, const std::vector<const RunRecord*>& runs,
    const std::vector<std::string>& taskNames, const std::vector<std::uint64_t>& seeds, TransferQuantity quantity,
    problem::Split split)
{
    if (runs.size() != plan.size())
        throw std::invalid_argument(
            "pairwise transfer: " + std::to_string(runs.size()) + " runs for a plan of " + std::to_string(plan.size()));
    const Eigen::Index tasks = static_cast<Eigen::Index>(taskNames.size());
    PairwiseTransfer result;
    result.taskNames = taskNames;
    result.seeds = seeds;
    result.quantity = quantity;
    result.split = split;
    result.metricNames.assign(taskNames.size(), "");
    result.perSeed.assign(seeds.size(), Eigen::MatrixXd::Constant(tasks, tasks, nan));
    // alone[s][t]: the single-task run of task t for seed s; pair[s][i][j] (= [j][i]) the pair's.
    std::vector<std::vector<const RunRecord*>> alone(seeds.size(), std::vector<const RunRecord*>(taskNames.size()));
    std::vector<std::vector<std::vector<const RunRecord*>>> pair(seeds.size(),
        std::vector<std::vector<const RunRecord*>>(taskNames.size(), std::vector<const RunRecord*>(taskNames.size())));
    for (std::size_t k = 0; k < plan.size(); ++k) {
        const PairwiseRun& run = plan[k];
        const std::size_t s = run.seedIndex;
        if (run.group.size() == 1)
            alone.at(s).at(static_cast<std::size_t>(run.group[0])) = runs[k];
        else if (run.group.size() == 2) {
            const std::size_t i = static_cast<std::size_t>(run.group[0]), j = static_cast<std::size_t>(run.group[1]);
            pair.at(s).at(i).at(j) = pair.at(s).at(j).at(i) = runs[k];
        }
    }
    for (std::size_t s = 0; s < seeds.size(); ++s)
        for (Eigen::Index i = 0; i < tasks; ++i) {
            const problem::TaskEvaluation* single
                = finalEvaluation(alone[s][static_cast<std::size_t>(i)], split, static_cast<int>(i));
            if (single && result.metricNames[static_cast<std::size_t>(i)].empty())
                result.metricNames[static_cast<std::size_t>(i)] = single->metricName;
            for (Eigen::Index j = 0; j < tasks; ++j) {
                if (i == j)
                    continue;
                const problem::TaskEvaluation* with = finalEvaluation(
                    pair[s][static_cast<std::size_t>(i)][static_cast<std::size_t>(j)], split, static_cast<int>(i));
                if (single && with)
                    result.perSeed[s](i, j) = gainOf(*single, *with, quantity);
            }
        }
    result.mean = Eigen::MatrixXd::Constant(tasks, tasks, nan);
    result.std = Eigen::MatrixXd::Constant(tasks, tasks, nan);
    result.count = Eigen::MatrixXd::Zero(tasks, tasks);
    for (Eigen::Index i = 0; i < tasks; ++i)
        for (Eigen::Index j = 0; j < tasks; ++j) {
            double sum = 0, n = 0;
            for (const Eigen::MatrixXd& values : result.perSeed)
                if (std::isfinite(values(i, j))) {
                    sum += values(i, j);
                    n += 1;
                }
            result.count(i, j) = n;
            if (n == 0)
                continue;
            const double mean = sum / n;
            result.mean(i, j) = mean;
            if (n < 2)
                continue;
            double squares = 0;
            for (const Eigen::MatrixXd& values : result.perSeed)
                if (std::isfinite(values(i, j)))
                    squares += (values(i, j) - mean) * (values(i, j) - mean);
            result.std(i, j) = std::sqrt(squares / (n - 1));
        }
    return result;
}

std::string pairwiseTransferCsv(const PairwiseTransfer& transfer)
{
    std::ostringstream csv;
    csv << std::setprecision(17);
    csv << "i,j,task_i,task_j,quantity,mean,std,seeds";
    for (std::uint64_t seed : transfer.seeds)
        csv << ",seed_" << seed;
    csv << '\n';
    const auto cell = [&csv](double value) {
        csv << ',';
        if (std::isfinite(value))
            csv << value;
    };
    const Eigen::Index tasks = transfer.mean.rows();
    for (Eigen::Index i = 0; i < tasks; ++i)
        for (Eigen::Index j = 0; j < tasks; ++j) {
            if (i == j)
                continue;
            csv << i << ',' << j << ',' << transfer.taskNames[static_cast<std::size_t>(i)] << ','
                << transfer.taskNames[static_cast<std::size_t>(j)] << ',' << transferQuantityName(transfer.quantity);
            cell(transfer.mean(i, j));
            cell(transfer.std(i, j));
            csv << ',' << static_cast<int>(transfer.count(i, j));
            for (const Eigen::MatrixXd& values : transfer.perSeed)
                cell(values(i, j));
            csv << '\n';
        }
    return csv.str();
}

std::string meanStdLabel(double mean, double std)
{
    if (!std::isfinite(mean))
        return "";
    std::ostringstream out;
    out << std::setprecision(3) << mean;
    if (std::isfinite(std))
        out << " \u00b1 " << std::setprecision(2) << std;
    return out.str();
}

} // namespace mtw::engine
