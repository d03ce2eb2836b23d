#include "engine/run_job.h"

#include "engine/checkpoint.h"
#include "engine/input_files.h"
#include "engine/run_store.h"

#include <filesystem>

namespace mtw::engine {

RunJob::RunJob(Experiment experiment, std::string directory, const RunJobOptions& options)
    : m_directory(std::move(directory))
{
    // A resumed run keeps the paths its experiment.json recorded (absolute since they were stored);
    // a new one is checked before its directory is claimed, so a typo leaves nothing behind.
    if (options.use != RunDirectoryUse::ContinueRun) {
        makeInputPathsAbsolute(experiment);
        checkExperimentInputs(experiment);
    }
    if (!m_directory.empty())
        m_lock = std::make_unique<RunDirectoryLock>(m_directory, options.use);
    m_trainer = std::make_unique<Trainer>(experiment);
    if (m_directory.empty())
        return;
    // Hashed once: compared with the checkpoint's on resume, and stored in every new checkpoint.
    std::map<std::string, std::string> fingerprints = inputFingerprints(m_trainer->experiment());
    const long long restoredStep = options.use == RunDirectoryUse::ContinueRun ? restore(options, fingerprints) : 0;
    m_store = std::make_unique<RunStore>(m_directory, m_trainer->experiment(), m_trainer->taskNames());
    if (options.use == RunDirectoryUse::ContinueRun) {
        m_store->discardFrom(restoredStep);
        // The run is no longer ended: readers (RunFollower) take a summary as the end of a run.
        std::error_code ignored;
        std::filesystem::remove(m_directory + "/summary.json", ignored);
    }
    m_trainer->setRunStore(m_store.get());
    m_trainer->setCheckpointing(checkpointPathIn(m_directory),
        { options.checkpointEverySteps, options.checkpointEverySeconds, std::move(fingerprints) });
}

RunJob::~RunJob() = default;

long long RunJob::restore(const RunJobOptions& options, const std::map<std::string, std::string>& fingerprints)
{
    const std::string path = checkpointPathIn(m_directory);
    if (!std::filesystem::exists(path)) {
        // Killed before its first checkpoint (during set-up): the seed reproduces the run from step 0.
        m_resumeNote = "no checkpoint in '" + m_directory + "': the run starts again from step 0";
        return 0;
    }
    const Checkpoint checkpoint = Checkpoint::read(path);
    std::map<std::string, std::string> recorded;
    for (const auto& [key, value] : checkpoint.texts)
        if (key.rfind("input:", 0) == 0)
            recorded[key] = value;
    const std::string changes = describeInputChanges(recorded, fingerprints);
    if (!changes.empty() && !options.allowChangedData)
        throw CheckpointError("the training data changed since the checkpoint of '" + m_directory + "': " + changes
            + ". Resuming would train on other data than the run started with; restore the file, or pass "
              "--allow-changed-data to continue anyway");
    m_trainer->restoreCheckpoint(checkpoint, path);
    return m_trainer->stepsDone();
}

RunOutcome RunJob::run(Observer* observer, RunControl* control)
{
    m_trainer->setObserver(observer);
    m_trainer->setControl(control);
    return m_trainer->run();
}

} // namespace mtw::engine
