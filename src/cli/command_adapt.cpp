#include "cli/command_adapt.h"

#include "cli/command_output.h"
#include "engine/adaptation_store.h"

#include <tbb/task_arena.h>

#include <chrono>
#include <iomanip>
#include <iostream>
#include <sstream>

namespace mtw::cli {

namespace {

std::string cell(const analysis::FewShotPoint& point)
{
    std::ostringstream text;
    text << std::fixed << std::setprecision(3) << point.mean << "+-" << (point.ciHigh - point.mean) << " (" << point.std
         << ")";
    return text.str();
}

void printTable(const engine::AdaptationResult& result)
{
    const analysis::FewShotOptions& o = result.options;
    std::cout << "Few-shot adaptation to '" << result.task << "' (" << result.classes << " classes; "
              << result.representationSize << "-wide representation, "
              << analysis::featureNormalizationName(o.normalization) << " feature normalisation; lambda " << o.head.l2
              << "; " << o.episodes << " episodes per k, seed " << o.seed << "; chance " << std::setprecision(3)
              << 1.0 / result.classes << ")\n";
    std::size_t width = 5;
    for (const engine::AdaptedTrunk& trunk : result.trunks)
        width = std::max(width, trunk.label.size());
    std::cout << std::left << std::setw(static_cast<int>(width) + 2) << "trunk" << std::setw(9) << "trained";
    for (int k : o.shots)
        std::cout << std::setw(22) << ("k=" + std::to_string(k));
    std::cout << "\n";
    int unconverged = 0;
    for (const engine::AdaptedTrunk& trunk : result.trunks) {
        std::cout << std::setw(static_cast<int>(width) + 2) << trunk.label << std::setw(9)
                  << (trunk.trainedOnTask ? "yes" : "no");
        for (const analysis::FewShotPoint& point : trunk.points) {
            std::cout << std::setw(22) << cell(point);
            unconverged += point.unconverged;
        }
        std::cout << "\n";
    }
    std::cout << std::right
              << "Balanced test accuracy (the mean of the per-class accuracies): mean over episodes +- half-width of "
                 "its 95 % "
                 "interval (std).\n";
    for (const engine::AdaptedTrunk& trunk : result.trunks)
        std::cout << "  " << trunk.label << ": " << trunk.training << "\n";
    if (unconverged > 0)
        std::cout << "warning: " << unconverged
                  << " heads stopped before the gradient tolerance (raise --l2 or check the features)\n";
}

} // namespace

void AdaptCommand::setup(CLI::App& app)
{
    subcommand = app.add_subcommand("adapt",
        "Few-shot adaptation of runs' frozen trunks to a task: a new L2 logistic-regression head on k shots per "
        "class, balanced test accuracy against k (Wang, Zhao & Li 2021)");
    subcommand->add_option("runs", m_runs, "Run directories (e.g. a multi-task run and its single-task baselines)")
        ->required();
    subcommand->add_option("--task", m_task, "The adapted task (any classification or binary task of the runs)")
        ->required();
    subcommand->add_option("--shots", m_shots, "Shots per class, comma-separated")
        ->delimiter(',')
        ->check(CLI::Range(1, 100000))
        ->capture_default_str();
    subcommand->add_option("--episodes", m_episodes, "Seeded episodes per k (>= 2)")
        ->check(CLI::Range(2, 100000))
        ->capture_default_str();
    subcommand->add_option("--l2", m_l2, "Penalty lambda of (lambda/2)||W||^2 on the mean cross-entropy (bias free)")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    subcommand
        ->add_option(
            "--normalization", m_normalization, "Features before the head: l2 (unit length per sample) or none")
        ->check(CLI::IsMember({ "l2", "none" }))
        ->capture_default_str();
    subcommand->add_option("--seed", m_seed, "Seed of the support sets (the same for every trunk)")
        ->capture_default_str();
    subcommand->add_option("--step", m_step, "A stored parameter snapshot step of every run (default: the end)")
        ->check(CLI::NonNegativeNumber);
    subcommand->add_flag("--no-random", m_noRandom, "Leave out the randomly initialised trunk (the floor)");
    subcommand->add_flag("--no-store", m_noStore, "Do not write adaptation.json into the run directories");
    subcommand->add_option("--threads", m_threads, "Worker threads (0: all cores); results do not depend on it")
        ->check(CLI::Range(0, 4096));
    subcommand->add_option("--csv", m_csv, "Write the table as CSV (one row per trunk and k)");
}

int AdaptCommand::execute()
{
    CommandOutput csv(m_csv);
    if (!m_csv.empty() && !csv.ok())
        return ExitRunFailed;
    engine::AdaptationRequest request;
    request.runs = m_runs;
    request.task = m_task;
    request.options.shots = m_shots;
    request.options.episodes = m_episodes;
    request.options.head.l2 = m_l2;
    request.options.normalization = analysis::parseFeatureNormalization(m_normalization);
    request.options.seed = m_seed;
    request.step = m_step;
    request.randomTrunk = !m_noRandom;
    engine::AdaptationResult result;
    const auto start = std::chrono::steady_clock::now();
    try {
        tbb::task_arena arena(m_threads > 0 ? m_threads : tbb::task_arena::automatic);
        arena.execute([&] { result = engine::adaptTrunks(request); });
    } catch (const std::exception& error) {
        std::cerr << "error: " << error.what() << "\n";
        return ExitBadInput;
    }
    printTable(result);
    std::cout << "Computed in " << std::setprecision(3)
              << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() << " s\n";
    if (!m_noStore) {
        try {
            engine::storeAdaptation(result);
        } catch (const std::exception& error) {
            std::cerr << "error: " << error.what() << "\n";
            return ExitRunFailed;
        }
        std::cout << "Stored in each run's " << engine::adaptationFileName << "\n";
    }
    if (!m_csv.empty()) {
        csv.stream() << engine::adaptationCsv(result);
        return csv.finish() ? ExitOk : ExitRunFailed;
    }
    return ExitOk;
}

} // namespace mtw::cli
