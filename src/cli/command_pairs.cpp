#include "cli/command_pairs.h"

#include "cli/train_or_reuse.h"
#include "engine/pairwise_transfer.h"
#include "engine/single_task_baselines.h"
#include "engine/snapshot.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>

namespace mtw::cli {

namespace {

// "0,1,2" -> {0, 1, 2}; throws std::invalid_argument naming the bad item.
std::vector<std::uint64_t> parseSeeds(const std::string& text)
{
    std::vector<std::uint64_t> seeds;
    std::stringstream items(text);
    std::string item;
    while (std::getline(items, item, ',')) {
        const bool digits
            = !item.empty() && std::all_of(item.begin(), item.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!digits || item.size() > 19)
            throw std::invalid_argument("--seeds: \"" + item + "\" is not a non-negative integer (e.g. --seeds 0,1,2)");
        seeds.push_back(std::stoull(item));
    }
    if (seeds.empty())
        throw std::invalid_argument("--seeds: no seed given (e.g. --seeds 0,1,2)");
    return seeds;
}

} // namespace

void PairsCommand::setup(CLI::App& app)
{
    subcommand = app.add_subcommand("pairs",
        "Pairwise transfer (Ni et al. 2023): train every task alone and every pair, per seed, and print the "
        "T x T gain of task i trained with j over alone");
    subcommand->add_option("source", m_source, "Experiment file or run directory whose experiment to use")->required();
    subcommand->add_option("--seeds", m_seeds, "Comma-separated seeds (default: the experiment's training.seed)");
    subcommand->add_flag("--train", m_train, "Train the runs not stored under the root yet");
    subcommand->add_option("--root", m_root, "Folder of the runs (default: runs)");
    subcommand->add_option("--split", m_split, "Split of the final evaluation compared (default: test)")
        ->check(CLI::IsMember({ "test", "validation" }));
    subcommand
        ->add_option("--quantity", m_quantity,
            "loss: L_i alone - L_i with j; metric: the primary metric's gain (positive: better); relative: "
            "the metric gain in % of alone (default: loss)")
        ->check(CLI::IsMember({ "loss", "metric", "relative" }));
    subcommand->add_option("--csv", m_csv, "Write the matrix (one line per ordered pair, per-seed values) as CSV");
    subcommand->add_flag("--force", m_force, "With --train: replace the stored runs instead of reusing them");
    subcommand->add_flag("--quiet", m_quiet, "No progress output");
}

int PairsCommand::execute()
{
    engine::Experiment experiment;
    std::vector<std::string> names;
    std::vector<std::uint64_t> seeds;
    std::vector<engine::PairwiseRun> plan;
    try {
        if (std::filesystem::is_directory(m_source)) {
            const engine::RunRecord run = engine::readRun(m_source);
            experiment = run.experiment;
            names = run.taskNames;
        } else {
            experiment = engine::loadExperiment(m_source);
            names = engine::experimentTaskNames(experiment);
        }
        seeds = m_seeds.empty() ? std::vector<std::uint64_t> { experiment.seed } : parseSeeds(m_seeds);
        plan = engine::pairwiseTransferPlan(experiment, names, seeds);
    } catch (const std::exception& error) {
        std::cerr << "error: " << m_source << ": " << error.what() << "\n";
        return ExitBadInput;
    }
    std::vector<std::optional<engine::RunRecord>> stored(plan.size());
    std::vector<std::string> missing;
    try {
        for (std::size_t k = 0; k < plan.size(); ++k) {
            const std::string directory = m_root + "/" + plan[k].experiment.name;
            if (m_train) {
                stored[k] = trainOrReuse(plan[k].experiment, directory, m_force, m_quiet);
                if (!stored[k])
                    return ExitRunFailed;
            } else if (!(stored[k] = finishedRunIn(directory, plan[k].experiment))) {
                missing.push_back(directory);
            }
        }
    } catch (const std::exception& error) {
        std::cerr << "error: " << error.what() << "\n";
        return ExitBadInput;
    }
    if (!missing.empty()) {
        std::cerr << "error: " << missing.size() << " of the " << plan.size()
                  << " runs of the study are not stored (finished, same experiment) under " << m_root << ":\n";
        for (const std::string& directory : missing)
            std::cerr << "  " << directory << "\n";
        std::cerr << "train them with: mtw-cli pairs " << m_source << (m_seeds.empty() ? "" : " --seeds " + m_seeds)
                  << " --root " << m_root << " --train\n";
        return ExitBadInput;
    }
    std::vector<const engine::RunRecord*> runs;
    for (const auto& run : stored)
        runs.push_back(run ? &*run : nullptr);
    const engine::PairwiseTransfer transfer = engine::pairwiseTransfer(
        plan, runs, names, seeds, engine::transferQuantityFromName(m_quantity), engine::splitFromName(m_split));
    std::cout << "Pairwise transfer, " << m_quantity
              << " gain of the task (row) trained with the partner (column) over "
              << "alone, final " << m_split << " evaluation, mean \u00b1 std over " << seeds.size()
              << (seeds.size() == 1 ? " seed" : " seeds") << " (positive: the partner helps)\n";
    std::size_t width = 8;
    for (const std::string& name : names)
        width = std::max(width, name.size() + 2);
    std::cout << std::setw(static_cast<int>(width)) << "";
    for (const std::string& name : names)
        std::cout << std::setw(20) << name;
    std::cout << "\n";
    for (std::size_t i = 0; i < names.size(); ++i) {
        std::cout << std::left << std::setw(static_cast<int>(width)) << names[i] << std::right;
        for (std::size_t j = 0; j < names.size(); ++j) {
            const auto r = static_cast<Eigen::Index>(i), c = static_cast<Eigen::Index>(j);
            const std::string label = engine::meanStdLabel(transfer.mean(r, c), transfer.std(r, c));
            // "±" is two bytes but one column: pad by hand.
            const std::size_t shown = label.size() - (label.find("\u00b1") == std::string::npos ? 0 : 1);
            std::cout << std::string(shown < 20 ? 20 - shown : 1, ' ') << (i == j ? "" : label);
        }
        std::cout << "\n";
    }
    std::cout << "Runs: " << plan.size() << " (" << names.size() << " alone and "
              << names.size() * (names.size() - 1) / 2 << " pairs per seed) under " << m_root << "\n";
    if (!m_csv.empty()) {
        std::ofstream csv(m_csv);
        csv << engine::pairwiseTransferCsv(transfer);
        if (!csv) {
            std::cerr << "error: cannot write " << m_csv << "\n";
            return ExitRunFailed;
        }
    }
    return ExitOk;
}

} // namespace mtw::cli
