#pragma once
// Import of a user's CSV file as a multi-task data set: chosen feature columns, and target columns
// that are each a regression or a classification task; bad rows are reported by line and column.
//
// Format: RFC 4180 style -- a header row naming the columns, comma-separated fields, fields in
// double quotes may contain commas, line breaks and doubled quotes (""); CRLF or LF line ends;
// a UTF-8 byte-order mark is ignored; blank lines are ignored. Numbers are read the same in
// every locale: decimal with optional exponent or 0x hexadecimal, an optional sign, blanks
// around the number ignored.
// The user picks feature columns (default: every column that is not a target) and one or more
// target columns, each a regression task (numeric) or a classification task (labels: integers
// or strings, mapped to class indices in sorted order -- numeric order when every label is an
// integer). Features are standardized with the training split's mean and standard deviation;
// rows are split train/validation/test by a seeded permutation (data::splitBySeed).
//
// Nothing is silently dropped: a ragged row, a missing value (unless unlabelledTargets reads an
// empty target cell as "unlabelled for that task"), a non-numeric cell or a number
// that does not fit a 32-bit float (1e39, inf; features and targets are stored as float) is an
// error naming file, line and column ("data.csv:17:3 (column 'age'): non-numeric value 'abc'").
// With skipBadRows such rows are skipped instead, counted, and the first few reasons reported.
// Structural problems (empty file, no data rows, unknown or duplicate column, unterminated
// quote) are errors in both modes.
//
// The file is streamed (csv_reader.h): peak memory is the feature matrix and targets being
// built plus one read block, whatever the file's size.
#include "data/multi_task_dataset.h"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace mtw::data {

class CsvError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct CsvTarget {
    std::string column;
    TargetKind kind = TargetKind::Regression; // Regression or Classification
};

struct CsvImportOptions {
    std::vector<std::string> featureColumns; // empty: all columns that are not targets
    std::vector<CsvTarget> targets;
    // A column of sample groups (integers or strings, numbered like class labels): the data set's
    // groups, for the worst-group accuracy; never a feature unless featureColumns names it. Empty: none.
    std::string groupColumn;
    bool standardize = true;
    double validationFraction = 0.1;
    double testFraction = 0.2;
    std::uint64_t seed = 0;
    bool skipBadRows = false;
    // Partial supervision: an empty target cell means "no label for that task" (the sample still
    // trains the others) instead of a missing value; a row without any label is kept too.
    bool unlabelledTargets = false;
    // importFile reads the file this many bytes at a time (a longer record grows the buffer).
    std::size_t readBlockBytes = std::size_t(1) << 20;
};

struct CsvImportReport {
    long long rowsRead = 0; // data rows in the file
    long long rowsSkipped = 0;
    std::vector<std::string> skippedReasons; // the first few, with line and column
    std::vector<std::vector<std::string>> classNames; // per target (empty for regression)
    std::vector<std::string> groupNames; // the group column's labels, by group index
};

class CsvImporter {
public:
    static constexpr int reportedSkips = 10;

    static MultiTaskDataset importFile(
        const std::string& path, const CsvImportOptions& options, CsvImportReport* report = nullptr);
    // Same on text already in memory; `source` names it in errors.
    static MultiTaskDataset importText(const std::string& text, const std::string& source,
        const CsvImportOptions& options, CsvImportReport* report = nullptr);

    // "price:regression, kind:classification" -> targets (kinds: regression|classification).
    static std::vector<CsvTarget> parseTargets(const std::string& list);
    // "a, b, c" -> names (quotes are not needed: names are split at commas and trimmed).
    static std::vector<std::string> parseColumns(const std::string& list);

    // The column names of a file's header row (trimmed), reading nothing past that row: a cheap
    // check of a path and of chosen columns. Throws CsvError when the file cannot be opened or
    // the header is malformed (empty file, unterminated quote, duplicate column), with
    // file:line:column like importFile.
    static std::vector<std::string> readHeader(const std::string& path);

    struct Record {
        long long line = 0; // line the record starts on (1-based)
        std::vector<std::string> fields;
    };
    // Splits the text into records (throws CsvError on an unterminated quote). Blank lines are
    // left out. For previews: importText does not build these.
    static std::vector<Record> parseRecords(const std::string& text, const std::string& source);
};

} // namespace mtw::data
