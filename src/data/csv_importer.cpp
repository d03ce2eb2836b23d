#include "data/csv_importer.h"

#include "data/csv_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>

namespace mtw::data {

namespace {
// readHeader reads little more than the header row (the buffer grows for a longer one).
constexpr std::size_t headerBlockBytes = std::size_t(1) << 16;

std::string trim(const std::string& text)
{
    return std::string(trimBlanks(text));
}

enum class Cell { Number, Missing, NonNumeric, OutOfRange };

// A whole cell as one number. std::from_chars rather than strtod: it is several times faster and
// ignores the process locale (the GUI runs in the user's, where strtod may want "1,5").
// strtod's extras that from_chars lacks -- leading white space, a '+', the 0x prefix of
// hexadecimal -- are handled here so files that imported before still do. NaN is not a number.
// Infinities and values beyond float's range are refused, since the data set stores floats and
// an inf would surface later as a diverging loss; so are values beyond double's range either way
// (1e-400 as well as 1e400, as strtod's ERANGE was), while 1e-50 merely rounds to 0.
Cell parseNumber(std::string_view cell, float& value)
{
    std::string_view text = trimBlanks(cell);
    if (text.empty())
        return Cell::Missing;
    // strtod also skipped leading line breaks and other white space (a quoted "\n1" was 1).
    text.remove_prefix(std::min(text.find_first_not_of(" \t\n\v\f\r"), text.size()));
    if (text.empty())
        return Cell::NonNumeric;
    const bool negative = text.front() == '-';
    if (negative || text.front() == '+')
        text.remove_prefix(1);
    auto format = std::chars_format::general;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        text.remove_prefix(2);
        format = std::chars_format::hex;
    }
    if (text.empty() || text.front() == '+' || text.front() == '-')
        return Cell::NonNumeric; // one sign at most, before any 0x
    double number = 0;
    const char* const end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, number, format);
    if (error == std::errc::invalid_argument || stop != end || std::isnan(number))
        return Cell::NonNumeric;
    if (error == std::errc::result_out_of_range || !(number <= static_cast<double>(std::numeric_limits<float>::max())))
        return Cell::OutOfRange; // beyond double (either way), or beyond float
    value = static_cast<float>(negative ? -number : number);
    return Cell::Number;
}

// An integer label as strtoll read it: optional sign, decimal digits, within long long.
bool parseInteger(std::string_view text, long long& value)
{
    const bool plus = !text.empty() && text.front() == '+';
    if (plus)
        text.remove_prefix(1);
    if (text.empty() || (plus && (text.front() < '0' || text.front() > '9')))
        return false;
    const char* const end = text.data() + text.size();
    const auto [stop, error] = std::from_chars(text.data(), end, value);
    return error == std::errc() && stop == end;
}

std::string shown(std::string_view cell)
{
    return cell.size() > 40 ? std::string(cell.substr(0, 40)) + "..." : std::string(cell);
}

struct Header {
    std::vector<std::string> names; // trimmed
    long long line = 0;
};

Header readHeaderRecord(CsvRecordReader& reader)
{
    if (!reader.next())
        throw CsvError(reader.source() + ": empty file (a header row naming the columns is needed)");
    Header header;
    header.line = reader.line();
    for (std::string_view field : reader.fields())
        header.names.emplace_back(trimBlanks(field));
    std::set<std::string_view> seen;
    for (std::size_t c = 0; c < header.names.size(); ++c)
        if (!seen.insert(header.names[c]).second)
            throw CsvError(reader.source() + ":" + std::to_string(header.line) + ":" + std::to_string(c + 1)
                + ": duplicate column '" + header.names[c] + "'");
    return header;
}

// Columns read for features and targets, in the order the options name them.
struct Columns {
    std::vector<std::size_t> features, targets;
    std::optional<std::size_t> group;
};

Columns chooseColumns(const Header& header, const CsvImportOptions& options, const std::string& source)
{
    auto find = [&](const std::string& name) {
        const auto it = std::find(header.names.begin(), header.names.end(), name);
        if (it == header.names.end()) {
            std::string known;
            for (const std::string& column : header.names)
                known += (known.empty() ? "" : ", ") + column;
            throw CsvError(source + ":" + std::to_string(header.line) + ": unknown column '" + name
                + "' (columns: " + known + ")");
        }
        return static_cast<std::size_t>(it - header.names.begin());
    };
    Columns columns;
    for (const CsvTarget& target : options.targets)
        columns.targets.push_back(find(target.column));
    if (!options.groupColumn.empty())
        columns.group = find(options.groupColumn);
    if (options.featureColumns.empty()) {
        for (std::size_t c = 0; c < header.names.size(); ++c)
            if (std::find(columns.targets.begin(), columns.targets.end(), c) == columns.targets.end()
                && columns.group != c)
                columns.features.push_back(c);
    } else {
        for (const std::string& name : options.featureColumns)
            columns.features.push_back(find(name));
    }
    if (columns.features.empty())
        throw CsvError(source + ": no feature columns (every column is a target)");
    return columns;
}

// The distinct labels of one classification target. Rows get provisional ids (order of first
// appearance) while the file streams by; finish() renumbers them in the documented sorted order.
// Only distinct labels are stored as strings.
class LabelTable {
public:
    int idOf(std::string_view label)
    {
        auto it = m_ids.find(label);
        if (it == m_ids.end())
            it = m_ids.emplace(std::string(label), static_cast<int>(m_ids.size())).first;
        return it->second;
    }

    // Class names sorted (numerically when every label is an integer); `labels` renumbered.
    std::vector<std::string> finish(std::vector<int>& labels) const
    {
        struct Entry {
            const std::string* name;
            int provisional;
            long long number;
        };
        std::vector<Entry> entries; // the map's order: lexicographic
        bool integers = true;
        for (const auto& [name, id] : m_ids) {
            long long number = 0;
            integers = integers && parseInteger(name, number);
            entries.push_back({ &name, id, number });
        }
        if (integers) // stable: equal numbers ("7", "07") keep a fixed, lexicographic order
            std::stable_sort(
                entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.number < b.number; });
        std::vector<int> index(entries.size());
        std::vector<std::string> names;
        for (std::size_t k = 0; k < entries.size(); ++k) {
            index[static_cast<std::size_t>(entries[k].provisional)] = static_cast<int>(k);
            names.push_back(*entries[k].name);
        }
        for (int& label : labels)
            if (label != unlabelledClass)
                label = index[static_cast<std::size_t>(label)];
        return names;
    }

private:
    std::map<std::string, int, std::less<>> m_ids;
};

// Sample capacity after `capacity` is full: half as much again. Matrix::conservativeResize that
// keeps the row count of a column-major matrix reallocs (Eigen does so for trivially copyable
// scalars), which for large blocks the allocator does in place (mremap); where it copies, the
// old and new block together stay under 2.5x the final matrix.
Index grownCapacity(Index capacity)
{
    return std::max<Index>(1024, capacity + capacity / 2);
}

// Said after a missing target: the option that reads it as "no label for this task".
constexpr const char* missingTargetHint = " (an empty target cell can mean 'unlabelled for this task': "
                                          "problem.params.unlabelled_targets)";

MultiTaskDataset importRecords(CsvRecordReader& reader, const CsvImportOptions& options, CsvImportReport& out)
{
    out = CsvImportReport();
    const std::string& source = reader.source();
    const Header header = readHeaderRecord(reader);
    if (options.targets.empty())
        throw CsvError(source + ": no target column chosen");
    const Columns columns = chooseColumns(header, options, source);
    const std::size_t d = columns.features.size();
    const std::size_t targetCount = options.targets.size();

    MultiTaskDataset dataset;
    dataset.name = source;
    dataset.features.resize(static_cast<Index>(d), 0);
    for (const CsvTarget& target : options.targets) {
        TaskTargets task;
        task.name = target.column;
        task.kind = target.kind == TargetKind::Classification ? TargetKind::Classification : TargetKind::Regression;
        if (task.kind == TargetKind::Regression)
            task.values.resize(1, 0);
        dataset.tasks.push_back(std::move(task));
    }
    std::vector<LabelTable> tables(targetCount);
    LabelTable groupTable;
    std::string_view groupLabel;

    // One row's cells, converted before anything is appended, so a bad row leaves no trace.
    std::vector<float> values(d + targetCount);
    std::vector<std::string_view> labels(targetCount);
    Index n = 0, capacity = 0;
    while (reader.next()) {
        ++out.rowsRead;
        const std::vector<std::string_view>& fields = reader.fields();
        const long long line = reader.line();
        std::string problem;
        auto where = [&](std::size_t column) {
            return source + ":" + std::to_string(line) + ":" + std::to_string(column + 1) + " (column '"
                + header.names[column] + "')";
        };
        if (fields.size() != header.names.size()) {
            problem = source + ":" + std::to_string(line) + ": ragged row: " + std::to_string(fields.size())
                + " fields, the header has " + std::to_string(header.names.size());
        }
        for (std::size_t k = 0; problem.empty() && k < d + targetCount; ++k) { // features first, as listed
            const std::size_t column = k < d ? columns.features[k] : columns.targets[k - d];
            const std::string_view cell = fields[column];
            if (k >= d && dataset.tasks[k - d].kind == TargetKind::Classification) {
                labels[k - d] = trimBlanks(cell);
                if (labels[k - d].empty() && !options.unlabelledTargets)
                    problem = where(column) + ": missing value" + missingTargetHint;
                continue;
            }
            switch (parseNumber(cell, values[k])) {
            case Cell::Number:
                break;
            case Cell::Missing:
                if (k >= d && options.unlabelledTargets)
                    values[k] = std::numeric_limits<float>::quiet_NaN(); // no label for this task
                else
                    problem = where(column) + ": missing value" + (k >= d ? missingTargetHint : "");
                break;
            case Cell::NonNumeric:
                problem = where(column) + ": non-numeric value '" + shown(cell) + "'";
                break;
            case Cell::OutOfRange:
                problem = where(column) + ": value '" + shown(cell) + "' is out of range for 32-bit floats";
                break;
            }
        }
        if (problem.empty() && columns.group) {
            groupLabel = trimBlanks(fields[*columns.group]);
            if (groupLabel.empty())
                problem = where(*columns.group) + ": missing group";
        }
        if (!problem.empty()) {
            if (!options.skipBadRows)
                throw CsvError(problem);
            ++out.rowsSkipped;
            if (out.skippedReasons.size() < static_cast<std::size_t>(CsvImporter::reportedSkips))
                out.skippedReasons.push_back(problem);
            continue;
        }
        if (n == capacity) {
            capacity = grownCapacity(capacity);
            dataset.features.conservativeResize(static_cast<Index>(d), capacity);
            for (TaskTargets& task : dataset.tasks)
                if (task.kind == TargetKind::Regression)
                    task.values.conservativeResize(1, capacity);
        }
        std::copy_n(values.data(), d, dataset.features.col(n).data());
        for (std::size_t t = 0; t < targetCount; ++t) {
            TaskTargets& task = dataset.tasks[t];
            if (task.kind == TargetKind::Classification)
                task.labels.push_back(labels[t].empty() ? unlabelledClass : tables[t].idOf(labels[t]));
            else
                task.values(0, n) = values[d + t];
        }
        if (columns.group)
            dataset.groups.push_back(groupTable.idOf(groupLabel));
        ++n;
    }
    if (n == 0)
        throw CsvError(source + ": no data rows"
            + (out.rowsSkipped > 0 ? " (all " + std::to_string(out.rowsSkipped) + " rows were skipped as bad)"
                                   : std::string()));

    dataset.features.conservativeResize(static_cast<Index>(d), n); // gives back the spare capacity
    out.classNames.assign(targetCount, {});
    for (std::size_t t = 0; t < targetCount; ++t) {
        TaskTargets& task = dataset.tasks[t];
        if (task.kind == TargetKind::Regression) {
            task.values.conservativeResize(1, n);
            continue;
        }
        out.classNames[t] = tables[t].finish(task.labels);
        task.classCount = static_cast<int>(out.classNames[t].size());
        if (task.classCount < 2)
            throw CsvError(source + ": classification target '" + task.name + "' has a single class");
    }
    if (columns.group)
        out.groupNames = groupTable.finish(dataset.groups);
    splitBySeed(dataset, options.validationFraction, options.testFraction, options.seed);
    if (dataset.train.empty())
        throw CsvError(source + ": no rows left for training after the validation/test split");
    if (options.standardize)
        standardizeFeatures(dataset);
    return dataset;
}
} // namespace

std::vector<CsvImporter::Record> CsvImporter::parseRecords(const std::string& text, const std::string& source)
{
    CsvRecordReader reader(text, source);
    std::vector<Record> records;
    while (reader.next()) {
        Record record;
        record.line = reader.line();
        record.fields.assign(reader.fields().begin(), reader.fields().end());
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

std::vector<std::string> CsvImporter::readHeader(const std::string& path)
{
    CsvRecordReader reader(path, headerBlockBytes);
    return readHeaderRecord(reader).names;
}

MultiTaskDataset CsvImporter::importFile(
    const std::string& path, const CsvImportOptions& options, CsvImportReport* report)
{
    CsvImportReport local;
    CsvRecordReader reader(path, options.readBlockBytes);
    return importRecords(reader, options, report ? *report : local);
}

MultiTaskDataset CsvImporter::importText(
    const std::string& text, const std::string& source, const CsvImportOptions& options, CsvImportReport* report)
{
    CsvImportReport local;
    CsvRecordReader reader(text, source);
    return importRecords(reader, options, report ? *report : local);
}

} // namespace mtw::data
