#pragma once
// The "Parallel coordinates" sub-tab of the study view (gui/views/study_parallel.h computes what
// it draws): the chart, the axes (a quantity to add, remove the selected one, back to the
// defaults) and a table with each axis's real min and max and an editable range to keep
// ("keep from" / "keep to"; an empty cell is unbounded). Runs outside a range turn faint grey.
// The brushes only highlight: the scatter, the points and the statistics keep every run, as
// `mtw-cli study` computes them.
#include "gui/views/study_parallel.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QTableWidget;

namespace mtw::gui {

class StudyParallelPanel : public QWidget {
    Q_OBJECT
public:
    explicit StudyParallelPanel(QWidget* parent = nullptr);

    // Redraws over `runs` (kept, not owned: the view calls this again after every rebuild of its
    // collection, and clear() when it has none). x, y: the study's quantities (default axes);
    // groupBy: resolved name or empty; groupOrder: the groups in the scatter's colour order.
    void setStudy(const engine::RunCollection* runs, const QString& x, const QString& y, const std::string& groupBy,
        const QStringList& groupOrder);
    void clear(const QString& message);

    // The quantities on the axes; empty: the defaults (defaultParallelAxes).
    void setAxes(const QStringList& names);
    void setBrush(const QString& axis, double low, double high);
    void clearBrushes();

    // Inspection (tests, screenshots).
    const StudyParallel& data() const { return m_data; }
    const std::vector<bool>& kept() const { return m_kept; }
    QStringList keptRuns() const;
    ChartPanel* chart() const { return m_chart; }
    QTableWidget* axisTable() const { return m_table; }
    QString note() const;

private:
    void recompute();
    void redraw();
    void fillTable();
    void readBrushes();

    const engine::RunCollection* m_runs = nullptr;
    QString m_x, m_y;
    std::string m_groupBy;
    QStringList m_groupOrder;
    QStringList m_axes; // chosen; empty: defaults
    QMap<QString, ParallelBrush> m_brushes;
    StudyParallel m_data;
    std::vector<bool> m_kept;

    ChartPanel* m_chart;
    QComboBox* m_add;
    QTableWidget* m_table;
    QLabel* m_note;
};

} // namespace mtw::gui
