#include "cli/child_process.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace mtw::cli {

namespace {

std::vector<char*> argv(const std::vector<std::string>& arguments)
{
    std::vector<char*> result;
    for (const std::string& a : arguments)
        result.push_back(const_cast<char*>(a.c_str()));
    result.push_back(nullptr);
    return result;
}

int exitCodeOf(int status)
{
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return -1;
}

// Reads both pipes until they close, so neither child's write blocks on a full pipe.
void drain(int outFd, int errFd, std::string& out, std::string& err)
{
    pollfd fds[2] = { { outFd, POLLIN, 0 }, { errFd, POLLIN, 0 } };
    std::string* targets[2] = { &out, &err };
    int open = 2;
    char buffer[4096];
    while (open > 0) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return;
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
            if (n > 0) {
                targets[i]->append(buffer, static_cast<std::size_t>(n));
            } else if (n == 0 || errno != EINTR) {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open;
            }
        }
    }
}

} // namespace

ProcessResult runProcess(const std::vector<std::string>& arguments)
{
    ProcessResult result;
    int outPipe[2];
    int errPipe[2];
    if (pipe2(outPipe, O_CLOEXEC) != 0) {
        result.error = std::string("cannot make a pipe: ") + std::strerror(errno);
        return result;
    }
    if (pipe2(errPipe, O_CLOEXEC) != 0) {
        result.error = std::string("cannot make a pipe: ") + std::strerror(errno);
        close(outPipe[0]);
        close(outPipe[1]);
        return result;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1);
    posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2);
    pid_t pid = 0;
    std::vector<char*> args = argv(arguments);
    const int spawned = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(outPipe[1]);
    close(errPipe[1]);
    if (spawned != 0) {
        close(outPipe[0]);
        close(errPipe[0]);
        result.error = "cannot run '" + arguments[0] + "': " + std::strerror(spawned);
        return result;
    }
    drain(outPipe[0], errPipe[0], result.output, result.errors);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) { }
    result.started = true;
    result.exitCode = exitCodeOf(status);
    // posix_spawnp reports a missing program as exit 127 of the child on glibc.
    if (result.exitCode == 127 && result.output.empty() && result.errors.empty()) {
        result.started = false;
        result.error = "cannot run '" + arguments[0] + "': not found in PATH";
    }
    return result;
}

pid_t startProcess(const std::vector<std::string>& arguments, const std::string& logPath)
{
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, logPath.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    pid_t pid = 0;
    std::vector<char*> args = argv(arguments);
    const int spawned = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0)
        throw std::runtime_error("cannot run '" + arguments[0] + "': " + std::strerror(spawned));
    return pid;
}

pid_t reapChild(int& exitCode, bool block)
{
    int status = 0;
    pid_t pid = 0;
    do {
        pid = waitpid(-1, &status, block ? 0 : WNOHANG);
    } while (pid < 0 && errno == EINTR);
    if (pid <= 0)
        return 0;
    exitCode = exitCodeOf(status);
    return pid;
}

std::string currentExecutable()
{
    char path[4096];
    const ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0)
        throw std::runtime_error("cannot find the running executable (/proc/self/exe)");
    return std::string(path, static_cast<std::size_t>(n));
}

} // namespace mtw::cli
