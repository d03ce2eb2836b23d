#pragma once
// The state of one run of a sweep, read from its run directory alone (engine/run_directory.h,
// engine/run_store.h), so it is right whichever machine ran it:
//   not started   no directory, or one without experiment.json
//   running       a writer holds the directory's lock
//   completed     summary.json says finished
//   failed        summary.json says failed (its message is the reason), or the path is not a directory
//   stopped       summary.json says stopped (Ctrl-C, a Slurm time limit's SIGTERM), or there is no
//                 summary.json and no writer (the writer was killed): a resume continues it from its
//                 checkpoint
#include <string>

namespace mtw::engine {

enum class SweepRunState { NotStarted, Running, Completed, Failed, Stopped };

struct SweepRunStatus {
    SweepRunState state = SweepRunState::NotStarted;
    std::string reason; // the run's message (failed, stopped), or why the state was chosen
    long long steps = -1; // steps done: from summary.json, else the last recorded step + 1 (-1: unknown)
    double seconds = -1; // training time, from summary.json (-1: unknown)
};

SweepRunStatus readSweepRunStatus(const std::string& runDirectory);

// "not started", "running", "completed", "failed", "stopped"
std::string sweepRunStateName(SweepRunState state);

} // namespace mtw::engine
