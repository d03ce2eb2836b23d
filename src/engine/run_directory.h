#pragma once
// One run directory holds exactly one run. Before anything is written to it, the writer
//   1. creates the directory and takes an exclusive advisory lock (flock) on <dir>/run.lock, which
//      names the holder's PID: a second writer (another `mtw-cli run`, a resume, the GUI) is refused
//      with that PID; the kernel drops the lock when the holder exits, even by SIGKILL;
//   2. checks what the directory holds: a new run needs an empty directory (`--force` empties one
//      that holds only a run's files, never anything else); a resume needs the run's experiment.
// Readers (the GUI following a run, sqlite3) never take the lock.
#include <stdexcept>
#include <string>

namespace mtw::engine {

class RunDirectoryError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class RunDirectoryUse {
    NewRun, // the directory must be missing or empty
    ReplaceRun, // a previous run's files are deleted first (--force)
    ContinueRun, // the run's own files are kept (resume)
};

class RunDirectoryLock {
public:
    // Creates the directory if needed, locks it and checks its contents for `use`; throws
    // RunDirectoryError naming the directory and the reason (holder's PID, files found).
    RunDirectoryLock(const std::string& directory, RunDirectoryUse use);
    ~RunDirectoryLock();
    RunDirectoryLock(const RunDirectoryLock&) = delete;
    RunDirectoryLock& operator=(const RunDirectoryLock&) = delete;

    const std::string& directory() const { return m_directory; }

    static constexpr const char* lockFileName = "run.lock";

private:
    void checkContents(RunDirectoryUse use) const;

    std::string m_directory;
    int m_fd = -1;
};

// True while a writer holds `directory`'s lock (a run or resume in progress, in this or another
// process on this machine or, with flock-capable network file systems, another). A reader's probe
// takes a shared lock for an instant; a writer starting in that instant retries (see the
// constructor) instead of being refused.
bool isRunDirectoryLocked(const std::string& directory);

// True for the names a run writes into its directory (experiment.json, run.sqlite and its WAL
// files, summary.json, the checkpoint and its temporary, notes.json and its temporary, run.lock).
bool isRunFileName(const std::string& name);

} // namespace mtw::engine
