#pragma once
// A sweep on a Slurm cluster: job-array scripts (one array task = one combination, each calling
// `mtw-cli sweep run-index DIR $SLURM_ARRAY_TASK_ID`), their submission with sbatch, the record of
// submissions in <DIR>/slurm/jobs.json, and the tasks' states from `scontrol -o show job` (there is
// no accounting database to ask; finished jobs stay visible for the cluster's MinJobAge).
// The Slurm clients run with this process's environment (SLURM_CONF included).
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace mtw::cli {

class SlurmError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct SlurmOptions {
    std::string partition, time, memory, account, qos; // empty: the cluster's default
    int cpusPerTask = 1;
    int arrayLimit = 0; // at most this many tasks at once (%K); 0: no limit
    std::vector<std::string> extraArguments; // more #SBATCH lines ("--exclusive", "--constraint=x")

    nlohmann::json toJson() const;
    static SlurmOptions fromJson(const nlohmann::json& json);
};

struct SlurmSubmission {
    std::string jobId; // the array's job id
    std::vector<std::size_t> indices;
    SlurmOptions options;
    std::string script; // its path
    std::string submitted; // UTC, ISO 8601
};

// "0-7", "1,3-5,9", with "%K" when limited.
std::string slurmArraySpec(const std::vector<std::size_t>& indices, int arrayLimit);

// Writes <directory>/slurm/submit-<n>.sbatch for the indices; returns its path. `executable` and
// `directory` must be absolute (a task starts in the submit directory of another machine).
std::string writeSlurmScript(const std::string& directory, const std::string& sweepName, const std::string& executable,
    const std::vector<std::size_t>& indices, const SlurmOptions& options);

// Runs `sbatch --parsable SCRIPT`; returns the job id. Throws SlurmError with sbatch's message.
std::string submitSlurmScript(const std::string& script);

std::vector<SlurmSubmission> readSlurmSubmissions(const std::string& directory); // none: empty
void recordSlurmSubmission(const std::string& directory, const SlurmSubmission& submission);

struct SlurmTaskState {
    std::string state; // PENDING, RUNNING, COMPLETED, FAILED, TIMEOUT, OUT_OF_MEMORY, CANCELLED, NODE_FAIL, ...
    std::string reason; // Slurm's Reason= (TimeLimit, NonZeroExitCode, Priority, ...)
    std::string exitCode; // "3:0"
};

// The array tasks of one job by index, from `scontrol -o show job ID`; nullopt with `why` when Slurm
// cannot tell (no scontrol, the job purged after MinJobAge).
std::optional<std::map<std::size_t, SlurmTaskState>> querySlurmJob(const std::string& jobId, std::string& why);

// One `scontrol -o show job` line's tasks (a pending array's ArrayTaskId=3-7%2 gives five).
std::map<std::size_t, SlurmTaskState> parseSlurmJobLines(const std::string& text);

// The Slurm log of one array task: <directory>/slurm/<job>_<index>.out
std::string slurmTaskLog(const std::string& directory, const std::string& jobId, std::size_t index);

} // namespace mtw::cli
