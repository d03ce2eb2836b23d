#pragma once
// Task groups under a budget of trained models, from look-ahead transfer gains (Wang, Pan & Yu
// 2024, "Principled Task Grouping for Multi-Task Learning", arXiv 2402.15328, Sec. 3: maximise
// sum_t sum_G x_tG gain_t(G) subject to sum_G y_G c_G <= B, x_tG <= y_G, sum_G x_tG = 1).
//
// Here every group costs one model (c_G = 1, so B is the number of models) and the groups are
// disjoint: each task is trained in exactly one group, which serves it. gain_t(G) is TAG's
// inter-task affinity onto t within its group (Fifty et al. 2021, Sec. 3.3),
//   gain_t(G) = mean over s in G, s != t of Z(s -> t),   gain_t({t}) = 0,
// with Z the T x T look-ahead gains (rows: source s, columns: target t; the diagonal is unused),
// usually the mean of a run's recorded tag_optimizer (Wang et al.'s optimizer-consistent
// estimator) or tag_affinity matrices. The paper's exact gain_t(G) for groups of more than two
// tasks is not known (its code collects singletons and pairs); averaging the pairwise gains is
// TAG's rule for the same question.
//
// Exact for T <= exactGroupingMaxTasks: every set partition with at most B blocks is scored
// (restricted growth strings; Bell(10) = 115,975 partitions at most). Beyond that a documented
// heuristic: start from singletons and merge the pair of groups whose merge raises the total the
// most (or lowers it the least while there are more than B groups), until no merge helps within
// the budget; then move single tasks to another group (or a new one, within the budget) while a
// move raises the total. Ties go to fewer groups, then to the first partition in task order, so
// the result is deterministic.
#include <Eigen/Dense>

#include <vector>

namespace mtw::analysis {

inline constexpr int exactGroupingMaxTasks = 10;

struct TaskGrouping {
    std::vector<std::vector<int>> groups; // ascending task indices; groups ordered by first task
    Eigen::VectorXd taskGains; // gain_t of each task's group
    double total = 0; // sum_t gain_t
    bool exact = false; // all partitions within the budget were scored
    long long partitionsScored = 0; // exact: the partitions; heuristic: the candidate moves
};

// gain_t(G) above. `group` must contain `task`.
double groupGain(const Eigen::MatrixXd& gains, const std::vector<int>& group, int task);

// The groups and their gains. Throws std::invalid_argument for a non-square or empty matrix, a
// non-finite off-diagonal entry, or a budget below 1. A budget above T is T.
TaskGrouping chooseTaskGroups(const Eigen::MatrixXd& gains, int budget);

// The heuristic alone (what chooseTaskGroups uses above exactGroupingMaxTasks tasks), for tests.
TaskGrouping greedyTaskGroups(const Eigen::MatrixXd& gains, int budget);

// The grouping `groups` (disjoint, covering every task) scored as above.
TaskGrouping scoreTaskGroups(const Eigen::MatrixXd& gains, std::vector<std::vector<int>> groups);

} // namespace mtw::analysis
