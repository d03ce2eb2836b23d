#pragma once
// The runs table: one row per run of the RunManager with its method, key parameters, status,
// progress and final per-task losses and metrics (the last evaluation).
#include <QAbstractTableModel>

namespace mtw::gui {

class RunManager;
struct RunEntry;

class RunsTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Method, Parameters, Status, Steps, Seconds, FinalLosses, Metrics, ColumnCount };

    explicit RunsTableModel(RunManager* manager, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // "c=0.4, lr=0.001, 35000 steps": the parameters that tell runs apart.
    static QString keyParameters(const RunEntry& entry);
    static QString finalLosses(const RunEntry& entry);
    static QString finalMetrics(const RunEntry& entry);
    // The table as CSV (header row, one row per run, as displayed).
    bool writeCsv(const QString& path, QString* error) const;

private:
    RunManager* m_manager;
};

} // namespace mtw::gui
