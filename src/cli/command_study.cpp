#include "cli/command_study.h"

#include "engine/csv_field.h"
#include "engine/study.h"

#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace mtw::cli {

namespace {

using engine::csvField;
using nlohmann::json;

std::string number(double value)
{
    if (!std::isfinite(value))
        return "n/a";
    std::ostringstream out;
    out << std::setprecision(4) << value;
    return out.str();
}

std::string interval(const analysis::BootstrapInterval& i)
{
    return "[" + number(i.low) + ", " + number(i.high) + "]";
}

json numberOrNull(double value)
{
    return std::isfinite(value) ? json(value) : json(nullptr);
}

json estimateJson(const analysis::Estimate& estimate, const analysis::BootstrapInterval& ci)
{
    json j = { { "value", numberOrNull(estimate.value) }, { "low", numberOrNull(ci.low) },
        { "high", numberOrNull(ci.high) }, { "skipped_resamples", ci.skipped } };
    if (!estimate.valid())
        j["reason"] = estimate.reason;
    else if (!ci.valid())
        j["interval_reason"] = ci.reason;
    return j;
}

json groupJson(const engine::StudyGroup& group)
{
    const analysis::CorrelationSummary& s = group.statistics;
    json j = { { "label", group.label }, { "n", s.n }, { "pearson", estimateJson(s.pearson, s.pearsonInterval) },
        { "spearman", estimateJson(s.spearman, s.spearmanInterval) }, { "slope", numberOrNull(s.line.slope) },
        { "intercept", numberOrNull(s.line.intercept) } };
    if (!s.line.valid())
        j["line_reason"] = s.line.reason;
    return j;
}

void printGroup(const engine::StudyGroup& group, const std::string& label, std::vector<std::string>& notes)
{
    const analysis::CorrelationSummary& s = group.statistics;
    std::cout << "  " << std::left << std::setw(24) << label << std::setw(5) << s.n << std::setw(9)
              << number(s.pearson.value) << std::setw(20) << interval(s.pearsonInterval) << std::setw(9)
              << number(s.spearman.value) << std::setw(20) << interval(s.spearmanInterval) << std::setw(12)
              << number(s.line.slope) << number(s.line.intercept) << "\n";
    if (!s.pearson.valid())
        notes.push_back(label + ": r and rho n/a: " + s.pearson.reason);
    else if (!s.pearsonInterval.valid())
        notes.push_back(label + ": intervals n/a: " + s.pearsonInterval.reason);
    if (s.pearson.valid() && s.pearsonInterval.skipped > 0)
        notes.push_back(label + ": " + std::to_string(s.pearsonInterval.skipped) + " of "
            + std::to_string(s.pearsonInterval.resamples) + " resamples skipped (zero variance)");
    if (!s.line.valid() && s.pearson.valid())
        notes.push_back(label + ": line n/a: " + s.line.reason);
}

int list(const engine::RunCollection& runs)
{
    std::cout << runs.size() << " runs";
    if (!runs.unreadable().empty())
        std::cout << " (" << runs.unreadable().size() << " more cannot be read)";
    std::cout << "; quantities (name, kind, runs having it, description):\n";
    for (const engine::QuantityInfo& info : runs.quantities())
        std::cout << "  " << std::left << std::setw(40) << info.name << " " << std::setw(7)
                  << (info.kind == engine::QuantityKind::Text ? "text" : "number") << std::setw(5) << info.runs
                  << info.description << "\n";
    for (const engine::UnreadableRun& run : runs.unreadable())
        std::cout << "cannot read " << run.directory << ": " << run.reason << "\n";
    return ExitOk;
}

} // namespace

void StudyCommand::setup(CLI::App& app)
{
    subcommand = app.add_subcommand(
        "study", "Correlate two run-level quantities over many runs (r, rho with bootstrap 95% CI, line)");
    subcommand->add_option("paths", m_paths, "Run directories or folders holding them (searched recursively)")
        ->required();
    subcommand->add_option("--x", m_x, "Quantity on the x axis (see --list)");
    subcommand->add_option("--y", m_y, "Quantity on the y axis (see --list)");
    subcommand->add_option(
        "--group-by", m_groupBy, "Setting to group the runs by (e.g. method.name), statistics per group");
    subcommand->add_option("--csv", m_csv, "Write the points (run, x, y, group)");
    subcommand->add_option("--bootstrap", m_bootstrap, "Bootstrap resamples B")->check(CLI::Range(1, 1000000));
    subcommand->add_option("--seed", m_seed, "Seed of the bootstrap resampling");
    subcommand->add_flag("--list", m_list, "List the quantities of the runs");
    subcommand->add_flag("--json", m_json, "Print the result as JSON");
}

int StudyCommand::execute()
{
    try {
        const engine::RunCollection runs(m_paths);
        if (m_list)
            return list(runs);
        if (m_x.empty() || m_y.empty()) {
            std::cerr << "error: --x and --y are required (or --list)\n";
            return ExitBadInput;
        }
        engine::StudyOptions options { m_x, m_y, m_groupBy, { m_bootstrap, m_seed, 0.95 } };
        const engine::StudyResult result = engine::runStudy(runs, options);

        if (!m_csv.empty()) {
            std::ofstream csv(m_csv);
            csv << "run," << csvField(result.x) << "," << csvField(result.y) << ","
                << csvField(result.groupBy.empty() ? "group" : result.groupBy) << "\n";
            csv << std::setprecision(17);
            for (const engine::StudyPoint& p : result.points)
                csv << csvField(p.run) << "," << p.x << "," << p.y << "," << csvField(p.group) << "\n";
            csv.flush();
            if (!csv) {
                std::cerr << "error: cannot write " << m_csv << "\n";
                return ExitRunFailed;
            }
        }
        if (m_json) {
            json out = { { "x", result.x }, { "y", result.y }, { "group_by", result.groupBy },
                { "bootstrap", { { "resamples", m_bootstrap }, { "seed", m_seed }, { "level", 0.95 } } },
                { "overall", groupJson(result.overall) }, { "groups", json::array() }, { "points", json::array() },
                { "skipped", json::array() } };
            for (const engine::StudyGroup& group : result.groups)
                out["groups"].push_back(groupJson(group));
            for (const engine::StudyPoint& p : result.points)
                out["points"].push_back({ { "run", p.run }, { "x", p.x }, { "y", p.y }, { "group", p.group } });
            for (const engine::SkippedRun& s : result.skipped)
                out["skipped"].push_back({ { "run", s.run }, { "reason", s.reason } });
            std::cout << out.dump(2) << "\n";
            return ExitOk;
        }
        std::cout << "study: y = " << result.y << " against x = " << result.x << ", " << result.points.size()
                  << " runs (" << result.skipped.size() << " skipped); bootstrap B = " << m_bootstrap << ", seed "
                  << m_seed << ", 95% percentile intervals\n";
        std::cout << "  " << std::left << std::setw(24) << (result.groupBy.empty() ? "group" : result.groupBy)
                  << std::setw(5) << "n" << std::setw(9) << "r" << std::setw(20) << "[95% CI]" << std::setw(9) << "rho"
                  << std::setw(20) << "[95% CI]" << std::setw(12) << "slope"
                  << "intercept\n";
        std::vector<std::string> notes;
        for (const engine::StudyGroup& group : result.groups)
            printGroup(group, group.label, notes);
        printGroup(result.overall, "all", notes);
        for (const std::string& note : notes)
            std::cout << "note: " << note << "\n";
        for (const engine::SkippedRun& s : result.skipped)
            std::cout << "skipped " << s.run << ": " << s.reason << "\n";
        return ExitOk;
    } catch (const std::exception& error) {
        std::cerr << "error: " << error.what() << "\n";
        return ExitBadInput;
    }
}

} // namespace mtw::cli
