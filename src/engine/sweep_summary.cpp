#include "engine/sweep_summary.h"

#include "engine/atomic_file.h"
#include "engine/csv_field.h"
#include "engine/run_collection.h"
#include "engine/run_series.h"
#include "engine/sweep_directory.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

namespace mtw::engine {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const std::vector<std::string>& fixedColumns()
{
    static const std::vector<std::string> columns = { "index", "name", "status", "reason", "steps", "seconds" };
    return columns;
}

// The results a sweep table shows: outcomes and transfer quantities, and the mean of each fixed series.
bool isSummaryQuantity(const std::string& name)
{
    if (name.rfind("final.", 0) == 0 || name.rfind("transfer.", 0) == 0)
        return true;
    for (const std::string& series : RunSeries::fixedSeries())
        if (name == "series." + series + ".mean")
            return true;
    return false;
}

std::string numberText(double value)
{
    char buffer[32];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    return std::string(buffer, end);
}

std::string cellText(const json& value)
{
    if (value.is_null())
        return {};
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_number_float())
        return numberText(value.get<double>());
    return value.dump();
}

json quantityJson(const QuantityValue& value)
{
    if (!value.available)
        return nullptr;
    if (value.kind == QuantityKind::Text)
        return value.text;
    return std::isfinite(value.number) ? json(value.number) : json(nullptr);
}

} // namespace

SweepSummary summarizeSweep(const SweepPlan& plan, const std::string& directory)
{
    SweepSummary summary;
    for (const SweepAxis& axis : plan.axes)
        summary.axisColumns.push_back(axis.key);

    std::vector<std::string> stored; // run directories with a database
    for (const SweepCombination& c : plan.combinations) {
        const std::string run = sweepRunDirectory(directory, c);
        std::error_code error;
        if (fs::exists(run + "/run.sqlite", error) && fs::exists(run + "/experiment.json", error))
            stored.push_back(run);
    }
    std::unique_ptr<RunCollection> collection;
    std::map<std::string, std::size_t> indexOf; // run directory -> collection index
    if (!stored.empty()) {
        collection = std::make_unique<RunCollection>(stored);
        for (std::size_t i = 0; i < collection->size(); ++i)
            indexOf[fs::weakly_canonical(collection->run(i).directory()).string()] = i;
        for (const QuantityInfo& info : collection->quantities())
            if (isSummaryQuantity(info.name))
                summary.resultColumns.push_back(info.name);
    }

    for (const SweepCombination& c : plan.combinations) {
        const std::string run = sweepRunDirectory(directory, c);
        SweepSummaryRow row { &c, readSweepRunStatus(run), {} };
        const auto it = indexOf.find(fs::weakly_canonical(run).string());
        for (const std::string& column : summary.resultColumns)
            row.results.push_back(
                it == indexOf.end() ? QuantityValue::missing("no run") : collection->value(it->second, column));
        summary.rows.push_back(std::move(row));
    }
    return summary;
}

std::vector<std::string> writeSweepSummary(const SweepSummary& summary, const std::string& directory)
{
    std::vector<std::string> columns = fixedColumns();
    columns.insert(columns.end(), summary.axisColumns.begin(), summary.axisColumns.end());
    columns.insert(columns.end(), summary.resultColumns.begin(), summary.resultColumns.end());

    json rows = json::array();
    for (const SweepSummaryRow& row : summary.rows) {
        json r = json::object();
        r["index"] = row.combination->index;
        r["name"] = row.combination->name;
        r["status"] = sweepRunStateName(row.status.state);
        r["reason"] = row.status.reason;
        r["steps"] = row.status.steps >= 0 ? json(row.status.steps) : json(nullptr);
        r["seconds"] = row.status.seconds >= 0 ? json(row.status.seconds) : json(nullptr);
        for (const auto& [key, value] : row.combination->values)
            r[key] = value.is_primitive() ? value : json(value.dump());
        for (std::size_t q = 0; q < summary.resultColumns.size(); ++q)
            r[summary.resultColumns[q]] = quantityJson(row.results[q]);
        rows.push_back(std::move(r));
    }

    std::string csv;
    const auto addLine = [&csv](const std::vector<std::string>& cells) {
        for (std::size_t c = 0; c < cells.size(); ++c) {
            if (c > 0)
                csv += ',';
            csv += csvField(cells[c]);
        }
        csv += '\n';
    };
    addLine(columns);
    for (const json& r : rows) {
        std::vector<std::string> cells;
        for (const std::string& column : columns)
            cells.push_back(cellText(r[column]));
        addLine(cells);
    }
    const std::string csvPath = directory + "/summary.csv";
    const std::string jsonPath = directory + "/summary.json";
    for (const auto& [path, text] :
        { std::pair { csvPath, csv }, { jsonPath, json({ { "columns", columns }, { "rows", rows } }).dump(1) + "\n" } })
        if (const auto error = writeFileAtomically(path, text))
            throw SweepError(*error);
    return { csvPath, jsonPath };
}

} // namespace mtw::engine
