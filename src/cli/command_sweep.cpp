#include "cli/command_sweep.h"

#include "cli/child_process.h"
#include "cli/sweep_local_runner.h"
#include "cli/sweep_report.h"
#include "cli/sweep_run_index.h"
#include "engine/sweep_directory.h"
#include "engine/sweep_summary.h"

#include <filesystem>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

namespace mtw::cli {

namespace {

using nlohmann::json;

std::string valueText(const json& value)
{
    return value.is_string() ? value.get<std::string>() : value.dump();
}

void printTable(const std::vector<std::vector<std::string>>& rows)
{
    std::vector<std::size_t> widths;
    for (const auto& row : rows)
        for (std::size_t c = 0; c < row.size(); ++c) {
            widths.resize(std::max(widths.size(), row.size()));
            widths[c] = std::max(widths[c], row[c].size());
        }
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t c = 0; c < row.size(); ++c)
            line += c + 1 < row.size() ? row[c] + std::string(widths[c] - row[c].size() + 2, ' ') : row[c];
        std::cout << line << "\n";
    }
}

std::string absolute(const std::string& path)
{
    return std::filesystem::absolute(path).lexically_normal().string();
}

// Plans the sweep of an experiment file and claims the directory for it; prints the error and
// returns false when either fails.
bool planAndClaim(const std::string& experiment, const std::string& directory, engine::SweepPlan& plan)
{
    try {
        plan = engine::loadSweepPlan(experiment);
        engine::claimSweepDirectory(plan, directory);
        return true;
    } catch (const std::exception& error) {
        std::cerr << "error: " << error.what() << "\n";
        return false;
    }
}

} // namespace

void SweepCommand::setup(CLI::App& app)
{
    subcommand = app.add_subcommand("sweep",
        "Many runs from one experiment file with a \"sweep\" block: plan, run here, "
        "submit to Slurm, follow, summarize");
    subcommand->require_subcommand(1);

    m_plan
        = subcommand->add_subcommand("plan", "List the sweep's combinations (index, name, axis values), all validated");
    m_plan->add_option("experiment", m_experiment, "Experiment JSON file with a sweep block")->required();
    m_plan->add_flag("--json", m_json, "Machine-readable output");

    m_run = subcommand->add_subcommand("run", "Run every combination on this machine, N at a time; rerun to continue");
    m_run->add_option("experiment", m_experiment, "Experiment JSON file with a sweep block")->required();
    m_run->add_option("--out", m_directory, "Sweep directory (sweep.json, one run directory per combination)")
        ->required();
    m_run->add_option("--jobs", m_jobs, "Runs at once")->check(CLI::Range(1, 4096));
    m_run->add_option("--threads", m_threads, "Threads per run (default: cores / jobs)")->check(CLI::Range(1, 4096));
    m_run->add_flag("--oversubscribe", m_oversubscribe, "Allow jobs x threads above the cores");
    m_run->add_flag("--retry-failed", m_retryFailed, "Run failed combinations again (from the start)");
    m_run->add_flag("--quiet", m_quiet, "No progress line");

    m_runIndex
        = subcommand->add_subcommand("run-index", "Run one combination of a planned sweep (what each Slurm task runs)");
    m_runIndex->add_option("directory", m_directory, "Sweep directory")->required();
    m_runIndex->add_option("index", m_index, "Combination index")->required()->check(CLI::NonNegativeNumber);
    m_runIndex->add_option("--threads", m_threads, "Worker threads (0: all cores)")->check(CLI::Range(0, 4096));
    m_runIndex->add_flag("--quiet", m_quiet, "No progress output");

    m_submit
        = subcommand->add_subcommand("submit", "Submit the sweep to Slurm as a job array (one task per combination)");
    m_submit
        ->add_option("experiment", m_experiment,
            "Experiment JSON file with a sweep block (or, with --resubmit-failed, the sweep directory)")
        ->required();
    m_submit->add_option("--out", m_directory, "Sweep directory on a file system the nodes share");
    m_submit->add_flag("--slurm", m_slurm, "Submit to Slurm with sbatch (the one scheduler supported)");
    m_submit->add_flag(
        "--resubmit-failed", m_resubmitFailed, "Submit only the failed, stopped or lost combinations of DIR");
    m_submit->add_flag("--no-submit", m_noSubmit, "Write the job script but do not call sbatch");
    m_submit->add_option("--partition", m_slurmOptions.partition, "#SBATCH --partition");
    m_submit->add_option(
        "--time", m_slurmOptions.time, "#SBATCH --time (a task stopped by it resumes when resubmitted)");
    m_submit
        ->add_option("--cpus-per-task", m_slurmOptions.cpusPerTask, "#SBATCH --cpus-per-task (also the run's threads)")
        ->check(CLI::Range(1, 4096));
    m_submit->add_option("--mem", m_slurmOptions.memory, "#SBATCH --mem");
    m_submit->add_option("--account", m_slurmOptions.account, "#SBATCH --account");
    m_submit->add_option("--qos", m_slurmOptions.qos, "#SBATCH --qos");
    m_submit->add_option("--array-limit", m_slurmOptions.arrayLimit, "At most K tasks at once (--array=...%K)")
        ->check(CLI::Range(1, 1000000));
    m_submit->add_option(
        "--sbatch-arg", m_slurmOptions.extraArguments, "Another #SBATCH line, e.g. --sbatch-arg=--exclusive");

    m_status = subcommand->add_subcommand(
        "status", "Each combination's state: completed, running, pending, failed (why), stopped");
    m_status->add_option("directory", m_directory, "Sweep directory")->required();
    m_status->add_flag("--json", m_json, "Machine-readable output");

    m_summarize = subcommand->add_subcommand(
        "summarize", "Write DIR/summary.csv and summary.json: axis values, state and results of every run");
    m_summarize->add_option("directory", m_directory, "Sweep directory")->required();
}

int SweepCommand::execute()
{
    if (m_plan->parsed())
        return plan();
    if (m_run->parsed())
        return run();
    if (m_runIndex->parsed())
        return runIndex();
    if (m_submit->parsed())
        return submit();
    if (m_status->parsed())
        return status();
    return summarize();
}

int SweepCommand::plan()
{
    engine::SweepPlan sweep;
    try {
        sweep = engine::loadSweepPlan(m_experiment);
    } catch (const std::exception& error) {
        std::cerr << "error: " << error.what() << "\n";
        return ExitBadInput;
    }
    if (m_json) {
        json combinations = json::array();
        for (const engine::SweepCombination& c : sweep.combinations) {
            json values = json::object();
            for (const auto& [key, value] : c.values)
                values[key] = value;
            combinations.push_back({ { "index", c.index }, { "name", c.name }, { "values", values } });
        }
        json axes = json::array();
        for (const engine::SweepAxis& axis : sweep.axes)
            axes.push_back(engine::sweepAxisToJson(axis));
        std::cout << json({ { "name", sweep.name }, { "total", sweep.combinations.size() }, { "axes", axes },
                              { "combinations", combinations } })
                         .dump(2)
                  << "\n";
        return ExitOk;
    }
    std::vector<std::vector<std::string>> rows { { "index", "name" } };
    for (const engine::SweepAxis& axis : sweep.axes)
        rows[0].push_back(axis.key);
    for (const engine::SweepCombination& c : sweep.combinations) {
        std::vector<std::string> row { std::to_string(c.index), c.name };
        for (const auto& [key, value] : c.values)
            row.push_back(valueText(value));
        rows.push_back(std::move(row));
    }
    printTable(rows);
    std::cout << "total: " << sweep.combinations.size() << " combinations of " << sweep.name << "\n";
    return ExitOk;
}

int SweepCommand::run()
{
    engine::SweepPlan sweep;
    const std::string directory = absolute(m_directory);
    if (!planAndClaim(m_experiment, directory, sweep))
        return ExitBadInput;
    LocalSweepOptions options;
    options.jobs = m_jobs;
    options.threads = std::max(0, m_threads);
    options.oversubscribe = m_oversubscribe;
    options.retryFailed = m_retryFailed;
    options.quiet = m_quiet;
    return runSweepLocally(sweep, directory, options);
}

int SweepCommand::runIndex()
{
    return runSweepIndex(absolute(m_directory), m_index, { m_threads, m_quiet });
}

int SweepCommand::submit()
{
    if (!m_slurm) {
        std::cerr << "error: say where to submit: --slurm (the one scheduler supported)\n";
        return ExitBadInput;
    }
    engine::SweepPlan sweep;
    std::string directory;
    std::vector<std::size_t> indices;
    try {
        if (m_resubmitFailed) {
            directory = absolute(m_directory.empty() ? m_experiment : m_directory);
            sweep = engine::readSweepDirectory(directory);
            const std::vector<SlurmSubmission> before = readSlurmSubmissions(directory);
            if (!before.empty()) {
                // Options not given again are those of the last submission.
                SlurmOptions options = before.back().options;
                const auto given = [this](const char* name) { return m_submit->get_option(name)->count() > 0; };
                for (const auto& [name, field] : { std::pair { "--partition", &SlurmOptions::partition },
                         { "--time", &SlurmOptions::time }, { "--mem", &SlurmOptions::memory },
                         { "--account", &SlurmOptions::account }, { "--qos", &SlurmOptions::qos } })
                    if (given(name))
                        options.*field = m_slurmOptions.*field;
                for (const auto& [name, field] : { std::pair { "--cpus-per-task", &SlurmOptions::cpusPerTask },
                         { "--array-limit", &SlurmOptions::arrayLimit } })
                    if (given(name))
                        options.*field = m_slurmOptions.*field;
                if (given("--sbatch-arg"))
                    options.extraArguments = m_slurmOptions.extraArguments;
                m_slurmOptions = options;
            }
            const SweepReport report = reportSweep(sweep, directory);
            for (const SweepIndexReport& r : report.runs)
                if (r.state == "failed" || r.state == "stopped" || r.state == "not started")
                    indices.push_back(r.index);
            if (indices.empty()) {
                std::cout << "nothing to resubmit: every combination is completed, running or pending\n";
                return ExitOk;
            }
        } else {
            if (m_directory.empty()) {
                std::cerr << "error: --out DIR is required (the sweep directory, on a file system the nodes share)\n";
                return ExitBadInput;
            }
            directory = absolute(m_directory);
            if (!planAndClaim(m_experiment, directory, sweep))
                return ExitBadInput;
            for (const engine::SweepCombination& c : sweep.combinations)
                indices.push_back(c.index);
        }
        const std::string script
            = writeSlurmScript(directory, sweep.name, currentExecutable(), indices, m_slurmOptions);
        if (m_noSubmit) {
            std::cout << "script: " << script << "\n(not submitted: run `sbatch " << script << "`)\n";
            return ExitOk;
        }
        const std::string jobId = submitSlurmScript(script);
        recordSlurmSubmission(directory, { jobId, indices, m_slurmOptions, script, {} });
        std::cout << "submitted: job " << jobId << ", " << indices.size() << " array task(s) ("
                  << slurmArraySpec(indices, m_slurmOptions.arrayLimit) << ")\nscript: " << script
                  << "\nfollow with: mtw-cli sweep status " << directory << "\n";
        return ExitOk;
    } catch (const std::exception& error) {
        std::cerr << "error: " << error.what() << "\n";
        return ExitBadInput;
    }
}

int SweepCommand::status()
{
    const std::string directory = absolute(m_directory);
    engine::SweepPlan sweep;
    try {
        sweep = engine::readSweepDirectory(directory);
    } catch (const std::exception& error) {
        std::cerr << "error: " << error.what() << "\n";
        return ExitBadInput;
    }
    const SweepReport report = reportSweep(sweep, directory);
    const std::vector<std::string> states = { "completed", "running", "pending", "failed", "stopped", "not started" };
    if (m_json) {
        json runs = json::array();
        for (const SweepIndexReport& r : report.runs)
            runs.push_back({ { "index", r.index }, { "name", r.name }, { "state", r.state }, { "reason", r.reason },
                { "steps", r.steps >= 0 ? json(r.steps) : json(nullptr) },
                { "slurm_state", r.slurmState.empty() ? json(nullptr) : json(r.slurmState) }, { "log", r.log } });
        json counts = json::object();
        for (const std::string& state : states)
            counts[state] = report.count(state);
        std::cout << json({ { "name", sweep.name }, { "total", report.runs.size() }, { "counts", counts },
                              { "runs", runs }, { "notes", report.notes } })
                         .dump(2)
                  << "\n";
    } else {
        std::cout << "sweep " << sweep.name << ": " << report.runs.size() << " combinations in " << directory << "\n";
        std::vector<std::vector<std::string>> rows { { "index", "name", "state", "steps", "reason" } };
        for (const SweepIndexReport& r : report.runs)
            rows.push_back(
                { std::to_string(r.index), r.name, r.state, r.steps >= 0 ? std::to_string(r.steps) : "", r.reason });
        printTable(rows);
        std::string totals;
        for (const std::string& state : states)
            if (const std::size_t n = report.count(state))
                totals += (totals.empty() ? "" : ", ") + std::to_string(n) + " " + state;
        std::cout << "total: " << totals << "\n";
        for (const std::string& note : report.notes)
            std::cout << "note: " << note << "\n";
    }
    return report.count("failed") > 0 ? ExitRunFailed : ExitOk;
}

int SweepCommand::summarize()
{
    const std::string directory = absolute(m_directory);
    try {
        const engine::SweepPlan sweep = engine::readSweepDirectory(directory);
        const engine::SweepSummary summary = engine::summarizeSweep(sweep, directory);
        for (const std::string& path : engine::writeSweepSummary(summary, directory))
            std::cout << "wrote: " << path << "\n";
        std::size_t completed = 0;
        for (const engine::SweepSummaryRow& row : summary.rows)
            completed += row.status.state == engine::SweepRunState::Completed ? 1 : 0;
        std::cout << summary.rows.size() << " runs (" << completed << " completed), " << summary.resultColumns.size()
                  << " result columns\n";
        return ExitOk;
    } catch (const std::exception& error) {
        std::cerr << "error: " << error.what() << "\n";
        return ExitBadInput;
    }
}

} // namespace mtw::cli
