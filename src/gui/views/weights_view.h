#pragma once
// Weights & norms: per-task method weights, gradient norms |g_t| (log scale), alignment
// cos(g_t, d) on a fixed [-1, 1] axis and the slow-down ratio <g_t, d> / |g_t|^2 (analysis/step_diagnostics.h),
// plus the share of steps whose direction conflicts with no task (J d >= 0): the property
// non-conflicting methods guarantee, so a glance checks the claim on the live run. With them,
// when the runs record extras (method internals, training-mode groups, affinity,
// sharpness), a wide chart of one family of them, named by run (ExtrasPanel), next to the slow-down.
// With many tasks and runs, one quantity can instead be shown as a panel per task (TaskPanelGrid:
// one run per line in its colour, shared and linked axes, one legend of the runs).
#include "gui/charts/chart_panel.h"
#include "gui/views/run_view.h"

#include <optional>

class QGridLayout;
class QComboBox;
class QLabel;
class QProgressBar;
class QStackedWidget;

namespace mtw::gui {

class ExtrasPanel;
class TaskPanelGrid;

class WeightsView : public RunView {
    Q_OBJECT
public:
    explicit WeightsView(QWidget* parent = nullptr);

    QString title() const override { return tr("Weights & norms"); }
    void setRuns(const QList<RunHistoryPtr>& runs) override;
    void refresh() override;
    bool exportFigure(const QString& path, const ExportOptions& options, QString* error) override;
    bool exportCsv(const QString& path, QString* error) override;

    ChartPanel* weightsChart() const { return m_charts[0]; }
    ChartPanel* slowdownChart() const { return m_charts[3]; }
    // The weights and slow-down charts' y axis (norms are always log).
    using Scale = ChartPanel::YScale;
    void setScale(Scale scale);
    void setColourByRun(bool byRun); // false: colour = task, line style = run (as the Losses view)
    ChartPanel* normsChart() const { return m_charts[1]; }
    ChartPanel* alignmentChart() const { return m_charts[2]; }
    QString nonConflictingText() const;
    ExtrasPanel* extrasPanel() const { return m_extras; }
    // One quantity as a panel per task (Weight, GradientNorm, Alignment or Slowdown), or the four
    // charts of every task (nullopt, the default).
    void setPanelPerTask(std::optional<TaskSeries> quantity);
    std::optional<TaskSeries> panelQuantity() const;
    TaskPanelGrid* taskPanels() const { return m_panels; }
    // The layouts by name, for the command line: "charts", then a panel per task of "weights",
    // "norms", "alignment" or "slowdown". False for another name.
    static QStringList layoutNames();
    bool setLayoutByName(const QString& name);

private:
    void redraw();
    void drawCharts(const QStringList& labels);
    void drawPanels(TaskSeries quantity, const QStringList& labels);
    void updateNonConflicting(const QStringList& labels); // the share of non-conflicting steps
    void arrangeCharts(bool withExtras);

    QList<RunHistoryPtr> m_runs;
    QList<ChartPanel*> m_charts;
    QComboBox* m_scale;
    QComboBox* m_colourBy;
    QComboBox* m_layout;
    QStackedWidget* m_pages; // the charts, or the panels per task
    TaskPanelGrid* m_panels;
    QLabel* m_nonConflicting;
    QProgressBar* m_nonConflictingBar;
    ExtrasPanel* m_extras;
    QGridLayout* m_grid;
    bool m_extrasShown = false;
};

} // namespace mtw::gui
