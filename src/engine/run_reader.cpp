#include "engine/run_reader.h"

#include "engine/read_only_database.h"
#include "engine/run_store.h"

#include <sqlite3.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

namespace mtw::engine {

namespace {

problem::Split splitFromName(const std::string& name)
{
    if (name == "train")
        return problem::Split::Train;
    if (name == "test")
        return problem::Split::Test;
    return problem::Split::Validation;
}

std::string columnText(sqlite3_stmt* statement, int column)
{
    const unsigned char* text = sqlite3_column_text(statement, column);
    return text ? reinterpret_cast<const char*>(text) : "";
}

} // namespace

std::vector<const EvaluationRecord*> RunRecord::split(problem::Split which) const
{
    std::vector<const EvaluationRecord*> result;
    for (const EvaluationRecord& record : evaluations)
        if (record.split == which)
            result.push_back(&record);
    return result;
}

RunRecord readRun(const std::string& directory)
{
    RunRecord run;
    run.directory = directory;
    try {
        run.experiment = loadExperiment(directory + "/experiment.json");
    } catch (const std::exception& error) {
        throw RunStoreError(std::string("not a run directory: ") + error.what());
    }
    {
        std::ifstream in(directory + "/summary.json");
        if (in) {
            const nlohmann::json summary = nlohmann::json::parse(in, nullptr, false);
            if (summary.is_object())
                run.status = summary.value("status", "");
        }
    }
    const std::string path = directory + "/run.sqlite";
    ReadOnlyDatabase db(path);
    sqlite3_stmt* tasks = db.prepare("SELECT name FROM tasks ORDER BY task");
    while (sqlite3_step(tasks) == SQLITE_ROW)
        run.taskNames.push_back(columnText(tasks, 0));
    sqlite3_finalize(tasks);

    sqlite3_stmt* rows = db.prepare(
        "SELECT step, split, task, loss, metric, metric_name FROM evaluations ORDER BY step, split, task");
    std::map<std::pair<long long, std::string>, EvaluationRecord> byKey;
    std::vector<std::pair<long long, std::string>> order;
    while (sqlite3_step(rows) == SQLITE_ROW) {
        const long long step = sqlite3_column_int64(rows, 0);
        const std::string split = columnText(rows, 1);
        const auto key = std::make_pair(step, split);
        auto it = byKey.find(key);
        if (it == byKey.end()) {
            it = byKey.emplace(key, EvaluationRecord { step, splitFromName(split), {} }).first;
            order.push_back(key);
        }
        const auto nullable = [&](int column) {
            return sqlite3_column_type(rows, column) == SQLITE_NULL ? std::nan("") : sqlite3_column_double(rows, column);
        };
        const std::string metricName = columnText(rows, 5);
        it->second.tasks.push_back({ nullable(3), nullable(4), metricName, metricName == "accuracy" || metricName == "f1" });
    }
    sqlite3_finalize(rows);
    for (const auto& key : order)
        run.evaluations.push_back(std::move(byKey[key]));
    return run;
}

} // namespace mtw::engine
