#pragma once
// `mtw-cli sweep status`: the state of every combination of a sweep, from its run directory first
// (engine/sweep_status.h) and, for what the run directory cannot tell (not started yet, killed
// before or while running), from Slurm when the sweep was submitted there (cli/slurm_client.h):
//   completed                     the run finished
//   running                       a writer holds the run directory, or Slurm runs the task
//   pending                       Slurm has not started the task
//   failed                        the run failed (its reason), or Slurm ended the task as FAILED,
//                                 TIMEOUT, OUT_OF_MEMORY, CANCELLED, NODE_FAIL, ... (with the last
//                                 "error:" line of the task's log and the step a stopped run reached)
//   stopped                       stopped or killed without Slurm's word: `sweep run` resumes it
//   not started                   nothing ran yet
#include "engine/sweep_plan.h"

#include <string>
#include <vector>

namespace mtw::cli {

struct SweepIndexReport {
    std::size_t index = 0;
    std::string name;
    std::string state; // as listed above
    std::string reason;
    long long steps = -1;
    std::string slurmState; // empty without Slurm's word
    std::string log; // the task's log, when there is one
};

struct SweepReport {
    std::vector<SweepIndexReport> runs;
    std::vector<std::string> notes; // e.g. "Slurm cannot tell about job 12: ..."

    std::size_t count(const std::string& state) const;
};

SweepReport reportSweep(const engine::SweepPlan& plan, const std::string& directory);

// The last line of a log that starts with "error:" (without it), or `fallback`.
std::string lastErrorLine(const std::string& logPath, const std::string& fallback);

} // namespace mtw::cli
