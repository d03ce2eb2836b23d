#pragma once
// File > Import CSV...: the user's CSV as a `csv` problem (issue 5, "User CSV import"). Shows the
// header and the first rows, lets the user tick feature and target columns and give each target
// its kind (regression / classification), and runs the engine's own importer
// (data::CsvImporter) on every change, so what the dialog accepts is exactly what a run will
// load: while the choices fail, the importer's message (file:line:column and the reason: missing
// value, non-numeric cell, ragged row, empty file, unknown column, ...) is shown, the offending
// cell is marked in the preview when it is there, and OK is disabled. With "skip bad rows" the
// dialog reports how many rows the run will skip. applyTo() puts the choices into the experiment
// form through its parameter editors, so validation and Start work as for any problem.
#include "core/parameter_schema.h"
#include "data/multi_task_dataset.h"

#include <QDialog>
#include <QString>
#include <QStringList>
#include <map>
#include <string>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStandardItemModel;
class QTableView;
class QTableWidget;

namespace mtw::gui {

class ExperimentForm;

class CsvImportDialog : public QDialog {
    Q_OBJECT
public:
    static constexpr int previewRows = 20;

    explicit CsvImportDialog(QWidget* parent = nullptr);

    // Reads the file and resets the choices (every column a feature, no target). False when it
    // cannot be read; the reason is shown.
    bool openFile(const QString& path);
    // Pre-fills from a csv problem's parameters (path, features, targets, skip_bad_rows; the
    // split parameters are kept for the check). Columns named there but absent from the file
    // are listed as such, so the importer's "unknown column" error shows and can be resolved.
    void setParameters(const std::map<std::string, core::ParameterValue>& params);
    // path, features, targets ("y:regression, c:classification"), skip_bad_rows.
    std::map<std::string, core::ParameterValue> parameters() const;
    // Selects the csv problem in the form and sets the parameters as if typed.
    void applyTo(ExperimentForm& form) const;

    QStringList columns() const; // as listed: the header's columns, then absent ones
    void setFeature(const QString& column, bool feature);
    void setTarget(const QString& column, bool target, data::TargetKind kind = data::TargetKind::Regression);
    void setSkipBadRows(bool skip);

    bool isValid() const { return m_valid; }
    QString errorText() const { return m_error; } // the importer's message; empty when valid
    long long skippedRows() const { return m_skipped; }
    long long importedRows() const { return m_imported; }
    QLabel* statusLabel() const { return m_status; }
    QPushButton* okButton() const;
    QTableView* preview() const { return m_preview; }

private:
    enum Column { NameColumn, FeatureColumn, TargetColumn, KindColumn };
    static QString kindName(data::TargetKind kind); // as the csv problem's targets parameter writes it
    void browse();
    void fillPreview();
    void addColumnRow(const QString& name, bool inFile, bool feature, bool target, data::TargetKind kind);
    int rowOf(const QString& column) const;
    data::TargetKind kindAt(int row) const;
    void onItemChanged(int row, int column);
    void revalidate();
    QString commaColumn() const; // a ticked column whose name a comma-separated list cannot hold
    void markCell(long long line, int column);

    QLineEdit* m_path;
    QTableView* m_preview;
    QStandardItemModel* m_previewModel;
    QTableWidget* m_columns;
    QCheckBox* m_skip;
    QCheckBox* m_unlabelled;
    QLabel* m_status;
    QDialogButtonBox* m_buttons;
    std::string m_text; // the file's bytes, checked on every change without re-reading
    QString m_loadError;
    QStringList m_header;
    std::map<std::string, core::ParameterValue> m_extra; // split parameters from setParameters
    bool m_valid = false;
    bool m_updating = false;
    QString m_error;
    long long m_skipped = 0;
    long long m_imported = 0;
};

} // namespace mtw::gui
