#include "engine/run_directory.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/file.h>
#include <unistd.h>
#include <vector>

namespace mtw::engine {

namespace fs = std::filesystem;

namespace {

std::string holderOf(int fd)
{
    char buffer[64] = {};
    const ssize_t read = ::pread(fd, buffer, sizeof buffer - 1, 0);
    std::string text = read > 0 ? std::string(buffer, static_cast<std::size_t>(read)) : std::string();
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.pop_back();
    return text.empty() ? "another process" : "process " + text;
}

} // namespace

bool isRunDirectoryLocked(const std::string& directory)
{
    const std::string lockPath = directory + "/" + RunDirectoryLock::lockFileName;
    const int fd = ::open(lockPath.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool held = ::flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    ::close(fd); // releases the shared lock if it was taken
    return held;
}

bool isRunFileName(const std::string& name)
{
    static const char* const names[] = { "experiment.json", "experiment.json.tmp", "run.sqlite", "run.sqlite-wal",
        "run.sqlite-shm", "run.sqlite-journal", "summary.json", "checkpoint.mtwck", "checkpoint.mtwck.tmp",
        "notes.json", "notes.json.tmp", RunDirectoryLock::lockFileName };
    for (const char* known : names)
        if (name == known)
            return true;
    return false;
}

RunDirectoryLock::RunDirectoryLock(const std::string& directory, RunDirectoryUse use)
    : m_directory(directory)
{
    std::error_code error;
    if (use == RunDirectoryUse::ContinueRun) {
        if (!fs::is_directory(directory, error))
            throw RunDirectoryError("run directory '" + directory + "' does not exist");
    } else {
        fs::create_directories(directory, error);
        if (error)
            throw RunDirectoryError("cannot create run directory '" + directory + "': " + error.message());
    }
    const std::string lockPath = directory + "/" + lockFileName;
    m_fd = ::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_fd < 0)
        throw RunDirectoryError("cannot create the lock file '" + lockPath + "': " + std::strerror(errno));
    // A follower's probe (isRunDirectoryLocked) holds a shared lock for microseconds: retry a
    // little before deciding another writer holds the directory.
    bool locked = false;
    for (int attempt = 0; attempt < 20 && !locked; ++attempt) {
        locked = ::flock(m_fd, LOCK_EX | LOCK_NB) == 0;
        if (!locked && errno != EWOULDBLOCK)
            break;
        if (!locked)
            ::usleep(5000);
    }
    if (!locked) {
        const std::string holder = holderOf(m_fd);
        ::close(m_fd);
        m_fd = -1;
        throw RunDirectoryError("run directory '" + directory + "' is in use by " + holder + " (lock file '" + lockPath
            + "'); use another --out");
    }
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(m_fd, 0) != 0 || ::pwrite(m_fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
        // The lock holds without the PID; only the message of a refused second writer is poorer.
    }
    try {
        checkContents(use);
    } catch (...) {
        ::close(m_fd);
        m_fd = -1;
        throw;
    }
}

RunDirectoryLock::~RunDirectoryLock()
{
    // The lock file stays: deleting it would let a writer that opened it before the deletion hold a
    // lock on a file no one else can see.
    if (m_fd >= 0)
        ::close(m_fd);
}

void RunDirectoryLock::checkContents(RunDirectoryUse use) const
{
    std::vector<std::string> runFiles, otherFiles;
    std::error_code error;
    for (const fs::directory_entry& entry : fs::directory_iterator(m_directory, error)) {
        const std::string name = entry.path().filename().string();
        if (name == lockFileName)
            continue;
        (isRunFileName(name) && !entry.is_directory() ? runFiles : otherFiles).push_back(name);
    }
    if (error)
        throw RunDirectoryError("cannot list run directory '" + m_directory + "': " + error.message());
    const auto listed = [](const std::vector<std::string>& names) {
        std::string text;
        for (std::size_t i = 0; i < names.size() && i < 4; ++i)
            text += (i ? ", " : "") + names[i];
        return names.size() > 4 ? text + ", ..." : text;
    };
    switch (use) {
    case RunDirectoryUse::NewRun:
        if (!runFiles.empty() || !otherFiles.empty())
            throw RunDirectoryError("run directory '" + m_directory + "' is not empty ("
                + listed(runFiles.empty() ? otherFiles : runFiles)
                + "): one directory holds one run; choose another --out, `mtw-cli resume` it, or --force to replace "
                  "the run");
        return;
    case RunDirectoryUse::ReplaceRun:
        if (!otherFiles.empty())
            throw RunDirectoryError("run directory '" + m_directory + "' holds files that are not a run's ("
                + listed(otherFiles) + "); --force only replaces a run, it never deletes other files");
        for (const std::string& name : runFiles) {
            fs::remove(m_directory + "/" + name, error);
            if (error)
                throw RunDirectoryError("cannot remove '" + m_directory + "/" + name + "': " + error.message());
        }
        return;
    case RunDirectoryUse::ContinueRun:
        if (!fs::exists(m_directory + "/experiment.json"))
            throw RunDirectoryError("'" + m_directory + "' is not a run directory (no experiment.json)");
        return;
    }
}

} // namespace mtw::engine
