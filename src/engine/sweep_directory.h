#pragma once
// A sweep directory: sweep.json (the plan: the experiment file as written, the axes and every
// combination's index, name, axis values and full experiment with absolute input paths), one run
// directory per combination named by the combination (engine/run_directory.h: one run each), and
// what `mtw-cli sweep` adds (slurm/ with the job scripts and logs, logs/ of local runs,
// summary.csv/json). Runs read their experiment from sweep.json, so a task on a cluster node needs
// nothing but the directory. The state of each run is read from its run directory alone
// (engine/sweep_status.h): each writer writes only its own run directory and nothing needs a
// database server or a lock shared between machines.
#include "engine/sweep_plan.h"

#include <stdexcept>
#include <string>

namespace mtw::engine {

class SweepError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

constexpr const char* sweepFileName = "sweep.json";
constexpr const char* sweepSchemaName = "mtw-sweep/1";

// Writes <directory>/sweep.json for a new sweep (creating the directory), or checks that the one
// there holds the same combinations (threads aside, which do not change results) so that rerunning
// a sweep continues it. Throws SweepError when the directory holds another sweep ("combination 3
// differs: optimizer.lr is 0.01 in DIR/sweep.json, 0.001 in this file"), or is not empty and holds
// no sweep.json, or cannot be written.
void claimSweepDirectory(const SweepPlan& plan, const std::string& directory);

// The plan stored in <directory>/sweep.json; throws SweepError naming the file and the problem.
SweepPlan readSweepDirectory(const std::string& directory);

// <directory>/<combination name>
std::string sweepRunDirectory(const std::string& directory, const SweepCombination& combination);

} // namespace mtw::engine
