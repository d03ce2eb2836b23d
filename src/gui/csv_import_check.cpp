#include "gui/csv_import_check.h"

#include "data/csv_importer.h"

#include <QCoreApplication>
#include <QStringList>
#include <numeric>
#include <variant>

namespace mtw::gui {

namespace {
template <typename T> void read(const std::map<std::string, core::ParameterValue>& params, const char* key, T& out)
{
    const auto it = params.find(key);
    if (it != params.end())
        if (const T* value = std::get_if<T>(&it->second))
            out = *value;
}

QString tr(const char* text)
{
    return QCoreApplication::translate("CsvImportDialog", text);
}
} // namespace

CsvImportCheck checkCsvImport(
    const std::string& text, const std::string& source, const std::map<std::string, core::ParameterValue>& params)
{
    CsvImportCheck check;
    data::CsvImportOptions options;
    std::string features, targets;
    long long seed = 0;
    read(params, "features", features);
    read(params, "targets", targets);
    read(params, "skip_bad_rows", options.skipBadRows);
    read(params, "unlabelled_targets", options.unlabelledTargets);
    read(params, "standardize", options.standardize);
    read(params, "validation_fraction", options.validationFraction);
    read(params, "test_fraction", options.testFraction);
    read(params, "data_seed", seed);
    options.seed = static_cast<std::uint64_t>(seed);
    data::CsvImportReport report;
    try {
        options.featureColumns = data::CsvImporter::parseColumns(features);
        options.targets = data::CsvImporter::parseTargets(targets);
        const data::MultiTaskDataset dataset = data::CsvImporter::importText(text, source, options, &report);
        check.valid = true;
        check.skipped = report.rowsSkipped;
        check.imported = report.rowsRead - report.rowsSkipped;
        QStringList tasks;
        std::vector<core::Index> all(static_cast<std::size_t>(dataset.sampleCount()));
        std::iota(all.begin(), all.end(), core::Index(0));
        for (const data::TaskTargets& task : dataset.tasks) {
            QString entry = task.kind == data::TargetKind::Classification
                ? tr("%1 (classification, %2 classes)").arg(QString::fromStdString(task.name)).arg(task.classCount)
                : tr("%1 (regression)").arg(QString::fromStdString(task.name));
            const core::Index labelled = task.labelledCount(all);
            if (labelled < dataset.sampleCount()) // partial supervision: say how much of it is labelled
                entry += tr(" labelled on %1 rows").arg(labelled);
            tasks << entry;
        }
        check.summary = tr("\u2713 %1 rows: %2 train, %3 validation, %4 test; %5 features; tasks: %6")
                            .arg(check.imported)
                            .arg(dataset.train.size())
                            .arg(dataset.validation.size())
                            .arg(dataset.test.size())
                            .arg(dataset.inputDimension())
                            .arg(tasks.join(QStringLiteral(", ")));
        if (check.skipped > 0)
            check.summary += tr("\nSkipped %1 bad rows of %2; first: %3")
                                 .arg(check.skipped)
                                 .arg(report.rowsRead)
                                 .arg(QString::fromStdString(report.skippedReasons.front()));
    } catch (const std::exception& error) {
        check.error = QString::fromStdString(error.what());
    }
    return check;
}

} // namespace mtw::gui
