#pragma once
// `mtw-cli sweep run`: the combinations of a sweep on this machine, `jobs` at a time. Each run is a
// child process (`mtw-cli sweep run-index DIR i`, cli/sweep_run_index.h), so a run that fails or
// crashes never takes the others down, and its output goes to <DIR>/logs/<name>.log. Each run gets
// its share of the cores (cores / jobs threads) unless told otherwise; more threads than cores in
// all is refused unless asked for. Completed runs are skipped, stopped ones resumed from their
// checkpoints, failed ones rerun only when asked. One progress line shows completed / running /
// failed / queued and an estimate of the time left. Ctrl-C (or SIGTERM) stops every run at its next
// step with a checkpoint, so running the sweep again continues it. One local runner per sweep
// directory at a time (a lock on <DIR>/sweep.lock); Slurm tasks need none (each writes only its
// own run directory).
#include "engine/sweep_plan.h"

#include <string>

namespace mtw::cli {

struct LocalSweepOptions {
    int jobs = 1;
    int threads = 0; // per run; 0: cores / jobs (at least 1)
    bool oversubscribe = false; // allow jobs x threads > cores
    bool retryFailed = false;
    bool quiet = false;
};

// Runs the sweep already claimed in `directory` (engine/sweep_directory.h). Returns the exit code:
// 0 when every combination is completed, 1 otherwise (failed, stopped or running elsewhere), 2
// for bad options or a sweep in use by another runner.
int runSweepLocally(const engine::SweepPlan& plan, const std::string& directory, const LocalSweepOptions& options);

// The cores this process may run on (its CPU affinity), at least 1.
int availableCores();

} // namespace mtw::cli
