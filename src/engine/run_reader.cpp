#include "engine/run_reader.h"

#include "engine/read_only_database.h"
#include "engine/run_store.h"

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

namespace mtw::engine {

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
    ReadOnlyDatabase db(directory + "/run.sqlite");
    Statement tasks(db, "SELECT name FROM tasks ORDER BY task");
    while (tasks.next())
        run.taskNames.push_back(tasks.text(0));

    Statement rows(db, "SELECT step, split, task, loss, metric, metric_name FROM evaluations ORDER BY step, split, task");
    std::map<std::pair<long long, std::string>, EvaluationRecord> byKey;
    std::vector<std::pair<long long, std::string>> order;
    while (rows.next()) {
        const long long step = rows.integer(0);
        const std::string split = rows.text(1);
        const auto key = std::make_pair(step, split);
        auto it = byKey.find(key);
        if (it == byKey.end()) {
            it = byKey.emplace(key, EvaluationRecord { step, splitFromName(split), {} }).first;
            order.push_back(key);
        }
        const std::string metricName = rows.text(5);
        it->second.tasks.push_back({ rows.real(3), rows.real(4), metricName, problem::higherIsBetterMetric(metricName) });
    }
    for (const auto& key : order)
        run.evaluations.push_back(std::move(byKey[key]));
    return run;
}

} // namespace mtw::engine
