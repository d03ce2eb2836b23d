#include "cli/command_run.h"

#include "cli/run_to_directory.h"
#include "engine/experiment.h"
#include "engine/run_store.h"

#include <iostream>

namespace mtw::cli {

void RunCommand::setup(CLI::App& app)
{
    subcommand = app.add_subcommand("run", "Train one experiment and write its run directory");
    subcommand->add_option("experiment", m_experiment, "Experiment JSON file")->required();
    subcommand->add_option("--out", m_out, "Run directory (default: runs/<name>-<time>)");
    subcommand->add_option("--threads", m_threads, "Worker threads (0: all cores)")->check(CLI::Range(0, 4096));
    subcommand->add_option("--seed", m_seed, "Override the experiment's seed")->check(CLI::NonNegativeNumber);
    subcommand->add_option("--steps", m_steps, "Override the number of steps")->check(CLI::PositiveNumber);
    subcommand->add_flag("--quiet", m_quiet, "No progress output");
}

int RunCommand::execute()
{
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

    const std::string directory = m_out.empty() ? engine::RunStore::newRunDirectory("runs", experiment.name) : m_out;
    DirectoryRun run;
    try {
        run = runToDirectory(experiment, directory, m_quiet);
    } catch (const engine::RunStoreError& error) {
        std::cerr << "error: " << error.what() << "\n";
        return ExitRunFailed;
    } catch (const std::exception& error) {
        std::cerr << "error: cannot set up the experiment: " << error.what() << "\n";
        return ExitBadInput;
    }
    const engine::RunOutcome& outcome = run.outcome;
    std::cout << "run: " << directory << "\nstatus: " << engine::runStatusName(outcome.status) << " (" << outcome.message
              << ")\nsteps: " << outcome.steps << "\nseconds: " << outcome.seconds << "\n";
    const std::vector<std::string>& names = run.taskNames;
    for (Eigen::Index t = 0; t < outcome.finalLosses.size(); ++t)
        std::cout << "final loss " << names[static_cast<std::size_t>(t)] << ": " << outcome.finalLosses(t) << "\n";
    for (std::size_t t = 0; t < outcome.finalTest.size(); ++t)
        std::cout << "test " << names[t] << ": loss " << outcome.finalTest[t].loss << ", " << outcome.finalTest[t].metricName
                  << " " << outcome.finalTest[t].metric << "\n";
    if (outcome.finalParameters.size() <= 4) {
        std::cout << "final parameters:";
        for (Eigen::Index i = 0; i < outcome.finalParameters.size(); ++i)
            std::cout << " " << outcome.finalParameters(i);
        std::cout << "\n";
    }
    return outcome.status == engine::RunStatus::Failed ? ExitRunFailed : ExitOk;
}

} // namespace mtw::cli
