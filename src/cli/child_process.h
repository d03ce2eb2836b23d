#pragma once
// Child processes of mtw-cli: the Slurm clients it asks (sbatch, squeue, scontrol), whose output it
// reads, and the runs of a local sweep, whose output goes to a log file. The environment is
// inherited (the Slurm clients need SLURM_CONF); the program is searched in PATH.
#include <string>
#include <sys/types.h>
#include <vector>

namespace mtw::cli {

struct ProcessResult {
    bool started = false; // false: the program could not be run (error says why)
    int exitCode = -1; // the exit status, or 128 + the signal that ended it
    std::string output; // stdout
    std::string errors; // stderr
    std::string error; // why it could not be started
};

// Runs the program to its end and collects its output.
ProcessResult runProcess(const std::vector<std::string>& arguments);

// Starts the program with stdin from /dev/null and stdout and stderr appended to `logPath`; returns
// its PID. Throws std::runtime_error when it cannot be started.
pid_t startProcess(const std::vector<std::string>& arguments, const std::string& logPath);

// Waits for any child to end without blocking when `block` is false; returns its PID (0: none has
// ended yet) and its exit code as runProcess gives it.
pid_t reapChild(int& exitCode, bool block);

// The absolute path of the running executable (/proc/self/exe), so a job or a child runs the
// same mtw-cli whatever PATH holds.
std::string currentExecutable();

} // namespace mtw::cli
