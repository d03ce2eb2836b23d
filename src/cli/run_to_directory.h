#pragma once
// Runs one experiment into a run directory with progress output and Ctrl-C handling; shared by
// `run` and `baselines`. Throws on set-up errors (bad experiment, unwritable directory).
#include "engine/experiment.h"
#include "engine/trainer.h"

namespace mtw::cli {

struct DirectoryRun {
    engine::RunOutcome outcome;
    std::vector<std::string> taskNames;
};

struct DirectoryRunOptions {
    bool quiet = false;
    long long checkpointEvery = 0; // also written when the run ends or stops
    bool resume = false; // continue from <directory>/checkpoint.mtwck
};

// The run directory's checkpoint file.
std::string checkpointPath(const std::string& directory);

DirectoryRun runToDirectory(const engine::Experiment& experiment, const std::string& directory, const DirectoryRunOptions& options);

// "run: DIR / status / steps / seconds / final losses / test metrics / final parameters" lines.
void printOutcome(const std::string& directory, const DirectoryRun& run);

// The same experiment trained on task `task` alone: fixed one-hot weights (the trunk sees only
// that task's gradient; the other heads get none), same model, optimizer, budget and seed.
engine::Experiment singleTaskExperiment(const engine::Experiment& experiment, int task, int taskCount,
    const std::string& taskName);

} // namespace mtw::cli
