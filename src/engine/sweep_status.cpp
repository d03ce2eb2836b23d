#include "engine/sweep_status.h"

#include "engine/read_only_database.h"
#include "engine/run_directory.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace mtw::engine {

namespace fs = std::filesystem;

std::string sweepRunStateName(SweepRunState state)
{
    switch (state) {
    case SweepRunState::NotStarted:
        return "not started";
    case SweepRunState::Running:
        return "running";
    case SweepRunState::Completed:
        return "completed";
    case SweepRunState::Failed:
        return "failed";
    case SweepRunState::Stopped:
        return "stopped";
    }
    return "unknown";
}

namespace {

// Steps done by a run without a summary (running, or killed): the last recorded step + 1, or -1.
long long recordedSteps(const std::string& runDirectory)
{
    try {
        ReadOnlyDatabase db(runDirectory + "/run.sqlite");
        Statement last(db, "SELECT MAX(step) FROM steps");
        if (last.next() && !last.isNull(0))
            return last.integer(0) + 1;
    } catch (const std::exception&) {
        // No database yet, or one being created: the steps are unknown.
    }
    return -1;
}

} // namespace

SweepRunStatus readSweepRunStatus(const std::string& runDirectory)
{
    SweepRunStatus status;
    std::error_code error;
    if (!fs::exists(runDirectory, error))
        return status;
    if (!fs::is_directory(runDirectory, error)) {
        status.state = SweepRunState::Failed;
        status.reason = "'" + runDirectory + "' exists and is not a directory";
        return status;
    }
    if (isRunDirectoryLocked(runDirectory)) {
        status.state = SweepRunState::Running;
        status.steps = recordedSteps(runDirectory);
        return status;
    }
    if (!fs::exists(runDirectory + "/experiment.json", error))
        return status;

    std::ifstream in(runDirectory + "/summary.json", std::ios::binary);
    if (!in) {
        status.state = SweepRunState::Stopped;
        status.reason = "interrupted: no summary.json and no writer (killed?); a resume continues from its checkpoint";
        status.steps = recordedSteps(runDirectory);
        return status;
    }
    const nlohmann::json summary = nlohmann::json::parse(in, nullptr, false);
    if (summary.is_discarded() || !summary.is_object() || !summary.contains("status")
        || !summary["status"].is_string()) {
        status.state = SweepRunState::Failed;
        status.reason = "summary.json is malformed";
        return status;
    }
    const std::string name = summary["status"].get<std::string>();
    status.reason = summary.value("message", std::string());
    if (summary.contains("steps") && summary["steps"].is_number_integer())
        status.steps = summary["steps"].get<long long>();
    if (summary.contains("seconds") && summary["seconds"].is_number())
        status.seconds = summary["seconds"].get<double>();
    if (name == "finished")
        status.state = SweepRunState::Completed;
    else if (name == "failed")
        status.state = SweepRunState::Failed;
    else
        status.state = SweepRunState::Stopped;
    return status;
}

} // namespace mtw::engine
