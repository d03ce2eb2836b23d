#pragma once
// Losses & metrics: per-task training loss (top) and validation loss or metric from
// the periodic evaluations (bottom), for the current run and overlaid runs (colour = task,
// line style = run, or colour = run, line style = task; runs that differ only by seed optionally
// as their mean with a spread band). The training loss can be one chart or a panel per task
// with shared axes (small multiples, runs coloured); below panels the evaluations stay one chart,
// coloured by task. Legend entries name what differs between runs.
// Log scale, TensorBoard-style smoothing (0..0.999; smoothing runs over the
// decimated bucket means, so it stays cheap for 10^6-step runs), hover values, zoom and pan.
#include "gui/views/run_view.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;
class QStackedWidget;

namespace mtw::gui {

class ChartPanel;
class TaskPanelGrid;

class LossesView : public RunView {
    Q_OBJECT
public:
    explicit LossesView(QWidget* parent = nullptr);

    QString title() const override { return tr("Losses"); }
    void setRuns(const QList<RunHistoryPtr>& runs) override;
    // Runs that differ only by seed drawn as their mean with a band (std or min-max).
    void setSeedGrouping(SeedGrouping grouping) override;
    void refresh() override;
    bool exportFigure(const QString& path, const ExportOptions& options, QString* error) override;
    bool exportCsv(const QString& path, QString* error) override;

    void setLogScale(bool log);
    void setSmoothing(double weight); // 0..0.999
    void setValidationMetric(bool metric); // false: validation loss
    void setWorstGroupShown(bool shown); // the metric with each task's worst-group accuracy (or without)
    void setColourByRun(bool byRun); // false: colour = task
    void setPanelPerTask(bool panels); // false: one training-loss chart
    bool isColourByRun() const;
    bool isPanelPerTask() const;
    TaskPanelGrid* taskPanels() const { return m_panels; }
    double smoothing() const { return m_smoothing; }
    ChartPanel* trainChart() const { return m_train; }
    ChartPanel* validationChart() const { return m_validation; }

private:
    void redraw();
    QStringList groupLabels(const QList<SeedGroup>& groups) const;

    QList<RunHistoryPtr> m_runs;
    ChartPanel* m_train;
    ChartPanel* m_validation;
    QCheckBox* m_log;
    QSlider* m_smoothSlider;
    QLabel* m_smoothLabel;
    QComboBox* m_validationKind;
    QComboBox* m_colourBy;
    QComboBox* m_layout;
    TaskPanelGrid* m_panels;
    QStackedWidget* m_trainStack;
    double m_smoothing = 0;
    SeedGrouping m_grouping = SeedGrouping::Separate;
};

} // namespace mtw::gui
