#pragma once
// The Landscape view's "1-D path" tab: the losses along the straight line between two points of
// the shown runs (analysis/loss_interpolation.h; Goodfellow et al. 2015) -- a run's start or end,
// e.g. a single-task baseline's end and its multi-task run's end, or two methods' ends -- per task
// (task colours) and for the mean (black), the training loss on the fixed evaluation subset solid
// and the validation loss dashed, with the loss barrier of the means (Frankle et al. 2020) in the
// status line. The points are each run's start (its step-0 parameter snapshot, else its seed's
// initial parameters) and end (its last snapshot at its last step, else the parameters it sent at
// its end). Computed on a worker thread; a new request cancels the running one.
#include "analysis/loss_interpolation.h"
#include "engine/experiment.h"
#include "gui/run_history.h"

#include <QList>
#include <QWidget>
#include <atomic>
#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QPainter;
class QThread;

namespace mtw::gui {

class ChartPanel;

class InterpolationPanel : public QWidget {
    Q_OBJECT
public:
    explicit InterpolationPanel(QWidget* parent = nullptr);
    ~InterpolationPanel() override;

    void setRuns(const QList<RunHistoryPtr>& runs);
    // Computes the path between the chosen points (the combos: index 2r = run r's start, 2r + 1 its end).
    void recompute();
    void choosePoints(int from, int to);
    bool isFinished() const { return m_curve && !m_running; }
    const analysis::LossInterpolation* curve() const { return m_curve.get(); }
    ChartPanel* chart() const { return m_chart; }
    QString statusText() const;
    QString exportBlocker() const;
    bool exportCsv(const QString& path, QString* error) const;
    void paint(QPainter& painter, const QRectF& rect);

signals:
    void computed();

private:
    struct Point {
        QString label;
        engine::Experiment experiment;
        core::Vector parameters; // empty: the experiment's initial parameters (made on the worker)
    };
    std::optional<Point> point(int index) const;
    void cancelRunning();
    void show(quint64 generation, std::shared_ptr<const analysis::LossInterpolation> curve, const QString& error);

    QList<RunHistoryPtr> m_runs;
    QComboBox* m_from;
    QComboBox* m_to;
    QLabel* m_status;
    ChartPanel* m_chart;
    QThread* m_thread = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    quint64 m_generation = 0;
    bool m_running = false;
    std::shared_ptr<const analysis::LossInterpolation> m_curve;
    QString m_curveLabels[2];
    QString m_error;
    QString m_barriers; // the status's barrier part, drawn under exported figures
};

} // namespace mtw::gui
