#include "cli/command_baselines.h"

#include "cli/run_to_directory.h"
#include "engine/run_store.h"
#include "engine/single_task_baselines.h"

#include <iostream>

namespace mtw::cli {

void BaselinesCommand::setup(CLI::App& app)
{
    subcommand = app.add_subcommand(
        "baselines", "Train one single-task baseline per task (and optionally the multi-task run)");
    subcommand->add_option("experiment", m_experiment, "Experiment JSON file")->required();
    subcommand->add_option("--root", m_root, "Folder for the run directories (default: runs)");
    subcommand->add_flag("--with-multi", m_withMulti, "Also train the multi-task experiment itself");
    subcommand->add_flag("--force", m_force, "Replace previous runs in the run directories");
    subcommand->add_flag("--quiet", m_quiet, "No progress output");
}

int BaselinesCommand::execute()
{
    engine::Experiment experiment;
    std::vector<std::string> tasks;
    try {
        experiment = engine::loadExperiment(m_experiment);
        tasks = engine::experimentTaskNames(experiment);
    } catch (const std::exception& error) {
        std::cerr << "error: " << error.what() << "\n";
        return ExitBadInput;
    }
    std::vector<std::pair<std::string, engine::Experiment>> runs;
    if (m_withMulti) {
        engine::Experiment multi = experiment;
        multi.name = experiment.name + "-mt";
        runs.emplace_back(m_root + "/" + multi.name, multi);
    }
    for (const engine::Experiment& single : engine::singleTaskExperiments(experiment, tasks))
        runs.emplace_back(m_root + "/" + single.name, single);
    int code = ExitOk;
    for (const auto& [directory, run] : runs) {
        std::cout << "== " << run.name << " -> " << directory << "\n" << std::flush;
        try {
            engine::RunJobOptions job;
            job.use = m_force ? engine::RunDirectoryUse::ReplaceRun : engine::RunDirectoryUse::NewRun;
            const DirectoryRun result = runToDirectory(run, directory, { m_quiet, job });
            std::cout << "status: " << engine::runStatusName(result.outcome.status) << " (" << result.outcome.message
                      << ")\n";
            if (result.outcome.status == engine::RunStatus::Failed)
                code = ExitRunFailed;
            if (result.outcome.status == engine::RunStatus::Stopped)
                return ExitRunFailed; // interrupted: do not start the next run
        } catch (const std::exception& error) {
            std::cerr << "error: " << run.name << ": " << error.what() << "\n";
            return ExitRunFailed;
        }
    }
    std::cout << "compare with: mtw-cli transfer --multi " << m_root << "/" << experiment.name << "-mt";
    for (const std::string& task : tasks)
        std::cout << " --single " << m_root << "/" << experiment.name << "-st-" << task;
    std::cout << "\n";
    return code;
}

} // namespace mtw::cli
