#pragma once
// Budgeted task grouping of a run (analysis/task_grouping.h) and the runs that train its groups.
//
// The gains are the run's recorded look-ahead affinities averaged over every step measured
// (diagnostics.factors with tag_affinity on): by default Wang, Pan & Yu's optimizer-consistent
// tag_optimizer, else TAG's plain tag_affinity (Fifty et al. 2021, who also average over
// training). A group of k >= 2 tasks trains the run's experiment with the method "fixed" and
// weights 1/k on its tasks and 0 elsewhere (TAG and Wang et al. train each group on its summed,
// here averaged, loss; the run's own method cannot be restricted to a subset of its tasks) with
// the joint step, as the baselines do (alternating or selective group steps reduce to it), named
// "<name>-group-<task>+<task>..."; a group of one task is that task's single-task baseline
// (engine/single_task_baselines.h), shared with `mtw-cli baselines`.
#include "analysis/task_grouping.h"
#include "engine/experiment.h"
#include "engine/run_reader.h"
#include "engine/snapshot.h"

#include <array>
#include <string>
#include <vector>

namespace mtw::engine {

enum class GainEstimator { Optimizer, Lookahead };

struct MeanGains {
    Eigen::MatrixXd gains; // T x T, rows: source task, columns: target task; NaN where never measured
    GainEstimator estimator = GainEstimator::Optimizer;
    int measurements = 0; // steps with at least one record of that estimator
};

// The run's mean look-ahead gains. `preferred` is used when the run recorded it, else the other
// one. Throws std::runtime_error when the run recorded neither (the message says how to).
MeanGains meanLookaheadGains(const std::vector<FactorRecord>& records, const std::vector<std::string>& taskNames,
    GainEstimator preferred = GainEstimator::Optimizer);

std::string gainEstimatorName(GainEstimator estimator); // "tag_optimizer" | "tag_affinity"

// The experiment that trains `group` (task indices) of `experiment`, as described above.
Experiment groupExperiment(
    const Experiment& experiment, const std::vector<int>& group, const std::vector<std::string>& taskNames);

// "a+b" for a group's tasks.
std::string groupLabel(const std::vector<int>& group, const std::vector<std::string>& taskNames);

// One task of the comparison table: its final loss and metric on one split when trained in the
// all-in-one run, in its group's run and alone (NaN where that run lacks the evaluation).
struct GroupComparisonRow {
    std::string task;
    std::string group; // groupLabel of the task's group
    std::string metric; // accuracy, mse, ...
    bool higherIsBetter = false;
    double gain = 0; // the task's look-ahead gain in its group (TaskGrouping::taskGains)
    double allInOneLoss = 0, groupLoss = 0, singleLoss = 0;
    double allInOneMetric = 0, groupMetric = 0, singleMetric = 0;

    // The six results in table order: loss all in one, grouped, alone, then the metric's.
    std::array<double, 6> results() const
    {
        return { allInOneLoss, groupLoss, singleLoss, allInOneMetric, groupMetric, singleMetric };
    }
};

// The table over the tasks of `grouping`, from the last evaluation of `split` in each run.
// groupRuns[g] trains grouping.groups[g]; singleRuns[t] trains task t alone (null: not trained).
std::vector<GroupComparisonRow> compareGroupRuns(const RunRecord& allInOne, const analysis::TaskGrouping& grouping,
    const std::vector<const RunRecord*>& groupRuns, const std::vector<const RunRecord*>& singleRuns,
    problem::Split split);

// Each result's mean over the rows (NaN where a row lacks it), the table's last line.
std::array<double, 6> meanResults(const std::vector<GroupComparisonRow>& rows);

// The table as CSV, what `mtw-cli grouping --csv` and the dialog's export write: task, group,
// gain, metric, then the six results at full precision (empty for a run that is missing).
std::string comparisonCsv(const std::vector<GroupComparisonRow>& rows);

} // namespace mtw::engine
