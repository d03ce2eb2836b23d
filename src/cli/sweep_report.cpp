#include "cli/sweep_report.h"

#include "cli/slurm_client.h"
#include "engine/sweep_directory.h"
#include "engine/sweep_status.h"

#include <algorithm>
#include <fstream>
#include <map>

namespace mtw::cli {

namespace {

bool isActive(const std::string& slurmState)
{
    return slurmState == "PENDING" || slurmState == "RUNNING" || slurmState == "CONFIGURING"
        || slurmState == "COMPLETING" || slurmState == "REQUEUED" || slurmState == "RESIZING"
        || slurmState == "SUSPENDED";
}

} // namespace

std::size_t SweepReport::count(const std::string& state) const
{
    return static_cast<std::size_t>(
        std::count_if(runs.begin(), runs.end(), [&](const SweepIndexReport& r) { return r.state == state; }));
}

std::string lastErrorLine(const std::string& logPath, const std::string& fallback)
{
    std::ifstream in(logPath, std::ios::binary);
    std::string line;
    std::string last;
    while (std::getline(in, line))
        if (line.rfind("error: ", 0) == 0)
            last = line.substr(7);
    return last.empty() ? fallback : last;
}

SweepReport reportSweep(const engine::SweepPlan& plan, const std::string& directory)
{
    SweepReport report;
    // The latest submission of each index and Slurm's view of each job, asked once per job.
    std::map<std::size_t, std::string> jobOf;
    std::map<std::string, std::map<std::size_t, SlurmTaskState>> tasksOf;
    try {
        for (const SlurmSubmission& submission : readSlurmSubmissions(directory))
            for (std::size_t index : submission.indices)
                jobOf[index] = submission.jobId;
    } catch (const SlurmError& error) {
        report.notes.push_back(error.what());
    }
    const auto slurmTask = [&](std::size_t index) -> const SlurmTaskState* {
        const auto job = jobOf.find(index);
        if (job == jobOf.end())
            return nullptr;
        auto tasks = tasksOf.find(job->second);
        if (tasks == tasksOf.end()) {
            std::string why;
            auto states = querySlurmJob(job->second, why);
            if (!states)
                report.notes.push_back("Slurm cannot tell about job " + job->second + ": " + why);
            tasks = tasksOf.emplace(job->second, states ? *states : std::map<std::size_t, SlurmTaskState> {}).first;
        }
        const auto task = tasks->second.find(index);
        return task == tasks->second.end() ? nullptr : &task->second;
    };

    for (const engine::SweepCombination& c : plan.combinations) {
        const engine::SweepRunStatus run = engine::readSweepRunStatus(engine::sweepRunDirectory(directory, c));
        SweepIndexReport r;
        r.index = c.index;
        r.name = c.name;
        r.reason = run.reason;
        r.steps = run.steps;
        r.state = engine::sweepRunStateName(run.state);
        if (jobOf.count(c.index))
            r.log = slurmTaskLog(directory, jobOf[c.index], c.index);
        const bool settled = run.state == engine::SweepRunState::Completed
            || run.state == engine::SweepRunState::Running || run.state == engine::SweepRunState::Failed;
        if (!settled) {
            if (const SlurmTaskState* task = slurmTask(c.index)) {
                r.slurmState = task->state;
                if (task->state == "PENDING") {
                    r.state = "pending";
                    r.reason = task->reason == "None" ? "" : task->reason;
                } else if (isActive(task->state)) {
                    r.state = "running";
                } else {
                    r.state = "failed";
                    std::string why = "Slurm: " + task->state;
                    if (!task->reason.empty() && task->reason != "None")
                        why += " (" + task->reason + ")";
                    if (run.state == engine::SweepRunState::Stopped && run.steps >= 0)
                        why += ", stopped at step " + std::to_string(run.steps)
                            + "; a resubmit resumes it from its checkpoint";
                    else
                        why += ": " + lastErrorLine(r.log, "exit code " + task->exitCode);
                    r.reason = why;
                }
            }
        }
        report.runs.push_back(std::move(r));
    }
    return report;
}

} // namespace mtw::cli
