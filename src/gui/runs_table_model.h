#pragma once
// The runs table: one row per run of the RunManager with its method, key parameters, status,
// progress, final per-task losses and metrics (the last evaluation), their mean, and one column
// per swept axis: every experiment setting (engine::experimentSettings) whose value differs
// between the runs, added as soon as a second value appears. SortRole gives numbers for the
// numeric columns, so a QSortFilterProxyModel sorts 1e-3 before 1e-2.
#include "engine/quantity.h"
#include "engine/run_notes.h"

#include <QAbstractTableModel>
#include <QStringList>
#include <map>
#include <vector>

namespace mtw::gui {

class RunManager;
struct RunEntry;

class RunsTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    // The fixed columns; the axis columns follow from ColumnCount on.
    enum Column {
        Name,
        Method,
        Parameters,
        Status,
        Steps,
        Seconds,
        FinalLosses,
        Metrics,
        MeanLoss,
        Tags,
        Note,
        ColumnCount
    };
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit RunsTableModel(RunManager* manager, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    // Tags (comma-separated) and Note are editable for runs with a directory: saved at once in
    // the run's notes.json (engine/run_notes.h).
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;

    // "c=0.4, lr=0.001, 35000 steps": the parameters that tell runs apart.
    static QString keyParameters(const RunEntry& entry);
    static QString finalLosses(const RunEntry& entry);
    static QString finalMetrics(const RunEntry& entry);
    // The swept axes (setting key paths), in column order after the fixed columns.
    const QStringList& axes() const { return m_axes; }
    static double meanFinalLoss(const RunEntry& entry); // NaN before the first step
    // The table as CSV (header row, one row per run, as displayed).
    bool writeCsv(const QString& path, QString* error) const;

Q_SIGNALS:
    void notesFailed(const QString& reason); // a notes.json that could not be read or written

private:
    void addRun(int row);
    const engine::RunNotes* notesOf(int row) const; // nullptr: the run has no directory (yet)
    QVariant axisValue(int row, const QString& axis, bool forSorting) const;

    RunManager* m_manager;
    std::vector<std::map<QString, engine::QuantityValue>> m_settings; // per row
    mutable std::map<int, engine::RunNotes> m_notes; // read on first display, by row
    QStringList m_axes;
};

} // namespace mtw::gui
