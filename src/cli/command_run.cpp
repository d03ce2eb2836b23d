#include "cli/command_run.h"

#include "cli/command_factors.h"
#include "cli/run_to_directory.h"
#include "engine/experiment.h"
#include "engine/run_store.h"

#include <iostream>

namespace mtw::cli {

void RunCommand::setup(CLI::App& app)
{
    subcommand = app.add_subcommand("run", "Train one experiment and write its run directory");
    subcommand->add_option("experiment", m_experiment, "Experiment JSON file (required unless --list-diagnostics)");
    subcommand->add_option("--out", m_out, "Run directory (default: runs/<name>-<time>)");
    subcommand->add_option("--threads", m_threads, "Worker threads (0: all cores)")->check(CLI::Range(0, 4096));
    subcommand->add_option("--seed", m_seed, "Override the experiment's seed")->check(CLI::NonNegativeNumber);
    subcommand->add_option("--steps", m_steps, "Override the number of steps")->check(CLI::PositiveNumber);
    subcommand
        ->add_option("--checkpoint-every", m_checkpointEvery,
            "Also write <run>/checkpoint.mtwck every N steps (it is written at the start, every "
            "--checkpoint-seconds, and when the run ends or stops)")
        ->check(CLI::NonNegativeNumber);
    subcommand
        ->add_option("--checkpoint-seconds", m_checkpointSeconds,
            "Write the checkpoint every S seconds of training, so a crash loses at most that (0: off; default 60)")
        ->check(CLI::NonNegativeNumber);
    subcommand->add_flag("--force", m_force, "Replace a previous run in --out (only a run's files are deleted)");
    subcommand->add_flag("--quiet", m_quiet, "No progress output");
    subcommand->add_flag("--list-diagnostics", m_listDiagnostics,
        "List the trajectory factors diagnostics.factors can measure, with their cost, and exit");
}

int RunCommand::execute()
{
    if (m_listDiagnostics) {
        printFactorCatalogue(std::cout);
        return ExitOk;
    }
    if (m_experiment.empty()) {
        std::cerr << "error: run needs an experiment file (mtw-cli run EXPERIMENT.json)\n";
        return ExitBadInput;
    }
    engine::Experiment experiment;
    try {
        experiment = engine::loadExperiment(m_experiment);
    } catch (const std::exception& error) {
        std::cerr << "error: " << error.what() << "\n";
        return ExitBadInput;
    }
    if (m_threads >= 0)
        experiment.threads = m_threads;
    if (m_seed >= 0)
        experiment.seed = static_cast<std::uint64_t>(m_seed);
    if (m_steps > 0)
        experiment.steps = m_steps;

    std::string directory = m_out;
    if (directory.empty()) {
        try {
            directory = engine::RunStore::newRunDirectory("runs", experiment.name);
        } catch (const engine::RunStoreError& error) {
            std::cerr << "error: " << error.what() << "\n";
            return ExitRunFailed;
        }
    }
    engine::RunJobOptions job;
    job.use = m_force ? engine::RunDirectoryUse::ReplaceRun : engine::RunDirectoryUse::NewRun;
    job.checkpointEverySteps = m_checkpointEvery;
    job.checkpointEverySeconds = m_checkpointSeconds;
    return runToDirectoryAndReport(experiment, directory, { m_quiet, job });
}

} // namespace mtw::cli
