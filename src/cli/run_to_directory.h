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

DirectoryRun runToDirectory(const engine::Experiment& experiment, const std::string& directory, const DirectoryRunOptions& options);

// "run: DIR / status / steps / seconds / final losses / test metrics / final parameters" lines.
void printOutcome(const std::string& directory, const DirectoryRun& run);

} // namespace mtw::cli
