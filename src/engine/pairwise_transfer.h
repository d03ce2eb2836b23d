#pragma once
// Pairwise transfer: every task trained alone and every unordered pair {i, j} trained together,
// for each seed of a list, and the T x T matrix of the gain of task i when trained with j over
// alone. The study of Ni et al. (ACL 2023, "Financial-NLP skill aggregation": MTL helps when the
// tasks are diverse but related; pairwise matrices of training on {i, j} against {i}), in the
// seed papers' section 3.20.
//
// The runs are engine/task_group_runs.h's: a pair trains the experiment with the method "fixed"
// and weights 1/2 on its two tasks ("<name>-group-a+b"); a task alone is its single-task baseline
// ("<name>-st-a", engine/single_task_baselines.h, shared with `mtw-cli baselines` and
// `mtw-cli grouping`). Per seed, training.seed is replaced by the seed, and the run names get the
// suffix "-s<seed>" when the list holds more than one seed (one seed: the plain names, so runs
// trained by `baselines` or `grouping` with that seed are reused).
//
// gain[i][j], on the last evaluation of a split (default test) of the two runs:
//   loss:     L_i(alone) - L_i(with j)                  (positive: the partner lowers i's loss)
//   metric:   M_i(with j) - M_i(alone), negated when a lower metric is better (MSE), so that
//             positive always means better
//   relative: the metric gain in % of |M_i(alone)|
// Mean and sample standard deviation (n - 1; NaN under two seeds) over the seeds whose two runs
// are both present, and that count; NaN where no seed has both. The diagonal is NaN (undefined).
#include "engine/experiment.h"
#include "engine/run_reader.h"
#include "problem/multi_task_problem.h"

#include <Eigen/Dense>
#include <cstdint>
#include <string>
#include <vector>

namespace mtw::engine {

enum class TransferQuantity { Loss, Metric, Relative };

std::string transferQuantityName(TransferQuantity quantity); // "loss" | "metric" | "relative"
// Throws std::invalid_argument naming the value and the accepted ones.
TransferQuantity transferQuantityFromName(const std::string& name);

// One run of the study: the tasks it trains (one: alone; two: a pair) and the seed's index.
struct PairwiseRun {
    std::vector<int> group;
    std::size_t seedIndex = 0;
    Experiment experiment;
};

// The experiment with training.seed replaced (and "-s<seed>" appended to its name when `suffix`).
Experiment seededExperiment(const Experiment& experiment, std::uint64_t seed, bool suffix);

// Per seed, in list order: every task alone in task order, then every pair {i < j} in
// lexicographic order. Throws std::invalid_argument for fewer than two tasks, no seed or a seed
// listed twice.
std::vector<PairwiseRun> pairwiseTransferPlan(
    const Experiment& experiment, const std::vector<std::string>& taskNames, const std::vector<std::uint64_t>& seeds);

struct PairwiseTransfer {
    std::vector<std::string> taskNames;
    std::vector<std::uint64_t> seeds;
    TransferQuantity quantity = TransferQuantity::Loss;
    problem::Split split = problem::Split::Test;
    std::vector<std::string> metricNames; // per task, from its runs ("" when none is present)
    std::vector<Eigen::MatrixXd> perSeed; // T x T per seed; NaN on the diagonal and where a run is missing
    Eigen::MatrixXd mean, std, count; // T x T over the seeds present; count 0 on the diagonal
};

// The matrix from the plan's runs: runs[k] is plan[k]'s finished run, or null when it is missing.
PairwiseTransfer pairwiseTransfer(const std::vector<PairwiseRun>& plan, const std::vector<const RunRecord*>& runs,
    const std::vector<std::string>& taskNames, const std::vector<std::uint64_t>& seeds, TransferQuantity quantity,
    problem::Split split = problem::Split::Test);

// The off-diagonal entries as CSV: i, j (0-based), task_i, task_j, quantity, mean, std, seeds
// (the count present), then one column per seed ("seed_<s>"); full precision, empty for NaN.
std::string pairwiseTransferCsv(const PairwiseTransfer& transfer);

// "0.0123 ± 0.0045" (3 significant digits), "0.0123" without a spread, "" for NaN: a cell's label.
std::string meanStdLabel(double mean, double std);

} // namespace mtw::engine
