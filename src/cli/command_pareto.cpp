#include "cli/command_pareto.h"

#include "engine/csv_field.h"
#include "engine/outcome_front.h"
#include "engine/reference_front.h"

#include <charconv>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace mtw::cli {

namespace {

std::vector<std::string> splitList(const std::string& text)
{
    std::vector<std::string> items;
    std::stringstream stream(text);
    std::string item;
    while (std::getline(stream, item, ','))
        if (!item.empty())
            items.push_back(item);
    return items;
}

std::string number(double value)
{
    if (!std::isfinite(value))
        return "n/a";
    std::ostringstream out;
    out << std::setprecision(6) << value;
    return out.str();
}

} // namespace

void ParetoCommand::setup(CLI::App& app)
{
    subcommand = app.add_subcommand(
        "pareto", "The outcome front of many runs: final points, non-dominated ones, hypervolume, IGD");
    subcommand->add_option("paths", m_paths, "Run directories or folders holding them (searched recursively)")
        ->required();
    subcommand->add_option("--objective", m_objective,
        "final.loss (training) or final.<split>.<what>, split train|validation|test, what loss|metric (accuracy, "
        "MSE)|f1 (macro-F1 for classes)|auc|mae (default final.test.metric; metrics where larger is better enter as "
        "1 - metric)");
    subcommand->add_option("--tasks", m_tasks, "Tasks, comma-separated, in axis order (default: every task)");
    subcommand->add_option(
        "--reference", m_reference, "Hypervolume reference point, comma-separated (default: nadir + 10%)");
    subcommand->add_option(
        "--reference-front", m_referenceFront, "CSV of the IGD reference set: header of task names, rows of values");
    subcommand->add_option("--csv", m_csv, "Write the points (run, one column per task, non_dominated)");
    subcommand->add_flag("--json", m_json, "Print the result as JSON");
}

int ParetoCommand::execute()
{
    try {
        const engine::RunCollection runs(m_paths);
        if (runs.size() == 0)
            throw std::invalid_argument("no readable run below the given paths");
        engine::OutcomeFrontOptions options;
        options.objective = m_objective;
        options.tasks = splitList(m_tasks);
        if (options.tasks.empty() && runs.size() > 0)
            options.tasks = runs.run(0).record().taskNames;
        if (!m_reference.empty()) {
            const std::vector<std::string> values = splitList(m_reference);
            Eigen::VectorXd reference(static_cast<Eigen::Index>(values.size()));
            for (std::size_t k = 0; k < values.size(); ++k)
                reference(static_cast<Eigen::Index>(k)) = engine::parseFiniteNumber(values[k], "--reference");
            options.reference = reference;
        }
        if (!m_referenceFront.empty())
            options.referenceFront = engine::readReferenceFront(m_referenceFront, options.tasks);
        const engine::OutcomeFront front = engine::outcomeFront(runs, options);
        if (!m_csv.empty()) {
            std::ofstream csv(m_csv);
            csv << "run";
            for (const std::string& task : front.tasks)
                csv << "," << engine::csvField(task);
            csv << ",non_dominated\n" << std::setprecision(17);
            for (const engine::OutcomePoint& p : front.points) {
                csv << engine::csvField(p.run);
                for (Eigen::Index k = 0; k < p.values.size(); ++k)
                    csv << "," << p.values(k);
                csv << "," << (p.nonDominated ? 1 : 0) << "\n";
            }
            if (!csv.flush()) {
                std::cerr << "error: cannot write " << m_csv << "\n";
                return ExitRunFailed;
            }
        }
        if (m_json) {
            nlohmann::json out = { { "objective", m_objective }, { "tasks", front.tasks }, { "axes", front.axisNames },
                { "points", nlohmann::json::array() }, { "skipped", nlohmann::json::array() } };
            for (const engine::OutcomePoint& p : front.points)
                out["points"].push_back({ { "run", p.run },
                    { "values", std::vector<double>(p.values.data(), p.values.data() + p.values.size()) },
                    { "non_dominated", p.nonDominated } });
            for (const engine::SkippedRun& s : front.skipped)
                out["skipped"].push_back({ { "run", s.run }, { "reason", s.reason } });
            const auto finite = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); };
            out["hypervolume"] = finite(front.hypervolume);
            out["reference"]
                = std::vector<double>(front.reference.data(), front.reference.data() + front.reference.size());
            out["igd"] = finite(front.igd);
            out["igd_plus"] = finite(front.igdPlus);
            std::cout << out.dump(2) << "\n";
            return ExitOk;
        }
        std::cout << "outcome front: " << m_objective << " of " << front.points.size() << " runs ("
                  << front.skipped.size() << " skipped); axes (minimised):";
        for (const std::string& axis : front.axisNames)
            std::cout << " [" << axis << "]";
        std::cout << "\n";
        for (const engine::OutcomePoint& p : front.points) {
            std::cout << (p.nonDominated ? "  * " : "    ") << p.run;
            for (Eigen::Index k = 0; k < p.values.size(); ++k)
                std::cout << "  " << number(p.values(k));
            std::cout << "\n";
        }
        std::cout << "  (* non-dominated)\n";
        if (front.reference.size() > 0) {
            std::cout << "hypervolume: " << number(front.hypervolume) << " with reference (";
            for (Eigen::Index k = 0; k < front.reference.size(); ++k)
                std::cout << (k ? ", " : "") << number(front.reference(k));
            std::cout << ")" << (options.reference ? "" : " = nadir + 10% of the range") << "\n";
        } else if (!front.points.empty()) {
            std::cout << "hypervolume: only for 2 or 3 tasks\n";
        }
        if (options.referenceFront.rows() > 0)
            std::cout << "IGD to the " << options.referenceFront.rows() << " reference points: " << number(front.igd)
                      << "; IGD+: " << number(front.igdPlus) << "\n";
        for (const engine::SkippedRun& s : front.skipped)
            std::cout << "skipped " << s.run << ": " << s.reason << "\n";
        return ExitOk;
    } catch (const std::exception& error) {
        std::cerr << "error: " << error.what() << "\n";
        return ExitBadInput;
    }
}

} // namespace mtw::cli
