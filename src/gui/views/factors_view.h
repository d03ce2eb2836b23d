#pragma once
// Trajectory factors against training loss (Mueller, Dredze & Andrews, TMLR 2024, "Can
// Optimization Trajectories Explain Multi-Task Transfer?", their x-axis): per task, one factor
// (sharpness, SAM sharpness, Fisher trace, per-example coherence, noise scale, within-task cosine;
// engine/factor_probe.h) of the shown multi-task runs and their single-task baselines, each point
// a measurement at one step, x its training loss on the factor sample (top). Bottom: the factor's
// MT - ST difference at equal training loss, on the monotone envelope the generalization gap uses
// (analysis/generalization_gap.h), so the summary can set the two side by side at one training
// loss: does the factor's difference go with the gap (the anchor's question)?
//
// Baselines are found as in the ST vs MT transfer view (views/transfer_curves.h). The total
// loss's factors ("total") have no single-task counterpart and are drawn without a difference.
#include "gui/views/run_view.h"

#include <QVector>
#include <cmath>

class QCheckBox;
class QComboBox;
class QLabel;

namespace mtw::gui {

class ChartPanel;

class FactorsView : public RunView {
    Q_OBJECT
public:
    explicit FactorsView(QWidget* parent = nullptr);

    QString title() const override { return tr("Factors"); }
    void setRuns(const QList<RunHistoryPtr>& runs) override;
    void setAvailableRuns(const QList<RunHistoryPtr>& runs) override;
    void refresh() override;
    bool exportFigure(const QString& path, const ExportOptions& options, QString* error) override;
    bool exportCsv(const QString& path, QString* error) override;
    QString exportBlocker() const override { return m_blocker; }

    // task: a task index, or taskCount for the total loss.
    void setTask(int task);
    void setFactor(const QString& name);
    void setLogX(bool log);
    void setLogY(bool log);

    // One multi-task run's comparison for the current task and factor (tests, the status line).
    struct Difference {
        QString run, baseline;
        double trainLoss = NAN; // the lowest training loss both runs reach (on the factor sample)
        double factorDifference = NAN; // factor_MT - factor_ST there
        double gap = NAN; // the validation-loss generalization gap at the same training loss
    };
    const QVector<Difference>& differences() const { return m_differences; }
    QStringList factors() const;
    ChartPanel* factorChart() const { return m_factorChart; }
    ChartPanel* differenceChart() const { return m_differenceChart; }
    QLabel* summaryLabel() const { return m_summary; }

private:
    void redraw();
    void updateChoices();

    QList<RunHistoryPtr> m_runs;
    QList<RunHistoryPtr> m_available;
    QVector<Difference> m_differences;
    ChartPanel* m_factorChart;
    ChartPanel* m_differenceChart;
    QComboBox* m_task;
    QComboBox* m_factor;
    QCheckBox* m_logX;
    QCheckBox* m_logY;
    QLabel* m_summary;
    QString m_blocker;
};

} // namespace mtw::gui
