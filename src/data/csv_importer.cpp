#include "data/csv_importer.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace mtw::data {

namespace {
std::string trim(const std::string& text)
{
    const std::size_t begin = text.find_first_not_of(" \t");
    if (begin == std::string::npos)
        return {};
    const std::size_t end = text.find_last_not_of(" \t");
    return text.substr(begin, end - begin + 1);
}

// A whole-cell number: strtod must consume everything but surrounding blanks; non-finite
// values are refused (they would poison the statistics).
bool parseNumber(const std::string& cell, double& value)
{
    const std::string text = trim(cell);
    if (text.empty())
        return false;
    char* end = nullptr;
    errno = 0;
    value = std::strtod(text.c_str(), &end);
    return end == text.c_str() + text.size() && errno != ERANGE && std::isfinite(value);
}

bool parseInteger(const std::string& text, long long& value)
{
    if (text.empty())
        return false;
    char* end = nullptr;
    errno = 0;
    value = std::strtoll(text.c_str(), &end, 10);
    return end == text.c_str() + text.size() && errno != ERANGE;
}

std::string shown(const std::string& cell)
{
    return cell.size() > 40 ? cell.substr(0, 40) + "..." : cell;
}
} // namespace

std::vector<CsvImporter::Record> CsvImporter::parseRecords(const std::string& text, const std::string& source)
{
    std::vector<Record> records;
    std::size_t i = 0;
    if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0)
        i = 3;
    long long line = 1;
    while (i < text.size()) {
        Record record;
        record.line = line;
        std::string field;
        bool endOfRecord = false;
        while (!endOfRecord) {
            field.clear();
            if (i < text.size() && text[i] == '"') {
                const long long quoteLine = line;
                ++i;
                bool closed = false;
                while (i < text.size()) {
                    const char c = text[i++];
                    if (c == '"') {
                        if (i < text.size() && text[i] == '"') {
                            field.push_back('"');
                            ++i;
                        } else {
                            closed = true;
                            break;
                        }
                    } else {
                        if (c == '\n')
                            ++line;
                        field.push_back(c);
                    }
                }
                if (!closed)
                    throw CsvError(source + ":" + std::to_string(quoteLine) + ":" + std::to_string(record.fields.size() + 1)
                        + ": unterminated quoted field");
                // After a closing quote only blanks, a delimiter or the line end may follow.
                while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
                    ++i;
                if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
                    throw CsvError(source + ":" + std::to_string(line) + ":" + std::to_string(record.fields.size() + 1)
                        + ": unexpected character after a closing quote");
            } else {
                while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
                    field.push_back(text[i++]);
            }
            record.fields.push_back(field);
            if (i >= text.size()) {
                endOfRecord = true;
            } else if (text[i] == ',') {
                ++i;
            } else {
                if (text[i] == '\r')
                    ++i;
                if (i < text.size() && text[i] == '\n')
                    ++i;
                ++line;
                endOfRecord = true;
            }
        }
        const bool blank = record.fields.size() == 1 && trim(record.fields[0]).empty();
        if (!blank)
            records.push_back(std::move(record));
    }
    return records;
}

std::vector<std::string> CsvImporter::parseColumns(const std::string& list)
{
    std::vector<std::string> names;
    std::stringstream stream(list);
    std::string item;
    while (std::getline(stream, item, ','))
        if (!trim(item).empty())
            names.push_back(trim(item));
    return names;
}

std::vector<CsvTarget> CsvImporter::parseTargets(const std::string& list)
{
    std::vector<CsvTarget> targets;
    for (const std::string& item : parseColumns(list)) {
        const std::size_t colon = item.rfind(':');
        CsvTarget target;
        target.column = trim(item.substr(0, colon));
        const std::string kind = colon == std::string::npos ? "regression" : trim(item.substr(colon + 1));
        if (kind == "regression")
            target.kind = TargetKind::Regression;
        else if (kind == "classification")
            target.kind = TargetKind::Classification;
        else
            throw std::invalid_argument("target '" + item + "': kind must be regression or classification");
        if (target.column.empty())
            throw std::invalid_argument("target '" + item + "': empty column name");
        targets.push_back(target);
    }
    return targets;
}

MultiTaskDataset CsvImporter::importFile(const std::string& path, const CsvImportOptions& options, CsvImportReport* report)
{
    std::ifstream file(path, std::ios::binary);
    if (!file)
        throw CsvError(path + ": cannot open file");
    std::stringstream buffer;
    buffer << file.rdbuf();
    return importText(buffer.str(), path, options, report);
}

MultiTaskDataset CsvImporter::importText(
    const std::string& text, const std::string& source, const CsvImportOptions& options, CsvImportReport* report)
{
    CsvImportReport local;
    CsvImportReport& out = report ? *report : local;
    out = CsvImportReport();
    const std::vector<Record> records = parseRecords(text, source);
    if (records.empty())
        throw CsvError(source + ": empty file (a header row naming the columns is needed)");
    if (options.targets.empty())
        throw CsvError(source + ": no target column chosen");
    const Record& header = records.front();
    std::map<std::string, std::size_t> columnOf;
    for (std::size_t c = 0; c < header.fields.size(); ++c) {
        const std::string name = trim(header.fields[c]);
        if (!columnOf.emplace(name, c).second)
            throw CsvError(source + ":" + std::to_string(header.line) + ":" + std::to_string(c + 1) + ": duplicate column '" + name + "'");
    }
    auto find = [&](const std::string& name) {
        auto it = columnOf.find(name);
        if (it == columnOf.end()) {
            std::string known;
            for (const std::string& field : header.fields)
                known += (known.empty() ? "" : ", ") + trim(field);
            throw CsvError(source + ":" + std::to_string(header.line) + ": unknown column '" + name + "' (columns: " + known + ")");
        }
        return it->second;
    };
    std::vector<std::size_t> targetColumns;
    for (const CsvTarget& target : options.targets)
        targetColumns.push_back(find(target.column));
    std::vector<std::size_t> featureColumns;
    if (options.featureColumns.empty()) {
        for (std::size_t c = 0; c < header.fields.size(); ++c)
            if (std::find(targetColumns.begin(), targetColumns.end(), c) == targetColumns.end())
                featureColumns.push_back(c);
    } else {
        for (const std::string& name : options.featureColumns)
            featureColumns.push_back(find(name));
    }
    if (featureColumns.empty())
        throw CsvError(source + ": no feature columns (every column is a target)");

    // Pass 1: validate rows; keep the good ones.
    std::vector<const Record*> rows;
    auto where = [&](const Record& record, std::size_t column) {
        return source + ":" + std::to_string(record.line) + ":" + std::to_string(column + 1) + " (column '" + trim(header.fields[column]) + "')";
    };
    std::vector<std::vector<double>> numbers;
    for (std::size_t r = 1; r < records.size(); ++r) {
        const Record& record = records[r];
        ++out.rowsRead;
        std::string problem;
        std::vector<double> row;
        if (record.fields.size() != header.fields.size()) {
            problem = source + ":" + std::to_string(record.line) + ": ragged row: " + std::to_string(record.fields.size())
                + " fields, the header has " + std::to_string(header.fields.size());
        } else {
            auto check = [&](std::size_t column, bool numeric) {
                if (!problem.empty())
                    return;
                const std::string& cell = record.fields[column];
                double value = 0;
                if (trim(cell).empty())
                    problem = where(record, column) + ": missing value";
                else if (numeric && !parseNumber(cell, value))
                    problem = where(record, column) + ": non-numeric value '" + shown(cell) + "'";
                row.push_back(value);
            };
            for (std::size_t c : featureColumns)
                check(c, true);
            for (std::size_t t = 0; t < targetColumns.size(); ++t)
                check(targetColumns[t], options.targets[t].kind != TargetKind::Classification);
        }
        if (!problem.empty()) {
            if (!options.skipBadRows)
                throw CsvError(problem);
            ++out.rowsSkipped;
            if (out.skippedReasons.size() < static_cast<std::size_t>(reportedSkips))
                out.skippedReasons.push_back(problem);
            continue;
        }
        rows.push_back(&record);
        numbers.push_back(std::move(row));
    }
    if (rows.empty())
        throw CsvError(source + ": no data rows" + (out.rowsSkipped > 0 ? " (all " + std::to_string(out.rowsSkipped) + " rows were skipped as bad)" : std::string()));

    MultiTaskDataset dataset;
    dataset.name = source;
    const Index n = static_cast<Index>(rows.size());
    const Index d = static_cast<Index>(featureColumns.size());
    dataset.features.resize(d, n);
    for (Index i = 0; i < n; ++i)
        for (Index f = 0; f < d; ++f)
            dataset.features(f, i) = static_cast<core::Scalar>(numbers[static_cast<std::size_t>(i)][static_cast<std::size_t>(f)]);
    out.classNames.assign(options.targets.size(), {});
    for (std::size_t t = 0; t < options.targets.size(); ++t) {
        TaskTargets task;
        task.name = options.targets[t].column;
        task.kind = options.targets[t].kind;
        const std::size_t column = targetColumns[t];
        if (task.kind == TargetKind::Classification) {
            std::vector<std::string> labels;
            for (const Record* record : rows)
                labels.push_back(trim(record->fields[column]));
            std::set<std::string> distinct(labels.begin(), labels.end());
            std::vector<std::string> names(distinct.begin(), distinct.end());
            long long dummy = 0;
            const bool integers = std::all_of(names.begin(), names.end(), [&](const std::string& s) { return parseInteger(s, dummy); });
            if (integers)
                std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) { return std::stoll(a) < std::stoll(b); });
            std::map<std::string, int> index;
            for (std::size_t k = 0; k < names.size(); ++k)
                index[names[k]] = static_cast<int>(k);
            for (const std::string& label : labels)
                task.labels.push_back(index[label]);
            task.classCount = static_cast<int>(names.size());
            if (task.classCount < 2)
                throw CsvError(source + ": classification target '" + task.name + "' has a single class");
            out.classNames[t] = names;
        } else {
            task.kind = TargetKind::Regression;
            task.values.resize(1, n);
            for (Index i = 0; i < n; ++i)
                task.values(0, i) = static_cast<core::Scalar>(numbers[static_cast<std::size_t>(i)][static_cast<std::size_t>(d) + t]);
        }
        dataset.tasks.push_back(std::move(task));
    }
    splitBySeed(dataset, options.validationFraction, options.testFraction, options.seed);
    if (dataset.train.empty())
        throw CsvError(source + ": no rows left for training after the validation/test split");
    if (options.standardize)
        standardizeFeatures(dataset);
    return dataset;
}

} // namespace mtw::data
