#pragma once
// Reads a stored run directory (experiment.json, run.sqlite, summary.json; see run_store.h) as
// the same snapshots a live run sends, so the GUI shows a run written by `mtw-cli run`, a sweep,
// a Slurm job or an earlier session exactly as it showed it live, and follows a run that another
// process is still writing.
//
// poll() returns what was committed since the previous poll (the first call: from the start) as
// one Snapshot of at most maxSteps steps, with the matrices and evaluations of those steps, or
// nullptr when nothing changed. Each poll reads inside one read transaction (a consistent view
// of the writer's committed batches) and ends it before returning, so the writer's WAL
// checkpoints are never held up. "Nothing new" costs one PRAGMA data_version query and two
// file-status checks.
//
// Status: the status in summary.json, which the writer writes at the end (and a resume removes
// before it trains again); else Running while a writer holds the directory's lock
// (run_directory.h); else Stopped with "interrupted" (the writer died before writing a summary:
// `mtw-cli resume` continues it).
#include "engine/experiment.h"
#include "engine/read_only_database.h"
#include "engine/snapshot.h"

#include <memory>
#include <string>
#include <vector>

namespace mtw::engine {

class RunFollower {
public:
    // Throws RunStoreError with the reason: not a run directory (no experiment.json), an
    // experiment file that does not parse, a missing, damaged or foreign database, or a store
    // written by a newer format than this build reads.
    explicit RunFollower(const std::string& directory);

    static constexpr const char* schema = "mtw-run/1";
    static constexpr long long defaultChunkSteps = 5000;

    SnapshotPtr poll(long long maxSteps = defaultChunkSteps);
    // Whether the previous poll stopped at maxSteps with more steps stored (poll again at once).
    bool hasMore() const { return m_more; }

    const std::string& directory() const { return m_directory; }
    const Experiment& experiment() const { return m_experiment; }
    const std::vector<std::string>& taskNames() const { return m_taskNames; }
    RunStatus status() const { return m_status; }
    const std::string& message() const { return m_message; }
    // The summary's final task losses (empty before the run ends).
    const std::vector<double>& finalLosses() const { return m_finalLosses; }
    double seconds() const { return m_seconds; }

private:
    struct Summary {
        bool present = false;
        RunStatus status = RunStatus::Finished;
        std::string message;
        double seconds = 0;
        std::vector<double> finalLosses;
        Eigen::VectorXd finalParameters;
    };
    Summary readSummary() const;
    void updateStatus(bool writerActive, const Summary& summary);
    Eigen::VectorXd finalParameters(const Summary& summary);
    void readSteps(Snapshot& snapshot, long long maxSteps);
    void readMatrices(Snapshot& snapshot, long long lastStep);
    void readEvaluations(Snapshot& snapshot, long long lastStep);
    void readFactors(Snapshot& snapshot, long long lastStep);
    void readParameterRecords(Snapshot& snapshot, long long lastStep);

    std::string m_directory;
    Experiment m_experiment;
    std::vector<std::string> m_taskNames;
    std::unique_ptr<ReadOnlyDatabase> m_db;
    long long m_dataVersion = -1;
    bool m_started = false;
    bool m_more = false;
    long long m_lastStep = -1; // newest step record delivered
    long long m_lastMatrix = -1;
    long long m_lastEvaluation = -1;
    long long m_lastFactor = -1;
    bool m_hasFactors = false; // stores written before the factors table have none
    long long m_lastParameters = -1;
    long long m_summaryStamp = -1; // summary.json's modification time when last read
    bool m_writerActive = false;
    RunStatus m_status = RunStatus::Running;
    std::string m_message;
    std::vector<double> m_finalLosses;
    double m_seconds = 0;
    Eigen::VectorXd m_lastPoint;
    Eigen::VectorXd m_checkpointParameters; // the ended run's parameters when the summary lacks them
};

} // namespace mtw::engine
