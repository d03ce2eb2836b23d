#pragma once
// One directory per run:
//   experiment.json   the experiment as run (seed included)
//   run.sqlite        everything recorded, SQLite in WAL mode (crash-safe: a run killed with
//                     kill -9 keeps every committed batch; readable while written; opens with the
//                     sqlite3 shell, Python or R)
//   summary.json      status, message, steps, seconds, final losses (written at the end)
// Tables (long format, one row per step and task, so SQL and pandas read them directly):
//   meta(key, value)
//   tasks(task, name)
//   steps(step, epoch, lr, direction_norm, conflict_fraction, non_conflicting, x1, x2)
//   task_steps(step, task, loss, weight, grad_norm, alignment, slowdown)
//   extras(step, name, value)
//   matrices(step, kind, rows, cols, data)          data: JSON array, row-major; kind "cosine" (all
//                                                   shared parameters), "cosine@<layer>" per shared
//                                                   layer and "cka" (snapshot.h's NamedMatrix), in
//                                                   that order of rowid within a step
//   evaluations(step, split, task, loss, metric, metric_name)
//   factors(step, task, name, value)                trajectory factors (engine/factor_probe.h) after
//                                                   `step` steps; task -1: the total loss or all tasks;
//                                                   "magnitude_similarity" at every recorded step
//   parameters(step, count, encoding, data)         all parameters after `step` steps
//                                                   (diagnostics.parameters_every; engine/parameter_blob.h)
// Each append() is one transaction.
#include "engine/experiment.h"
#include "engine/snapshot.h"

#include <memory>
#include <stdexcept>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace mtw::engine {

struct RunOutcome;

class RunStoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class RunStore {
public:
    // Creates the directory (and parents) and the database; throws RunStoreError.
    RunStore(const std::string& directory, const Experiment& experiment, const std::vector<std::string>& taskNames);
    ~RunStore();
    RunStore(const RunStore&) = delete;
    RunStore& operator=(const RunStore&) = delete;

    void append(const Snapshot& snapshot);
    // Deletes the records of steps >= step (evaluations after it): a resumed run starts there.
    void discardFrom(long long step);
    void writeSummary(const RunOutcome& outcome, const std::vector<std::string>& taskNames);
    const std::string& directory() const { return m_directory; }
    std::string databasePath() const { return m_directory + "/run.sqlite"; }

    // Creates and returns a fresh, empty run directory under root: <root>/<name>-<yyyymmdd-hhmmss>[-n],
    // the name reduced to letters, digits, '-', '_' and '.' (no leading dot), at most 80 characters.
    static std::string newRunDirectory(const std::string& root, const std::string& experimentName);
    static constexpr int busyTimeoutMilliseconds = 10000;

private:
    void open(const Experiment& experiment, const std::vector<std::string>& taskNames);
    void release();
    void execute(const char* sql);
    sqlite3_stmt* prepare(const char* sql);
    [[noreturn]] void fail(const std::string& what) const;

    std::string m_directory;
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_insertStep = nullptr;
    sqlite3_stmt* m_insertTaskStep = nullptr;
    sqlite3_stmt* m_insertExtra = nullptr;
    sqlite3_stmt* m_insertMatrix = nullptr;
    sqlite3_stmt* m_insertEvaluation = nullptr;
    sqlite3_stmt* m_insertEvaluationMetric = nullptr;
    sqlite3_stmt* m_insertFactor = nullptr;
    sqlite3_stmt* m_insertParameters = nullptr;
};

} // namespace mtw::engine
