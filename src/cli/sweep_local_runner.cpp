#include "cli/sweep_local_runner.h"

#include "cli/child_process.h"
#include "cli/command.h"
#include "cli/sweep_report.h"
#include "engine/sweep_directory.h"
#include "engine/sweep_status.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <deque>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sched.h>
#include <sys/file.h>
#include <thread>
#include <unistd.h>

namespace mtw::cli {

namespace {

using Clock = std::chrono::steady_clock;

std::atomic<bool> stopRequested { false };
extern "C" void onStopSignal(int)
{
    stopRequested.store(true); // async-signal-safe; the loop forwards it to the children
}

// The lock that keeps a second local runner out of the sweep; released when the process ends.
class SweepRunnerLock {
public:
    explicit SweepRunnerLock(const std::string& directory)
    {
        const std::string path = directory + "/sweep.lock";
        m_fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (m_fd < 0)
            throw engine::SweepError("cannot open '" + path + "'");
        if (flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
            char holder[32] = {};
            const ssize_t n = pread(m_fd, holder, sizeof holder - 1, 0);
            close(m_fd);
            throw engine::SweepError("another `mtw-cli sweep run` (PID "
                + std::string(holder, n > 0 ? static_cast<std::size_t>(n) : 0) + ") is running the sweep in '"
                + directory + "'");
        }
        const std::string pid = std::to_string(getpid());
        if (ftruncate(m_fd, 0) != 0 || pwrite(m_fd, pid.data(), pid.size(), 0) < 0)
            std::cerr << "warning: cannot write the PID into '" << path << "'\n";
    }
    ~SweepRunnerLock() { close(m_fd); }
    SweepRunnerLock(const SweepRunnerLock&) = delete;
    SweepRunnerLock& operator=(const SweepRunnerLock&) = delete;

private:
    int m_fd = -1;
};

std::string duration(double seconds)
{
    const long long s = static_cast<long long>(seconds + 0.5);
    char text[32];
    if (s >= 3600)
        std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
    else
        std::snprintf(text, sizeof text, "%lld:%02lld", s / 60, s % 60);
    return text;
}

struct Progress {
    std::size_t total = 0, completed = 0, failed = 0, elsewhere = 0;
    std::vector<double> durations; // wall seconds of the runs this runner saw end
    int jobs = 1;

    std::string line(std::size_t running, std::size_t queued) const
    {
        std::string text = "sweep: " + std::to_string(completed) + "/" + std::to_string(total) + " completed, "
            + std::to_string(running) + " running, " + std::to_string(failed) + " failed, " + std::to_string(queued)
            + " queued";
        if (elsewhere)
            text += ", " + std::to_string(elsewhere) + " running elsewhere";
        if (!durations.empty() && (queued + running) > 0) {
            double mean = 0;
            for (double d : durations)
                mean += d;
            mean /= static_cast<double>(durations.size());
            const double left = mean * static_cast<double>(queued + running) / static_cast<double>(std::max(1, jobs));
            text += "; ETA " + duration(left);
        }
        return text;
    }
};

} // namespace

int availableCores()
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        return std::max(1, CPU_COUNT(&set));
    return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

int runSweepLocally(const engine::SweepPlan& plan, const std::string& directory, const LocalSweepOptions& options)
{
    const int cores = availableCores();
    const int jobs = std::max(1, options.jobs);
    const int threads = options.threads > 0 ? options.threads : std::max(1, cores / jobs);
    if (jobs * threads > cores && !options.oversubscribe) {
        std::cerr << "error: " << jobs << " jobs x " << threads << " threads need " << jobs * threads
                  << " cores, this machine has " << cores << ": lower --jobs or --threads, or pass --oversubscribe\n";
        return ExitBadInput;
    }
    std::unique_ptr<SweepRunnerLock> lock;
    std::string executable;
    try {
        lock = std::make_unique<SweepRunnerLock>(directory);
        executable = currentExecutable();
        std::filesystem::create_directories(directory + "/logs");
    } catch (const std::exception& error) {
        std::cerr << "error: " << error.what() << "\n";
        return ExitBadInput;
    }

    Progress progress;
    progress.total = plan.combinations.size();
    progress.jobs = jobs;
    std::deque<std::size_t> queue;
    std::vector<std::string> failures;
    for (const engine::SweepCombination& c : plan.combinations) {
        const engine::SweepRunStatus status = engine::readSweepRunStatus(engine::sweepRunDirectory(directory, c));
        if (status.state == engine::SweepRunState::Completed)
            ++progress.completed;
        else if (status.state == engine::SweepRunState::Running)
            ++progress.elsewhere;
        else if (status.state == engine::SweepRunState::Failed && !options.retryFailed) {
            ++progress.failed;
            failures.push_back(
                std::to_string(c.index) + " " + c.name + ": " + status.reason + " (rerun with --retry-failed)");
        } else
            queue.push_back(c.index);
    }

    stopRequested = false;
    std::signal(SIGINT, onStopSignal);
    std::signal(SIGTERM, onStopSignal);
    const bool terminal = isatty(2);
    struct Child {
        std::size_t index;
        Clock::time_point started;
    };
    std::map<pid_t, Child> children;
    std::string shown;
    const auto show = [&](bool force) {
        const std::string line = progress.line(children.size(), queue.size());
        if (options.quiet || (line == shown && !force))
            return;
        std::cerr << (terminal ? "\r" : "") << line << (terminal ? "\033[K" : "\n") << std::flush;
        shown = line;
    };
    bool forwarded = false;
    show(true);
    while (!queue.empty() || !children.empty()) {
        while (!stopRequested && !queue.empty() && children.size() < static_cast<std::size_t>(jobs)) {
            const engine::SweepCombination& c = plan.combinations[queue.front()];
            queue.pop_front();
            const std::string log = directory + "/logs/" + c.name + ".log";
            try {
                const pid_t pid = startProcess({ executable, "sweep", "run-index", directory, std::to_string(c.index),
                                                   "--threads", std::to_string(threads) },
                    log);
                children[pid] = { c.index, Clock::now() };
            } catch (const std::exception& error) {
                ++progress.failed;
                failures.push_back(std::to_string(c.index) + " " + c.name + ": " + error.what());
            }
        }
        if (stopRequested) {
            queue.clear();
            if (!forwarded)
                for (const auto& [pid, child] : children)
                    kill(pid, SIGTERM); // each run stops at its next step and writes its checkpoint
            forwarded = true;
        }
        show(false);
        int code = 0;
        const pid_t ended = reapChild(code, false);
        if (ended == 0 || !children.count(ended)) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            continue;
        }
        const Child child = children[ended];
        children.erase(ended);
        const engine::SweepCombination& c = plan.combinations[child.index];
        progress.durations.push_back(std::chrono::duration<double>(Clock::now() - child.started).count());
        const engine::SweepRunStatus status = engine::readSweepRunStatus(engine::sweepRunDirectory(directory, c));
        if (status.state == engine::SweepRunState::Completed) {
            ++progress.completed;
            continue;
        }
        if (status.state == engine::SweepRunState::Stopped && stopRequested)
            continue; // stopped by us: resumed by the next `sweep run`
        ++progress.failed;
        std::string reason = status.reason;
        if (reason.empty() || status.state == engine::SweepRunState::NotStarted)
            reason = lastErrorLine(directory + "/logs/" + c.name + ".log", "exit code " + std::to_string(code));
        failures.push_back(std::to_string(c.index) + " " + c.name + ": " + reason + " (log: logs/" + c.name + ".log)");
    }
    show(true);
    if (terminal && !options.quiet)
        std::cerr << "\n";
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    for (const std::string& failure : failures)
        std::cerr << "failed: " << failure << "\n";
    if (stopRequested)
        std::cerr
            << "stopped: run `mtw-cli sweep run` again to continue (stopped runs resume from their checkpoints)\n";
    if (progress.elsewhere)
        std::cerr << "note: " << progress.elsewhere << " run(s) are running in another process\n";
    return progress.completed == progress.total ? ExitOk : ExitRunFailed;
}

} // namespace mtw::cli
