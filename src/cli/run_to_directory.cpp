#include "cli/run_to_directory.h"

#include "cli/command.h"
#include "cli/progress_printer.h"
#include "engine/run_store.h"

#include <csignal>
#include <iostream>

namespace mtw::cli {

namespace {
engine::RunControl* activeControl = nullptr;
extern "C" void onInterrupt(int)
{
    // Only an atomic store: async-signal-safe. The trainer stops between steps and keeps the run.
    if (activeControl)
        activeControl->requestStop();
}
} // namespace

DirectoryRun runToDirectory(
    const engine::Experiment& experiment, const std::string& directory, const DirectoryRunOptions& options)
{
    engine::RunJob job(experiment, directory, options.job);
    if (!job.resumeNote().empty() && !options.quiet)
        std::cerr << "note: " << job.resumeNote() << "\n";
    ProgressPrinter printer(options.quiet);
    engine::RunControl control;
    activeControl = &control;
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    DirectoryRun result { job.run(&printer, &control), job.trainer().taskNames() };
    activeControl = nullptr;
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    return result;
}

int runToDirectoryAndReport(
    const engine::Experiment& experiment, const std::string& directory, const DirectoryRunOptions& options)
{
    DirectoryRun run;
    try {
        run = runToDirectory(experiment, directory, options);
    } catch (const engine::RunStoreError& error) {
        std::cerr << "error: " << error.what() << "\n";
        return ExitRunFailed;
    } catch (const std::exception& error) {
        // ExperimentError, RunDirectoryError and CheckpointError name their file or key path.
        std::cerr << "error: " << error.what() << "\n";
        return ExitBadInput;
    }
    printOutcome(directory, run);
    return run.outcome.status == engine::RunStatus::Failed ? ExitRunFailed : ExitOk;
}

void printOutcome(const std::string& directory, const DirectoryRun& run)
{
    const engine::RunOutcome& outcome = run.outcome;
    std::cout << "run: " << directory << "\nstatus: " << engine::runStatusName(outcome.status) << " ("
              << outcome.message << ")\nsteps: " << outcome.steps << "\nseconds: " << outcome.seconds << "\n";
    const std::vector<std::string>& names = run.taskNames;
    for (Eigen::Index t = 0; t < outcome.finalLosses.size(); ++t)
        std::cout << "final loss " << names[static_cast<std::size_t>(t)] << ": " << outcome.finalLosses(t) << "\n";
    for (std::size_t t = 0; t < outcome.finalTest.size(); ++t) {
        const problem::TaskEvaluation& test = outcome.finalTest[t];
        std::cout << "test " << names[t] << ": loss " << test.loss << ", " << test.metricName << " " << test.metric;
        for (const problem::MetricValue& more : test.moreMetrics)
            std::cout << ", " << more.name << " " << more.value;
        std::cout << "\n";
    }
    if (outcome.finalParameters.size() <= 4) {
        std::cout << "final parameters:";
        for (Eigen::Index i = 0; i < outcome.finalParameters.size(); ++i)
            std::cout << " " << outcome.finalParameters(i);
        std::cout << "\n";
    }
}

} // namespace mtw::cli
