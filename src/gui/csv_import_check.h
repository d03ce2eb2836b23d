#pragma once
// The CSV import dialog's check of a choice of columns: runs the engine's importer
// (data::CsvImporter::importText) on the file's text with the `csv` problem's parameters, so the
// verdict and the error message are exactly those of a run, and summarises the result (rows per
// split, features, tasks, skipped rows). Kept apart from the widget so it is plain to read and test.
#include "core/parameter_schema.h"

#include <QString>
#include <map>
#include <string>

namespace mtw::gui {

struct CsvImportCheck {
    bool valid = false;
    QString error; // the importer's message ("data.csv:17:3 (column 'age'): missing value")
    QString summary; // when valid: rows per split, features, tasks and skipped rows
    long long skipped = 0;
    long long imported = 0; // data rows kept
};

// params: the csv problem's parameters (features, targets, skip_bad_rows, and optionally
// standardize, validation_fraction, test_fraction, data_seed); `source` names the file in messages.
CsvImportCheck checkCsvImport(
    const std::string& text, const std::string& source, const std::map<std::string, core::ParameterValue>& params);

} // namespace mtw::gui
