#pragma once
// Runs one experiment into a run directory with progress output and Ctrl-C handling; shared by
// `run`, `resume` and `baselines`. Throws on set-up errors (bad experiment, a directory in use or
// not empty, unwritable directory, changed data on resume).
#include "engine/experiment.h"
#include "engine/run_job.h"

namespace mtw::cli {

struct DirectoryRun {
    engine::RunOutcome outcome;
    std::vector<std::string> taskNames;
};

struct DirectoryRunOptions {
    bool quiet = false;
    engine::RunJobOptions job; // new run, --force or resume; checkpoint cadence
};

DirectoryRun runToDirectory(
    const engine::Experiment& experiment, const std::string& directory, const DirectoryRunOptions& options);

// "run: DIR / status / steps / seconds / final losses / test metrics / final parameters" lines.
void printOutcome(const std::string& directory, const DirectoryRun& run);

// runToDirectory and printOutcome for `run` and `resume`, with the exit code: set-up errors print
// "error: ..." and give ExitBadInput (a bad experiment, a used or locked directory, a refused
// checkpoint) or ExitRunFailed (the run store cannot be written); a failed run gives ExitRunFailed.
int runToDirectoryAndReport(
    const engine::Experiment& experiment, const std::string& directory, const DirectoryRunOptions& options);

} // namespace mtw::cli
