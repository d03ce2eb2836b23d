#include "cli/command_grouping.h"

#include "cli/train_or_reuse.h"
#include "engine/factor_transfer.h"
#include "engine/single_task_baselines.h"
#include "engine/task_group_runs.h"

#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <numeric>
#include <optional>

namespace mtw::cli {

namespace {

std::string number(double value)
{
    if (!std::isfinite(value))
        return "-";
    std::ostringstream out;
    out << std::setprecision(4) << value;
    return out.str();
}

// Loss all in one / grouped / alone, then the metric's name and its three values.
void printResults(const std::array<double, 6>& results, const std::string& metric)
{
    for (std::size_t k = 0; k < 3; ++k)
        std::cout << std::setw(10) << number(results[k]);
    std::cout << "   " << std::left << std::setw(10) << metric << std::right;
    for (std::size_t k = 3; k < 6; ++k)
        std::cout << std::setw(10) << number(results[k]);
    std::cout << "\n";
}

} // namespace

void GroupingCommand::setup(CLI::App& app)
{
    subcommand = app.add_subcommand("grouping",
        "Task groups under a budget of trained models from a run's look-ahead gains; --train trains and compares them");
    subcommand->add_option("run", m_run, "Run directory recorded with diagnostics.factors.tag_affinity")->required();
    subcommand->add_option("--budget", m_budget, "Models that may be trained (groups)")
        ->required()
        ->check(CLI::Range(1, 1000));
    subcommand->add_option("--estimator", m_estimator, "Gains: the optimizer-consistent look-ahead or TAG's plain one")
        ->check(CLI::IsMember({ "optimizer", "lookahead" }));
    subcommand->add_flag("--train", m_train, "Train every group and every task alone, then compare");
    subcommand->add_option("--root", m_root, "Folder for the trained runs (default: runs)");
    subcommand->add_option("--split", m_split, "Split of the comparison (default: test)")
        ->check(CLI::IsMember({ "test", "validation", "train" }));
    subcommand->add_option("--csv", m_csv, "Write the groups (and with --train the comparison) as CSV");
    subcommand->add_flag("--force", m_force, "Replace previous runs in the run directories");
    subcommand->add_flag("--quiet", m_quiet, "No progress output");
}

int GroupingCommand::execute()
{
    engine::RunRecord run;
    engine::MeanGains gains;
    analysis::TaskGrouping grouping;
    try {
        run = engine::readRun(m_run);
        gains = engine::meanLookaheadGains(engine::readRunFactors(m_run), run.taskNames,
            m_estimator == "optimizer" ? engine::GainEstimator::Optimizer : engine::GainEstimator::Lookahead);
        grouping = analysis::chooseTaskGroups(gains.gains, m_budget);
    } catch (const std::exception& error) {
        std::cerr << "error: " << m_run << ": " << error.what() << "\n";
        return ExitBadInput;
    }
    const std::vector<std::string>& names = run.taskNames;
    std::cout << "Look-ahead gains Z(source -> target): " << engine::gainEstimatorName(gains.estimator) << ", mean of "
              << gains.measurements << " measurements\n";
    for (std::size_t s = 0; s < names.size(); ++s) {
        std::cout << "  " << std::left << std::setw(14) << names[s];
        for (std::size_t t = 0; t < names.size(); ++t)
            std::cout << std::right << std::setw(11)
                      << (s == t ? std::string("")
                                 : number(gains.gains(static_cast<Eigen::Index>(s), static_cast<Eigen::Index>(t))));
        std::cout << "\n";
    }
    std::vector<int> everyTask(names.size());
    std::iota(everyTask.begin(), everyTask.end(), 0);
    const analysis::TaskGrouping allInOne = analysis::scoreTaskGroups(gains.gains, { everyTask });
    std::cout << "Groups under a budget of " << m_budget << (m_budget == 1 ? " model (" : " models (")
              << (grouping.exact ? "exact over " + std::to_string(grouping.partitionsScored) + " partitions"
                                 : "heuristic, " + std::to_string(grouping.partitionsScored) + " candidates")
              << "):\n";
    for (std::size_t g = 0; g < grouping.groups.size(); ++g) {
        std::cout << "  G" << g + 1 << ": " << engine::groupLabel(grouping.groups[g], names) << "  (gains";
        for (int t : grouping.groups[g])
            std::cout << " " << names[static_cast<std::size_t>(t)] << " " << number(grouping.taskGains(t));
        std::cout << ")\n";
    }
    std::cout << "Total gain " << number(grouping.total) << " (all in one model: " << number(allInOne.total)
              << "; every task alone: 0)\n";
    std::ofstream csv;
    if (!m_csv.empty())
        csv.open(m_csv);
    if (!m_train) {
        if (csv.is_open()) {
            csv << "task,group,gain\n";
            for (const std::vector<int>& group : grouping.groups)
                for (int t : group)
                    csv << names[static_cast<std::size_t>(t)] << "," << engine::groupLabel(group, names) << ","
                        << grouping.taskGains(t) << "\n";
        }
        std::cout << "train and compare with: mtw-cli grouping " << m_run << " --budget " << m_budget << " --train\n";
        return csv.is_open() && !csv ? ExitRunFailed : ExitOk;
    }
    std::vector<std::optional<engine::RunRecord>> groupRuns(grouping.groups.size()), singleRuns(names.size());
    try {
        for (std::size_t g = 0; g < grouping.groups.size(); ++g) {
            const engine::Experiment experiment = engine::groupExperiment(run.experiment, grouping.groups[g], names);
            groupRuns[g] = trainOrReuse(experiment, m_root + "/" + experiment.name, m_force, m_quiet);
            if (!groupRuns[g])
                return ExitRunFailed;
        }
        for (std::size_t t = 0; t < names.size(); ++t) {
            const engine::Experiment single = engine::singleTaskExperiment(
                run.experiment, static_cast<int>(t), static_cast<int>(names.size()), names[t]);
            // A group of one is this very run: trained above, reused here.
            singleRuns[t] = trainOrReuse(single, m_root + "/" + single.name, false, m_quiet);
            if (!singleRuns[t])
                return ExitRunFailed;
        }
    } catch (const std::exception& error) {
        std::cerr << "error: " << error.what() << "\n";
        return ExitBadInput;
    }
    std::vector<const engine::RunRecord*> groupPointers, singlePointers;
    for (const auto& r : groupRuns)
        groupPointers.push_back(r ? &*r : nullptr);
    for (const auto& r : singleRuns)
        singlePointers.push_back(r ? &*r : nullptr);
    const problem::Split split = m_split == "test" ? problem::Split::Test
        : m_split == "validation"                  ? problem::Split::Validation
                                                   : problem::Split::Train;
    const std::vector<engine::GroupComparisonRow> rows
        = engine::compareGroupRuns(run, grouping, groupPointers, singlePointers, split);
    std::cout << "Final " << m_split
              << " evaluation: task, group, loss (all in one / grouped / alone), metric (same)\n";
    for (const engine::GroupComparisonRow& row : rows) {
        std::cout << "  " << std::left << std::setw(14) << row.task << std::setw(24) << row.group << std::right;
        printResults(row.results(), row.metric);
    }
    std::cout << "  " << std::left << std::setw(38) << "mean" << std::right;
    printResults(engine::meanResults(rows), "");
    std::cout << "Models trained: all in one 1, grouped " << grouping.groups.size() << ", alone " << names.size()
              << "\n";
    if (csv.is_open()) {
        csv << engine::comparisonCsv(rows);
        if (!csv) {
            std::cerr << "error: cannot write " << m_csv << "\n";
            return ExitRunFailed;
        }
    }
    return ExitOk;
}

} // namespace mtw::cli
