#pragma once
// ST vs MT transfer (Mueller, Dredze, Andrews, TMLR 2024, "Can Optimization Trajectories Explain
// Multi-Task Transfer?"): per task, validation loss (or metric) against training loss for the
// shown multi-task runs and their single-task baselines (top), and the generalization gap at equal
// training loss GG(l) = v_MT(l) - v_ST(l) on a common training-loss grid (bottom), with its value
// at a chosen training loss. Comparing at equal training loss rather than equal step separates a
// difference in generalization from a difference in optimization speed.
//
// Baselines come from the shown runs or, failing that, from every run of the window
// (setAvailableRuns): selecting the multi-task run is enough once "Single-task baselines" ran.
// The gap uses analysis/generalization_gap.h, the same code as `mtw-cli transfer`, so its sign
// convention is the CLI's: below 0 the multi-task run has the lower validation loss.
#include "gui/views/run_view.h"
#include "gui/views/transfer_comparison.h"

#include <QVector>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;

namespace mtw::gui {

class ChartPanel;

class TransferView : public RunView {
    Q_OBJECT
public:
    explicit TransferView(QWidget* parent = nullptr);

    QString title() const override { return tr("ST vs MT transfer"); }
    void setRuns(const QList<RunHistoryPtr>& runs) override;
    void setAvailableRuns(const QList<RunHistoryPtr>& runs) override;
    void refresh() override;
    bool exportFigure(const QString& path, const ExportOptions& options, QString* error) override;
    bool exportCsv(const QString& path, QString* error) override;
    QString exportBlocker() const override { return m_blocker; }

    void setTask(int task);
    void setValidationMetric(bool metric); // false: validation loss
    void setLogX(bool log); // log training-loss axis and a log-spaced gap grid
    void setGapLoss(double trainLoss); // NaN: the lowest training loss both runs reach

    // One multi-task run's comparison for the current task (tests, the status line).
    using Gap = TransferGap;
    const QVector<Gap>& gaps() const { return m_gaps; }
    QStringList tasks() const;
    ChartPanel* curvesChart() const { return m_curves; }
    ChartPanel* gapChart() const { return m_gapChart; }
    QLabel* summaryLabel() const { return m_summary; }

private:
    void redraw();
    void updateTasks();

    QList<RunHistoryPtr> m_runs;
    QList<RunHistoryPtr> m_available;
    QVector<Gap> m_gaps;
    ChartPanel* m_curves;
    ChartPanel* m_gapChart;
    QComboBox* m_task;
    QComboBox* m_kind;
    QCheckBox* m_logX;
    QLineEdit* m_at;
    QLabel* m_summary;
    QString m_blocker; // set by redraw() when no run has a gap curve to show
};

} // namespace mtw::gui
