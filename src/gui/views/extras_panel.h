#pragma once
// The extras of the overlaid runs over steps (StepRecord::extras: method internals, the training
// modes' groups, affinities, sharpness): a selector of the families present (extra_families.h)
// and one line chart of the chosen family. Part of the Weights & norms view; the user's choice
// survives live updates and falls back to the default family when a run does not have it.
// With several runs, every run that records the family is drawn and named (legend and curve
// names by run: a scalar such as CAGrad's dual_norm in each run's colour, a per-task family in
// the task colours with a dash per run); the T^2 affinity lines stay one run's, named in the title.
#include "gui/extra_families.h"
#include "gui/run_history.h"

#include <QWidget>

class QComboBox;
class QLabel;

namespace mtw::gui {

class ChartPanel;
class CsvTable;

class ExtrasPanel : public QWidget {
    Q_OBJECT
public:
    explicit ExtrasPanel(QWidget* parent = nullptr);

    // Redraws from the runs' extras (the caller skips calls when the runs have not changed);
    // labels name the runs (run_labels.h), one per run.
    void setRuns(const QList<RunHistoryPtr>& runs, const QStringList& labels);
    bool hasExtras() const { return !m_families.isEmpty(); }

    QStringList familyNames() const;
    QString currentFamily() const;
    // Selects a family by name (no-op when the run has none of that name).
    void setCurrentFamily(const QString& name);

    ChartPanel* chart() const { return m_chart; }
    QComboBox* selector() const { return m_selector; }
    // CSV rows of what the chart draws (chart column "extras:<family>").
    void appendCsvRows(CsvTable& table) const;

private:
    void rebuildSelector();
    void drawFamily();

    QList<RunHistoryPtr> m_runs; // the non-null runs given
    QStringList m_labels; // theirs
    QStringList m_names, m_tasks; // what m_families was built from
    QList<ExtraFamily> m_families;
    QString m_chosen; // the user's last choice; empty: the default family
    QComboBox* m_selector;
    QLabel* m_note;
    ChartPanel* m_chart;
};

} // namespace mtw::gui
