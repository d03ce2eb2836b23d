#include "cli/command_resume.h"

#include "cli/run_to_directory.h"
#include "engine/checkpoint.h"
#include "engine/experiment.h"
#include "engine/run_store.h"

#include <iostream>

namespace mtw::cli {

void ResumeCommand::setup(CLI::App& app)
{
    subcommand = app.add_subcommand("resume", "Continue a run from its checkpoint (same run directory)");
    subcommand->add_option("run", m_directory, "Run directory written by `mtw-cli run`")->required();
    subcommand->add_option("--steps", m_steps, "New total number of steps (default: the experiment's)")
        ->check(CLI::PositiveNumber);
    subcommand->add_option("--threads", m_threads, "Worker threads (0: all cores)")->check(CLI::Range(0, 4096));
    subcommand->add_option("--checkpoint-every", m_checkpointEvery, "Also write the checkpoint every N steps")
        ->check(CLI::NonNegativeNumber);
    subcommand->add_option("--checkpoint-seconds", m_checkpointSeconds, "Write the checkpoint every S seconds (0: off)")
        ->check(CLI::NonNegativeNumber);
    subcommand->add_flag("--allow-changed-data", m_allowChangedData,
        "Continue even though an input file (CSV, data directory) changed since the checkpoint");
    subcommand->add_flag("--quiet", m_quiet, "No progress output");
}

int ResumeCommand::execute()
{
    engine::Experiment experiment;
    try {
        experiment = engine::loadExperiment(m_directory + "/experiment.json");
    } catch (const std::exception& error) {
        std::cerr << "error: " << error.what() << "\n";
        return ExitBadInput;
    }
    // Threads do not change the results (fixed-order reductions), so they may differ on resume.
    if (m_threads >= 0)
        experiment.threads = m_threads;
    if (m_steps > 0)
        experiment.steps = m_steps;
    engine::RunJobOptions job;
    job.use = engine::RunDirectoryUse::ContinueRun;
    job.checkpointEverySteps = m_checkpointEvery;
    job.checkpointEverySeconds = m_checkpointSeconds;
    job.allowChangedData = m_allowChangedData;
    return runToDirectoryAndReport(experiment, m_directory, { m_quiet, job });
}

} // namespace mtw::cli
