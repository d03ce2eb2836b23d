#pragma once
// `mtw-cli sweep run-index DIR i`: runs combination i of the sweep in DIR into its run directory,
// whatever state it is in (engine/sweep_status.h): not started -> a new run; stopped -> resumed from
// its checkpoint; failed -> run again from the start; completed -> nothing to do; running -> refused.
// One Slurm array task and one child of a local sweep each call this.
#include <string>

namespace mtw::cli {

struct SweepIndexOptions {
    int threads = -1; // -1: the experiment's
    bool quiet = false;
};

// Returns the exit code (cli/command.h): 0 completed (now or before), 1 the run failed or stopped,
// 2 bad input (no sweep in DIR, no such index, the run directory is in use).
int runSweepIndex(const std::string& directory, long long index, const SweepIndexOptions& options);

} // namespace mtw::cli
