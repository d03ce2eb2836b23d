#include "cli/sweep_run_index.h"

#include "cli/command.h"
#include "cli/run_to_directory.h"
#include "engine/sweep_directory.h"
#include "engine/sweep_status.h"

#include <filesystem>
#include <iostream>

namespace mtw::cli {

int runSweepIndex(const std::string& directory, long long index, const SweepIndexOptions& options)
{
    engine::SweepPlan plan;
    try {
        plan = engine::readSweepDirectory(directory);
    } catch (const std::exception& error) {
        std::cerr << "error: " << error.what() << "\n";
        return ExitBadInput;
    }
    if (index < 0 || static_cast<std::size_t>(index) >= plan.combinations.size()) {
        std::cerr << "error: the sweep in '" << directory << "' has combinations 0.." << plan.combinations.size() - 1
                  << ", not " << index << "\n";
        return ExitBadInput;
    }
    const engine::SweepCombination& combination = plan.combinations[static_cast<std::size_t>(index)];
    const std::string run = engine::sweepRunDirectory(directory, combination);
    const engine::SweepRunStatus status = engine::readSweepRunStatus(run);

    engine::Experiment experiment = combination.experiment;
    if (options.threads >= 0)
        experiment.threads = options.threads;
    engine::RunJobOptions job;
    switch (status.state) {
    case engine::SweepRunState::Completed:
        std::cout << "run: " << run << "\nstatus: completed before (" << status.steps << " steps); nothing to do\n";
        return ExitOk;
    case engine::SweepRunState::Running:
        std::cerr << "error: combination " << index << " '" << combination.name << "' is running (its run directory '"
                  << run << "' is locked by another process)\n";
        return ExitBadInput;
    case engine::SweepRunState::Stopped:
        job.use = engine::RunDirectoryUse::ContinueRun;
        break;
    case engine::SweepRunState::Failed:
        if (!std::filesystem::is_directory(run)) {
            std::cerr << "error: combination " << index << ": " << status.reason << "\n";
            return ExitBadInput;
        }
        job.use = engine::RunDirectoryUse::ReplaceRun;
        break;
    case engine::SweepRunState::NotStarted:
        // A directory left by a writer killed before it wrote the experiment holds only a lock file.
        job.use = std::filesystem::exists(run) ? engine::RunDirectoryUse::ReplaceRun : engine::RunDirectoryUse::NewRun;
        break;
    }
    if (!options.quiet)
        std::cerr << "sweep " << plan.name << ": combination " << index << " '" << combination.name << "' ("
                  << combination.describe() << ")"
                  << (status.state == engine::SweepRunState::Stopped ? ", resumed" : "") << "\n";
    return runToDirectoryAndReport(experiment, run, { options.quiet, job });
}

} // namespace mtw::cli
