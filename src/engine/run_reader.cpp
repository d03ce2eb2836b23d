#include "engine/run_reader.h"

#include "engine/parameter_blob.h"
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

std::vector<std::string> readTaskNames(ReadOnlyDatabase& db)
{
    std::vector<std::string> names;
    Statement tasks(db, "SELECT name FROM tasks ORDER BY task");
    while (tasks.next())
        names.push_back(tasks.text(0));
    return names;
}

std::vector<EvaluationRecord> readEvaluations(ReadOnlyDatabase& db, long long after, long long upTo)
{
    std::vector<EvaluationRecord> records;
    Statement rows(db,
        "SELECT step, split, task, loss, metric, metric_name FROM evaluations WHERE step > ?1 AND step <= ?2 ORDER BY "
        "step, rowid");
    rows.bind(1, after);
    rows.bind(2, upTo);
    while (rows.next()) {
        const long long step = rows.integer(0);
        const problem::Split split = splitFromName(rows.text(1));
        if (records.empty() || records.back().step != step || records.back().split != split)
            records.push_back(EvaluationRecord { step, split, {} });
        const std::string metric = rows.text(5);
        records.back().tasks.push_back(
            { rows.real(3), rows.real(4), metric, problem::higherIsBetterMetric(metric), {} });
    }
    if (records.empty() || !hasTable(db, "evaluation_metrics")) // stores written before F1 and AUC
        return records;
    std::map<std::pair<long long, std::string>, EvaluationRecord*> byStepAndSplit;
    for (EvaluationRecord& record : records)
        byStepAndSplit[{ record.step, splitName(record.split) }] = &record;
    Statement more(db,
        "SELECT step, split, task, name, value FROM evaluation_metrics WHERE step > ?1 AND step <= ?2 ORDER BY "
        "step, split, task, rowid");
    more.bind(1, after);
    more.bind(2, upTo);
    while (more.next()) {
        const auto record = byStepAndSplit.find({ more.integer(0), more.text(1) });
        const long long task = more.integer(2);
        // A row without its evaluation (a hand-edited store) has nowhere to go and is left out.
        if (record == byStepAndSplit.end() || task < 0 || task >= static_cast<long long>(record->second->tasks.size()))
            continue;
        const std::string name = more.text(3);
        record->second->tasks[static_cast<std::size_t>(task)].moreMetrics.push_back(
            { name, more.real(4), problem::higherIsBetterMetric(name) });
    }
    return records;
}

bool hasTable(ReadOnlyDatabase& db, const std::string& name)
{
    Statement table(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?1");
    table.bind(1, name);
    return table.next() && table.integer(0) > 0;
}

bool hasFactorTable(ReadOnlyDatabase& db)
{
    return hasTable(db, "factors");
}

std::vector<ParameterRecord> readParameterRecords(ReadOnlyDatabase& db, long long after, long long upTo)
{
    std::vector<ParameterRecord> records;
    if (!hasTable(db, "parameters"))
        return records;
    Statement rows(
        db, "SELECT step, count, encoding, data FROM parameters WHERE step > ?1 AND step <= ?2 ORDER BY step");
    rows.bind(1, after);
    rows.bind(2, upTo);
    while (rows.next()) {
        const long long step = rows.integer(0);
        const std::string encoding = rows.text(2);
        if (encoding != parameterBlobEncoding)
            db.fail("the parameters of step " + std::to_string(step) + " are in encoding '" + encoding + "', not "
                + parameterBlobEncoding);
        const std::string blob = rows.blob(3);
        try {
            records.push_back({ step, decodeParameters(blob.data(), blob.size(), rows.integer(1)) });
        } catch (const ParameterBlobError& error) {
            db.fail("the parameters of step " + std::to_string(step) + ": " + error.what());
        }
    }
    return records;
}

std::vector<long long> storedParameterSteps(const std::string& directory)
{
    ReadOnlyDatabase db(directory + "/run.sqlite");
    std::vector<long long> steps;
    if (!hasTable(db, "parameters"))
        return steps;
    Statement rows(db, "SELECT step FROM parameters ORDER BY step");
    while (rows.next())
        steps.push_back(rows.integer(0));
    return steps;
}

Eigen::VectorXf storedParameters(const std::string& directory, long long step)
{
    ReadOnlyDatabase db(directory + "/run.sqlite");
    std::vector<ParameterRecord> records = readParameterRecords(db, step - 1, step);
    if (records.empty())
        throw RunStoreError("'" + db.path() + "' stores no parameters after " + std::to_string(step) + " steps");
    return std::move(records.front().values);
}

std::vector<FactorRecord> readFactors(
    ReadOnlyDatabase& db, long long after, long long upTo, bool withMagnitudeSimilarity)
{
    std::vector<FactorRecord> records;
    if (!hasFactorTable(db))
        return records;
    Statement rows(db,
        withMagnitudeSimilarity
            ? "SELECT step, task, name, value FROM factors WHERE step > ?1 AND step <= ?2 ORDER BY step, task, name"
            : "SELECT step, task, name, value FROM factors WHERE step > ?1 AND step <= ?2 AND name != "
              "'magnitude_similarity' "
              "ORDER BY step, task, name");
    rows.bind(1, after);
    rows.bind(2, upTo);
    while (rows.next())
        records.push_back({ rows.integer(0), static_cast<int>(rows.integer(1)), rows.text(2), rows.real(3) });
    return records;
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
    run.taskNames = readTaskNames(db);
    run.evaluations = readEvaluations(db);
    return run;
}

} // namespace mtw::engine
