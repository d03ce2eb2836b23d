#pragma once
// "Task groups under a budget...": a run's mean look-ahead gains (engine/task_group_runs.h), the
// task groups under a budget of trained models (analysis/task_grouping.h, Wang, Pan & Yu 2024),
// and one table of each task's final test loss and metric in the all-in-one run, in its group's
// run and alone, from the finished runs the window knows (a dash where a run is missing).
// "Train missing runs" accepts the dialog: missingRuns() then names the group and single-task
// experiments to queue. The same as `mtw-cli grouping RUN --budget B --train`.
#include "analysis/task_grouping.h"
#include "engine/task_group_runs.h"
#include "gui/known_runs.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace mtw::gui {

class TaskGroupingDialog : public QDialog {
    Q_OBJECT
public:
    struct Sources {
        engine::RunRecord allInOne; // the run whose gains are used (its experiment, tasks, evaluations)
        std::vector<engine::FactorRecord> factors; // its factor records
        // The window's runs by experiment name (a finished one is read from its store).
        KnownRuns runs;
    };

    explicit TaskGroupingDialog(Sources sources, QWidget* parent = nullptr);

    void setBudget(int models);
    int budget() const;
    // The groups of the current budget (empty when the run has no gains: see message()).
    const analysis::TaskGrouping& grouping() const { return m_grouping; }
    QString message() const; // the gains and groups, or why there are none
    QTableWidget* table() const { return m_table; }
    // The group and single-task experiments without a finished, queued or running run, in table
    // order, no repeats.
    std::vector<engine::Experiment> missingRuns() const;
    // The table as CSV (the columns of `mtw-cli grouping --csv`); false when it cannot be written.
    bool writeCsv(const QString& path) const;

private:
    void update();
    const engine::RunRecord* finishedRun(const std::string& name) const;

    Sources m_sources;
    std::optional<engine::MeanGains> m_gains;
    QString m_error;
    analysis::TaskGrouping m_grouping;
    std::vector<engine::GroupComparisonRow> m_rows;
    QSpinBox* m_budget = nullptr;
    QComboBox* m_estimator = nullptr;
    QLabel* m_text = nullptr;
    QTableWidget* m_table = nullptr;
    QPushButton* m_train = nullptr;
};

} // namespace mtw::gui
