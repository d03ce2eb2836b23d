#pragma once
// Reads a run directory written by RunStore: the experiment, the task names, and the
// evaluations (per split, in step order). Used by `mtw-cli transfer` and to open finished runs.
#include "engine/experiment.h"
#include "engine/snapshot.h"

#include <limits>
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

class ReadOnlyDatabase;
// The task names of a run database, in task order.
std::vector<std::string> readTaskNames(ReadOnlyDatabase& db);
// The evaluations with after < step <= upTo, one record per (step, split), in the order they were
// written (a step's validation record before its train record, as the trainer sends them live).
std::vector<EvaluationRecord> readEvaluations(
    ReadOnlyDatabase& db, long long after = -1, long long upTo = std::numeric_limits<long long>::max());

// Whether the database has the table (stores written before a table existed lack it).
bool hasTable(ReadOnlyDatabase& db, const std::string& name);
// Whether the database has the factors table.
bool hasFactorTable(ReadOnlyDatabase& db);
// The factor rows with after < step <= upTo in (step, task, name) order; empty without the table.
// The per-step magnitude similarity is left out unless asked for (it belongs to the step records).
std::vector<FactorRecord> readFactors(ReadOnlyDatabase& db, long long after = -1,
    long long upTo = std::numeric_limits<long long>::max(), bool withMagnitudeSimilarity = false);

// The parameter snapshots with after < step <= upTo, in step order; empty without the table.
// Throws RunStoreError naming the step when a snapshot does not decode.
std::vector<ParameterRecord> readParameterRecords(
    ReadOnlyDatabase& db, long long after = -1, long long upTo = std::numeric_limits<long long>::max());
// The steps of the stored parameter snapshots of a run directory, and one of them (throws
// RunStoreError when the step has none).
std::vector<long long> storedParameterSteps(const std::string& directory);
Eigen::VectorXf storedParameters(const std::string& directory, long long step);

} // namespace mtw::engine
