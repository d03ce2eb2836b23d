#pragma once
// Reads a run directory written by RunStore: the experiment, the task names, and the
// evaluations (per split, in step order). Used by `mtw-cli transfer` and to open finished runs.
#include "engine/experiment.h"
#include "engine/snapshot.h"

#include <string>
#include <vector>

namespace mtw::engine {

struct RunRecord {
    std::string directory;
    Experiment experiment;
    std::vector<std::string> taskNames;
    std::vector<EvaluationRecord> evaluations; // step order; both splits interleaved
    std::string status; // from summary.json ("" while running or after a crash)

    // Evaluations of one split, in step order.
    std::vector<const EvaluationRecord*> split(problem::Split which) const;
};

// Throws RunStoreError naming the directory and what is missing or malformed.
RunRecord readRun(const std::string& directory);

} // namespace mtw::engine
