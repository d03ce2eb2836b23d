#include "cli/run_to_directory.h"

#include "cli/progress_printer.h"
#include "engine/run_store.h"

#include <csignal>

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

DirectoryRun runToDirectory(const engine::Experiment& experiment, const std::string& directory, bool quiet)
{
    engine::Trainer trainer(experiment);
    engine::RunStore store(directory, experiment, trainer.taskNames());
    ProgressPrinter printer(quiet);
    engine::RunControl control;
    trainer.setObserver(&printer);
    trainer.setRunStore(&store);
    trainer.setControl(&control);
    activeControl = &control;
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    DirectoryRun result { trainer.run(), trainer.taskNames() };
    activeControl = nullptr;
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    return result;
}

engine::Experiment singleTaskExperiment(const engine::Experiment& experiment, int task, int taskCount,
    const std::string& taskName)
{
    engine::Experiment single = experiment;
    single.name = experiment.name + "-st-" + taskName;
    single.method = "fixed";
    std::vector<double> weights(static_cast<std::size_t>(taskCount), 0.0);
    weights[static_cast<std::size_t>(task)] = 1.0;
    single.methodParams = { { "weights", weights } };
    return single;
}

} // namespace mtw::cli
