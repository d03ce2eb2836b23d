#pragma once
// What the CSV importer's suites share: import options without a split or standardization, the
// error text of an import, a file written from text, and the check that a file read in blocks of
// any size imports exactly as the same bytes parsed in memory (errors and reports included).
#include "data/csv_importer.h"

#include <QString>
#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <string>
#include <vector>

namespace mtw::test {

using namespace mtw::data;

inline CsvImportOptions options(std::vector<CsvTarget> targets, bool skip = false)
{
    CsvImportOptions o;
    o.targets = std::move(targets);
    o.skipBadRows = skip;
    o.validationFraction = 0;
    o.testFraction = 0;
    o.standardize = false;
    return o;
}

inline QString errorOf(const std::string& text, const CsvImportOptions& o)
{
    try {
        CsvImporter::importText(text, "f.csv", o);
    } catch (const CsvError& error) {
        return QString::fromStdString(error.what());
    }
    return {};
}

inline const CsvTarget regression { "y", TargetKind::Regression };
inline const CsvTarget classification { "c", TargetKind::Classification };

inline std::string writeFile(const QTemporaryDir& dir, const std::string& text, const char* name = "data.csv")
{
    const std::string path = dir.filePath(name).toStdString();
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

// Everything an import yields (or its error), to compare a file read in blocks with the same
// bytes parsed in memory.
struct Outcome {
    std::string error;
    std::vector<float> features, values;
    std::vector<int> labels;
    std::vector<Eigen::Index> train;
    long long rowsRead = 0, rowsSkipped = 0;
    std::vector<std::string> reasons;
    std::vector<std::vector<std::string>> classNames;
    bool operator==(const Outcome&) const = default;
};

inline Outcome outcomeOf(const std::string& text, const std::string& path, const CsvImportOptions& o, bool fromFile)
{
    Outcome out;
    CsvImportReport report;
    try {
        const MultiTaskDataset data
            = fromFile ? CsvImporter::importFile(path, o, &report) : CsvImporter::importText(text, path, o, &report);
        out.features.assign(data.features.data(), data.features.data() + data.features.size());
        for (const TaskTargets& task : data.tasks) {
            out.labels.insert(out.labels.end(), task.labels.begin(), task.labels.end());
            out.values.insert(out.values.end(), task.values.data(), task.values.data() + task.values.size());
        }
        out.train = data.train;
    } catch (const CsvError& error) {
        out.error = error.what();
    }
    out.rowsRead = report.rowsRead;
    out.rowsSkipped = report.rowsSkipped;
    out.reasons = report.skippedReasons;
    out.classNames = report.classNames;
    return out;
}

// The file at `path`, holding `text`, read in blocks of each size vs the text in memory.
inline void compareBlockReads(
    const std::string& text, const std::string& path, CsvImportOptions o, const std::vector<std::size_t>& blocks)
{
    const Outcome inMemory = outcomeOf(text, path, o, false);
    for (std::size_t block : blocks) {
        o.readBlockBytes = block;
        const Outcome streamed = outcomeOf(text, path, o, true);
        const QString errors = QString::fromStdString(streamed.error + "' vs '" + inMemory.error);
        QVERIFY2(streamed == inMemory, qPrintable(QString("block %1: '%2'").arg(block).arg(errors)));
    }
}

inline QString headerErrorOf(const std::string& path)
{
    try {
        CsvImporter::readHeader(path);
    } catch (const CsvError& error) {
        return QString::fromStdString(error.what());
    }
    return {};
}
} // namespace mtw::test
