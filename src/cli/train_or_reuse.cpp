#include "cli/train_or_reuse.h"

#include "cli/run_to_directory.h"

#include <filesystem>
#include <iostream>

namespace mtw::cli {

std::optional<engine::RunRecord> finishedRunIn(const std::string& directory, const engine::Experiment& experiment)
{
    if (!std::filesystem::exists(directory + "/experiment.json"))
        return std::nullopt;
    try {
        engine::RunRecord existing = engine::readRun(directory);
        if (existing.status == "finished"
            && engine::experimentToJsonText(existing.experiment) == engine::experimentToJsonText(experiment))
            return existing;
    } catch (const std::exception&) {
        // An unreadable store counts as missing: training replaces it or says it is there.
    }
    return std::nullopt;
}

std::optional<engine::RunRecord> trainOrReuse(
    const engine::Experiment& experiment, const std::string& directory, bool force, bool quiet)
{
    if (!force) {
        if (std::optional<engine::RunRecord> existing = finishedRunIn(directory, experiment)) {
            std::cout << "== " << experiment.name << ": reusing the finished run in " << directory << "\n";
            return existing;
        }
    }
    std::cout << "== " << experiment.name << " -> " << directory << "\n" << std::flush;
    engine::RunJobOptions job;
    job.use = force ? engine::RunDirectoryUse::ReplaceRun : engine::RunDirectoryUse::NewRun;
    const DirectoryRun result = runToDirectory(experiment, directory, { quiet, job });
    std::cout << "status: " << engine::runStatusName(result.outcome.status) << " (" << result.outcome.message << ")\n";
    if (result.outcome.status != engine::RunStatus::Finished)
        return std::nullopt;
    return engine::readRun(directory);
}

} // namespace mtw::cli
