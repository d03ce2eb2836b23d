#pragma once
// One run from experiment to outcome, the same for `mtw-cli run`/`resume` and the GUI:
//   claim the run directory (engine/run_directory.h: one writer, one run per directory), make the
//   input paths absolute, build the trainer, restore the checkpoint on resume (refusing changed input
//   files unless allowed), drop the records after the checkpoint, open the run store, and train with
//   checkpoints at the start, on a step and a wall-clock cadence, and at the end. A SIGKILL loses at
//   most the work since the last checkpoint; `resume` continues bit for bit from it.
#include "engine/experiment.h"
#include "engine/run_directory.h"
#include "engine/trainer.h"

#include <map>
#include <memory>
#include <string>

namespace mtw::engine {

class RunStore;

struct RunJobOptions {
    RunDirectoryUse use = RunDirectoryUse::NewRun;
    long long checkpointEverySteps = 0; // 0: no step cadence
    double checkpointEverySeconds = 60.0; // 0: no wall-clock cadence
    bool allowChangedData = false; // resume even when an input file changed since the checkpoint
};

class RunJob {
public:
    // An empty directory runs without a store or checkpoints (a GUI run that keeps nothing).
    // Throws RunDirectoryError, CheckpointError, RunStoreError or ExperimentError with the reason;
    // nothing in the directory is changed when it throws before training starts, except a new run's
    // empty directory and lock file.
    RunJob(Experiment experiment, std::string directory, const RunJobOptions& options);
    ~RunJob();
    RunJob(const RunJob&) = delete;
    RunJob& operator=(const RunJob&) = delete;

    Trainer& trainer() { return *m_trainer; }
    const std::string& directory() const { return m_directory; }
    // The run as started (absolute input paths; steps and threads as overridden).
    const Experiment& experiment() const { return m_trainer->experiment(); }
    // Why a resume started from step 0 ("no checkpoint: ..."), or empty.
    const std::string& resumeNote() const { return m_resumeNote; }

    RunOutcome run(Observer* observer, RunControl* control);

private:
    long long restore(const RunJobOptions& options, const std::map<std::string, std::string>& fingerprints);

    std::string m_directory;
    std::unique_ptr<RunDirectoryLock> m_lock;
    std::unique_ptr<Trainer> m_trainer;
    std::unique_ptr<RunStore> m_store;
    std::string m_resumeNote;
};

} // namespace mtw::engine
