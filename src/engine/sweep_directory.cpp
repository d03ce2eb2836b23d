#include "engine/sweep_directory.h"

#include "engine/atomic_file.h"
#include "engine/experiment_error.h"
#include "engine/strict_json.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace mtw::engine {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::string sweepFile(const std::string& directory)
{
    return directory + "/" + sweepFileName;
}

json planToJson(const SweepPlan& plan)
{
    json axes = json::array();
    for (const SweepAxis& axis : plan.axes)
        axes.push_back(sweepAxisToJson(axis));
    json combinations = json::array();
    for (const SweepCombination& c : plan.combinations) {
        json values = json::array();
        for (const auto& [key, value] : c.values)
            values.push_back({ key, value });
        combinations.push_back({ { "index", c.index }, { "name", c.name }, { "values", values },
            { "experiment", json::parse(experimentToJsonText(c.experiment)) } });
    }
    return { { "schema", sweepSchemaName }, { "name", plan.name }, { "experiment_file", plan.document },
        { "axes", axes }, { "combinations", combinations } };
}

// Threads never change a run's results (fixed-order reductions) and are set per host.
Experiment withoutThreads(Experiment experiment)
{
    experiment.threads = 0;
    return experiment;
}

void checkSamePlan(const SweepPlan& stored, const SweepPlan& plan, const std::string& file)
{
    const std::string advice = ": use another --out for another sweep";
    if (stored.combinations.size() != plan.combinations.size())
        throw SweepError(file + " holds another sweep: " + std::to_string(stored.combinations.size())
            + " combinations there, " + std::to_string(plan.combinations.size()) + " in this file" + advice);
    for (std::size_t i = 0; i < plan.combinations.size(); ++i) {
        const SweepCombination& a = stored.combinations[i];
        const SweepCombination& b = plan.combinations[i];
        if (a.name != b.name)
            throw SweepError(file + " holds another sweep: combination " + std::to_string(i) + " is '" + a.name
                + "' there, '" + b.name + "' in this file" + advice);
        const std::string difference
            = firstDifference(withoutThreads(a.experiment), withoutThreads(b.experiment), "in " + file, "in this file");
        if (!difference.empty())
            throw SweepError(file + " holds another sweep: combination " + std::to_string(i) + " '" + a.name
                + "' differs: " + difference + advice);
    }
}

} // namespace

std::string sweepRunDirectory(const std::string& directory, const SweepCombination& combination)
{
    return directory + "/" + combination.name;
}

void claimSweepDirectory(const SweepPlan& plan, const std::string& directory)
{
    const std::string file = sweepFile(directory);
    std::error_code error;
    if (fs::exists(file, error)) {
        checkSamePlan(readSweepDirectory(directory), plan, file);
        return;
    }
    if (fs::exists(directory, error)) {
        if (!fs::is_directory(directory, error))
            throw SweepError("'" + directory + "' exists and is not a directory");
        if (!fs::is_empty(directory, error))
            throw SweepError("'" + directory + "' is not empty and holds no " + sweepFileName
                + ": a sweep needs a new or empty directory");
    } else if (!fs::create_directories(directory, error)) {
        throw SweepError("cannot create the sweep directory '" + directory + "': " + error.message());
    }
    if (const auto failure = writeFileAtomically(file, planToJson(plan).dump(1) + "\n"))
        throw SweepError(*failure);
}

SweepPlan readSweepDirectory(const std::string& directory)
{
    const std::string file = sweepFile(directory);
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw SweepError(
            "'" + directory + "' is not a sweep directory: " + sweepFileName + " is missing or unreadable");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    try {
        const json document = parseStrictJson(buffer.str());
        if (!document.is_object() || document.value("schema", "") != sweepSchemaName)
            throw SweepError(file + ": not a sweep plan (schema '" + std::string(sweepSchemaName) + "' expected)");
        SweepPlan plan;
        plan.name = document.at("name").get<std::string>();
        plan.document = document.at("experiment_file");
        for (const json& a : document.at("axes")) {
            SweepAxis axis;
            axis.key = a.at("key").get<std::string>();
            axis.values = a.at("values").get<std::vector<json>>();
            axis.labels = a.at("labels").get<std::vector<std::string>>();
            axis.prefix = a.at("prefix").get<std::string>();
            axis.zip = a.at("zip").get<std::string>();
            plan.axes.push_back(std::move(axis));
        }
        for (const json& c : document.at("combinations")) {
            SweepCombination combination;
            combination.index = c.at("index").get<std::size_t>();
            combination.name = c.at("name").get<std::string>();
            if (combination.index != plan.combinations.size() || combination.name.empty()
                || combination.name.find('/') != std::string::npos || combination.name[0] == '.')
                throw SweepError(file + ": combination " + std::to_string(plan.combinations.size()) + " is malformed");
            for (const json& pair : c.at("values"))
                combination.values.emplace_back(pair.at(0).get<std::string>(), pair.at(1));
            try {
                combination.experiment = experimentFromJsonText(c.at("experiment").dump());
            } catch (const ExperimentError& error) {
                throw SweepError(file + ": combination " + std::to_string(combination.index) + ": " + error.what());
            }
            plan.combinations.push_back(std::move(combination));
        }
        return plan;
    } catch (const ExperimentError& error) {
        throw SweepError(file + ": " + error.what());
    } catch (const json::exception& error) {
        throw SweepError(file + ": malformed sweep plan (" + std::string(error.what()) + ")");
    }
}

} // namespace mtw::engine
