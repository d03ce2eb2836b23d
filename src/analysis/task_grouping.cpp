#include "analysis/task_grouping.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace mtw::analysis {

namespace {

int taskCount(const Eigen::MatrixXd& gains)
{
    if (gains.rows() == 0 || gains.rows() != gains.cols())
        throw std::invalid_argument("task grouping: the gains must be a non-empty square matrix");
    for (Eigen::Index s = 0; s < gains.rows(); ++s)
        for (Eigen::Index t = 0; t < gains.cols(); ++t)
            if (s != t && !std::isfinite(gains(s, t)))
                throw std::invalid_argument("task grouping: the gain of task " + std::to_string(s) + " on task "
                    + std::to_string(t) + " is not a finite number (was it measured?)");
    return static_cast<int>(gains.rows());
}

// Groups from a labelling (label of each task), ordered by first task.
std::vector<std::vector<int>> groupsOf(const std::vector<int>& labels)
{
    std::vector<std::vector<int>> groups;
    std::vector<int> index(labels.size(), -1);
    for (std::size_t t = 0; t < labels.size(); ++t) {
        const std::size_t label = static_cast<std::size_t>(labels[t]);
        if (index[label] < 0) {
            index[label] = static_cast<int>(groups.size());
            groups.emplace_back();
        }
        groups[static_cast<std::size_t>(index[label])].push_back(static_cast<int>(t));
    }
    return groups;
}

double totalOf(const Eigen::MatrixXd& gains, const std::vector<std::vector<int>>& groups)
{
    double total = 0;
    for (const std::vector<int>& group : groups)
        for (int t : group)
            total += groupGain(gains, group, t);
    return total;
}

// Better: a higher total, then fewer groups (earlier candidates win remaining ties).
bool better(double total, std::size_t groups, double bestTotal, std::size_t bestGroups)
{
    return total > bestTotal || (total == bestTotal && groups < bestGroups);
}

} // namespace

double groupGain(const Eigen::MatrixXd& gains, const std::vector<int>& group, int task)
{
    if (group.size() < 2)
        return 0.0;
    double sum = 0;
    for (int s : group)
        if (s != task)
            sum += gains(s, task);
    return sum / static_cast<double>(group.size() - 1);
}

TaskGrouping scoreTaskGroups(const Eigen::MatrixXd& gains, std::vector<std::vector<int>> groups)
{
    const int tasks = taskCount(gains);
    std::vector<int> labels(static_cast<std::size_t>(tasks), -1);
    for (std::size_t g = 0; g < groups.size(); ++g)
        for (int t : groups[g]) {
            if (t < 0 || t >= tasks || labels[static_cast<std::size_t>(t)] >= 0)
                throw std::invalid_argument(
                    "task grouping: task " + std::to_string(t) + " is out of range or in two groups");
            labels[static_cast<std::size_t>(t)] = static_cast<int>(g);
        }
    if (std::find(labels.begin(), labels.end(), -1) != labels.end())
        throw std::invalid_argument("task grouping: every task must be in a group");
    TaskGrouping result;
    result.groups = groupsOf(labels);
    result.taskGains = Eigen::VectorXd::Zero(tasks);
    for (const std::vector<int>& group : result.groups)
        for (int t : group)
            result.taskGains(t) = groupGain(gains, group, t);
    result.total = result.taskGains.sum();
    return result;
}

TaskGrouping greedyTaskGroups(const Eigen::MatrixXd& gains, int budget)
{
    const int tasks = taskCount(gains);
    if (budget < 1)
        throw std::invalid_argument("task grouping: the budget must be at least one model");
    const std::size_t limit = static_cast<std::size_t>(std::min(budget, tasks));
    std::vector<std::vector<int>> groups;
    for (int t = 0; t < tasks; ++t)
        groups.push_back({ t });
    long long candidates = 0;
    // Merges: the best pair each round; forced (even when it lowers the total) above the budget.
    for (;;) {
        double bestChange = 0;
        std::size_t bestA = 0, bestB = 0;
        bool found = false;
        const double current = totalOf(gains, groups);
        for (std::size_t a = 0; a < groups.size(); ++a)
            for (std::size_t b = a + 1; b < groups.size(); ++b) {
                std::vector<std::vector<int>> merged = groups;
                merged[a].insert(merged[a].end(), merged[b].begin(), merged[b].end());
                merged.erase(merged.begin() + static_cast<std::ptrdiff_t>(b));
                const double change = totalOf(gains, merged) - current;
                ++candidates;
                if (!found || change > bestChange) {
                    found = true;
                    bestChange = change;
                    bestA = a;
                    bestB = b;
                }
            }
        if (!found || (groups.size() <= limit && bestChange <= 0))
            break;
        groups[bestA].insert(groups[bestA].end(), groups[bestB].begin(), groups[bestB].end());
        std::sort(groups[bestA].begin(), groups[bestA].end());
        groups.erase(groups.begin() + static_cast<std::ptrdiff_t>(bestB));
    }
    // Single-task moves while one raises the total (each accepted move raises it: this ends).
    for (bool moved = true; moved;) {
        moved = false;
        for (int t = 0; t < tasks && !moved; ++t) {
            const double current = totalOf(gains, groups);
            std::size_t from = 0;
            while (std::find(groups[from].begin(), groups[from].end(), t) == groups[from].end())
                ++from;
            for (std::size_t to = 0; to <= groups.size() && !moved; ++to) {
                if (to == from || (to == groups.size() && (groups.size() >= limit || groups[from].size() == 1)))
                    continue;
                std::vector<std::vector<int>> next = groups;
                next[from].erase(std::find(next[from].begin(), next[from].end(), t));
                if (to == groups.size())
                    next.push_back({ t });
                else
                    next[to].push_back(t);
                std::erase_if(next, [](const std::vector<int>& g) { return g.empty(); });
                ++candidates;
                if (totalOf(gains, next) > current) {
                    for (std::vector<int>& g : next)
                        std::sort(g.begin(), g.end());
                    groups = std::move(next);
                    moved = true;
                }
            }
        }
    }
    TaskGrouping result = scoreTaskGroups(gains, groups);
    result.partitionsScored = candidates;
    return result;
}

TaskGrouping chooseTaskGroups(const Eigen::MatrixXd& gains, int budget)
{
    const int tasks = taskCount(gains);
    if (budget < 1)
        throw std::invalid_argument("task grouping: the budget must be at least one model");
    if (tasks > exactGroupingMaxTasks)
        return greedyTaskGroups(gains, budget);
    const int limit = std::min(budget, tasks);
    // Restricted growth strings: labels[0] = 0, labels[i] <= max(labels[0..i-1]) + 1, here also
    // < limit; in lexicographic order, starting with the all-in-one partition.
    std::vector<int> labels(static_cast<std::size_t>(tasks), 0), maxima(static_cast<std::size_t>(tasks), 0);
    std::vector<int> bestLabels = labels;
    double bestTotal = -std::numeric_limits<double>::infinity();
    std::size_t bestGroups = 0;
    long long scored = 0;
    for (;;) {
        const std::vector<std::vector<int>> groups = groupsOf(labels);
        const double total = totalOf(gains, groups);
        ++scored;
        if (better(total, groups.size(), bestTotal, bestGroups)) {
            bestTotal = total;
            bestGroups = groups.size();
            bestLabels = labels;
        }
        // Next string: raise the last position that can grow, reset the ones after it.
        int i = tasks - 1;
        while (i > 0
            && (labels[static_cast<std::size_t>(i)] > maxima[static_cast<std::size_t>(i - 1)]
                || labels[static_cast<std::size_t>(i)] + 1 >= limit))
            --i;
        if (i == 0)
            break;
        ++labels[static_cast<std::size_t>(i)];
        maxima[static_cast<std::size_t>(i)]
            = std::max(maxima[static_cast<std::size_t>(i - 1)], labels[static_cast<std::size_t>(i)]);
        for (int j = i + 1; j < tasks; ++j) {
            labels[static_cast<std::size_t>(j)] = 0;
            maxima[static_cast<std::size_t>(j)] = maxima[static_cast<std::size_t>(i)];
        }
    }
    TaskGrouping result = scoreTaskGroups(gains, groupsOf(bestLabels));
    result.exact = true;
    result.partitionsScored = scored;
    return result;
}

} // namespace mtw::analysis
