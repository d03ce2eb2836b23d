#include "cli/slurm_client.h"

#include "cli/child_process.h"
#include "engine/atomic_file.h"

#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

namespace mtw::cli {

namespace {

using nlohmann::json;

std::string slurmDirectory(const std::string& directory)
{
    return directory + "/slurm";
}

// A word for the shell: single-quoted, with ' as '\''.
std::string shellQuoted(const std::string& text)
{
    std::string quoted = "'";
    for (char c : text)
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

std::string nowUtc()
{
    const std::time_t now = std::time(nullptr);
    std::tm utc {};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

std::string field(const std::string& line, const std::string& name)
{
    const std::string key = name + "=";
    std::size_t at = 0;
    while ((at = line.find(key, at)) != std::string::npos) {
        if (at == 0 || line[at - 1] == ' ')
            break;
        at += key.size();
    }
    if (at == std::string::npos)
        return {};
    const std::size_t start = at + key.size();
    const std::size_t end = line.find(' ', start);
    return line.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

std::vector<std::size_t> expandTaskIds(std::string ids)
{
    std::vector<std::size_t> result;
    if (const std::size_t percent = ids.find('%'); percent != std::string::npos)
        ids.erase(percent);
    std::stringstream parts(ids);
    std::string part;
    while (std::getline(parts, part, ',')) {
        try {
            const std::size_t dash = part.find('-');
            const std::size_t first = std::stoul(part.substr(0, dash));
            const std::size_t last = dash == std::string::npos ? first : std::stoul(part.substr(dash + 1));
            for (std::size_t i = first; i <= last && i - first < 1000000; ++i)
                result.push_back(i);
        } catch (const std::exception&) {
            // An id Slurm writes differently is left out rather than misread.
        }
    }
    return result;
}

} // namespace

json SlurmOptions::toJson() const
{
    return { { "partition", partition }, { "time", time }, { "mem", memory }, { "account", account }, { "qos", qos },
        { "cpus_per_task", cpusPerTask }, { "array_limit", arrayLimit }, { "sbatch_args", extraArguments } };
}

SlurmOptions SlurmOptions::fromJson(const json& j)
{
    SlurmOptions o;
    o.partition = j.value("partition", "");
    o.time = j.value("time", "");
    o.memory = j.value("mem", "");
    o.account = j.value("account", "");
    o.qos = j.value("qos", "");
    o.cpusPerTask = j.value("cpus_per_task", 1);
    o.arrayLimit = j.value("array_limit", 0);
    o.extraArguments = j.value("sbatch_args", std::vector<std::string> {});
    return o;
}

std::string slurmArraySpec(const std::vector<std::size_t>& indices, int arrayLimit)
{
    std::string spec;
    for (std::size_t i = 0; i < indices.size();) {
        std::size_t j = i;
        while (j + 1 < indices.size() && indices[j + 1] == indices[j] + 1)
            ++j;
        if (!spec.empty())
            spec += ',';
        spec += std::to_string(indices[i]);
        if (j > i) {
            spec += '-';
            spec += std::to_string(indices[j]);
        }
        i = j + 1;
    }
    if (arrayLimit > 0) {
        spec += '%';
        spec += std::to_string(arrayLimit);
    }
    return spec;
}

std::string writeSlurmScript(const std::string& directory, const std::string& sweepName, const std::string& executable,
    const std::vector<std::size_t>& indices, const SlurmOptions& options)
{
    const std::string folder = slurmDirectory(directory);
    std::filesystem::create_directories(folder);
    const std::size_t number = readSlurmSubmissions(directory).size() + 1;
    const std::string path = folder + "/submit-" + std::to_string(number) + ".sbatch";
    std::ostringstream script;
    script << "#!/bin/bash\n"
           << "#SBATCH --job-name=" << shellQuoted("mtw-" + sweepName) << "\n"
           << "#SBATCH --array=" << slurmArraySpec(indices, options.arrayLimit) << "\n"
           << "#SBATCH --output=" << shellQuoted(folder + "/%A_%a.out") << "\n"
           << "#SBATCH --cpus-per-task=" << options.cpusPerTask << "\n";
    const std::pair<const char*, const std::string*> optional[]
        = { { "partition", &options.partition }, { "time", &options.time }, { "mem", &options.memory },
              { "account", &options.account }, { "qos", &options.qos } };
    for (const auto& [name, value] : optional)
        if (!value->empty())
            script << "#SBATCH --" << name << "=" << *value << "\n";
    for (const std::string& argument : options.extraArguments)
        script << "#SBATCH " << argument << "\n";
    script << "# Written by `mtw-cli sweep submit`: array task i runs combination i of the sweep in\n"
           << "# " << directory << " (its sweep.json) into its own run directory. A task stopped by its\n"
           << "# time limit (SIGTERM) writes a checkpoint; `mtw-cli sweep submit DIR --resubmit-failed` resumes it.\n"
           << "exec " << shellQuoted(executable) << " sweep run-index " << shellQuoted(directory)
           << " \"$SLURM_ARRAY_TASK_ID\" --threads \"${SLURM_CPUS_PER_TASK:-1}\"\n";
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << script.str();
    out.flush();
    if (!out)
        throw SlurmError("cannot write the job script '" + path + "'");
    chmod(path.c_str(), 0755);
    return path;
}

std::string submitSlurmScript(const std::string& script)
{
    const ProcessResult result = runProcess({ "sbatch", "--parsable", script });
    if (!result.started)
        throw SlurmError(
            result.error + " (is Slurm's client installed, and SLURM_CONF set where the cluster needs it?)");
    std::string id = result.output.substr(0, result.output.find_first_of(";\n"));
    if (result.exitCode != 0 || id.empty() || id.find_first_not_of("0123456789") != std::string::npos) {
        std::string message = result.errors.empty() ? result.output : result.errors;
        while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
            message.pop_back();
        throw SlurmError("sbatch refused '" + script + "' (exit " + std::to_string(result.exitCode) + "): " + message);
    }
    return id;
}

std::vector<SlurmSubmission> readSlurmSubmissions(const std::string& directory)
{
    std::vector<SlurmSubmission> submissions;
    const std::string path = slurmDirectory(directory) + "/jobs.json";
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return submissions;
    const json document = json::parse(in, nullptr, false);
    if (document.is_discarded() || !document.is_array())
        throw SlurmError(path + " is malformed (not a JSON list of submissions)");
    try {
        for (const json& entry : document)
            submissions.push_back({ entry.at("job_id").get<std::string>(),
                entry.at("indices").get<std::vector<std::size_t>>(), SlurmOptions::fromJson(entry.at("options")),
                entry.at("script").get<std::string>(), entry.at("submitted").get<std::string>() });
    } catch (const json::exception& error) {
        throw SlurmError(path + " is malformed: " + error.what());
    }
    return submissions;
}

void recordSlurmSubmission(const std::string& directory, const SlurmSubmission& submission)
{
    json document = json::array();
    for (const SlurmSubmission& s : readSlurmSubmissions(directory))
        document.push_back({ { "job_id", s.jobId }, { "indices", s.indices }, { "options", s.options.toJson() },
            { "script", s.script }, { "submitted", s.submitted } });
    document.push_back({ { "job_id", submission.jobId }, { "indices", submission.indices },
        { "options", submission.options.toJson() }, { "script", submission.script },
        { "submitted", submission.submitted.empty() ? nowUtc() : submission.submitted } });
    const std::string path = slurmDirectory(directory) + "/jobs.json";
    if (const auto error = engine::writeFileAtomically(path, document.dump(1) + "\n"))
        throw SlurmError(*error);
}

std::map<std::size_t, SlurmTaskState> parseSlurmJobLines(const std::string& text)
{
    std::map<std::size_t, SlurmTaskState> tasks;
    std::stringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        const std::string ids = field(line, "ArrayTaskId");
        if (ids.empty())
            continue;
        const SlurmTaskState state { field(line, "JobState"), field(line, "Reason"), field(line, "ExitCode") };
        for (std::size_t index : expandTaskIds(ids))
            tasks[index] = state;
    }
    return tasks;
}

std::optional<std::map<std::size_t, SlurmTaskState>> querySlurmJob(const std::string& jobId, std::string& why)
{
    const ProcessResult result = runProcess({ "scontrol", "-o", "show", "job", jobId });
    if (!result.started) {
        why = result.error;
        return std::nullopt;
    }
    if (result.exitCode != 0) {
        why = "scontrol: "
            + (result.errors.empty() ? std::string("exit ") + std::to_string(result.exitCode) : result.errors);
        while (!why.empty() && why.back() == '\n')
            why.pop_back();
        return std::nullopt;
    }
    return parseSlurmJobLines(result.output);
}

std::string slurmTaskLog(const std::string& directory, const std::string& jobId, std::size_t index)
{
    return slurmDirectory(directory) + "/" + jobId + "_" + std::to_string(index) + ".out";
}

} // namespace mtw::cli
