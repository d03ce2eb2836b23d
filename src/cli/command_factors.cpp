#include "cli/command_factors.h"

#include "engine/csv_field.h"
#include "engine/factor_probe.h"
#include "engine/read_only_database.h"
#include "engine/run_reader.h"
#include "engine/run_store.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <limits>
#include <map>
#include <set>

namespace mtw::cli {

void printFactorCatalogue(std::ostream& out)
{
    out << "Trajectory factors (experiment key diagnostics.factors; engine/factor_probe.h).\n"
        << "Measured on the first `samples` training samples, at step 0, 1, 2, 4, ... below `every`, every `every`\n"
        << "steps and at the end; per task, and for the total loss where marked. Costs are in gradients of\n"
        << "one loss on that sample (one backward pass).\n\n";
    for (const engine::FactorDescription& factor : engine::FactorProbe::catalogue()) {
        out << "  " << factor.name << (factor.perExample ? "  [hard-sharing networks]" : "") << "\n"
            << "      " << factor.meaning << "\n"
            << "      cost: " << factor.cost << "\n";
    }
}

void FactorsCommand::setup(CLI::App& app)
{
    subcommand = app.add_subcommand("factors", "Print a run's trajectory factors as CSV (diagnostics.factors)");
    subcommand->add_option("run", m_run, "Run directory")->required();
    subcommand->add_option("--task", m_task, "Only this task (a task name, or 'total')");
    subcommand->add_option("--factor", m_factor, "Only this factor (e.g. sharpness, coherence)");
}

int FactorsCommand::execute()
{
    std::vector<engine::FactorRecord> records;
    std::vector<std::string> taskNames;
    try {
        engine::ReadOnlyDatabase db(m_run + "/run.sqlite");
        taskNames = engine::readTaskNames(db);
        const bool similarity = m_factor == "magnitude_similarity";
        records = engine::readFactors(db, -1, std::numeric_limits<long long>::max(), similarity);
    } catch (const std::exception& error) {
        std::cerr << "error: " << error.what() << "\n";
        return ExitBadInput;
    }
    const auto taskName = [&](int task) {
        return task >= 0 && task < static_cast<int>(taskNames.size()) ? taskNames[static_cast<std::size_t>(task)]
                                                                      : std::string("total");
    };
    if (!m_task.empty() && m_task != "total"
        && std::find(taskNames.begin(), taskNames.end(), m_task) == taskNames.end()) {
        std::string known;
        for (const std::string& name : taskNames)
            known += name + ", ";
        std::cerr << "error: --task: the run has no task '" << m_task << "' (tasks: " << known << "total)\n";
        return ExitBadInput;
    }
    std::set<std::string> names;
    std::map<std::pair<long long, int>, std::map<std::string, double>> rows;
    for (const engine::FactorRecord& r : records) {
        if ((!m_factor.empty() && r.name != m_factor) || (!m_task.empty() && taskName(r.task) != m_task))
            continue;
        names.insert(r.name);
        rows[{ r.step, r.task }][r.name] = r.value;
    }
    if (rows.empty()) {
        std::cerr << "error: '" << m_run << "' has no trajectory factors"
                  << (m_factor.empty() ? "" : " named '" + m_factor + "'")
                  << " (turn them on with diagnostics.factors.every; `mtw-cli run --list-diagnostics` lists them)\n";
        return ExitBadInput;
    }
    std::cout << "step,task";
    for (const std::string& name : names)
        std::cout << "," << engine::csvField(name);
    std::cout << "\n" << std::setprecision(17);
    for (const auto& [key, values] : rows) {
        std::cout << key.first << "," << engine::csvField(taskName(key.second));
        for (const std::string& name : names) {
            const auto it = values.find(name);
            std::cout << ",";
            if (it != values.end() && std::isfinite(it->second))
                std::cout << it->second;
        }
        std::cout << "\n";
    }
    return ExitOk;
}

} // namespace mtw::cli
