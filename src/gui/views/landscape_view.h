#pragma once
// Landscape: a 2-D heatmap (viridis) with iso-lines of a task loss or of the mean loss over a
// window, with the run's trajectory on it (line + points, start and end marked), and a 3-D
// surface in a sub-tab where OpenGL is available. Planar (2-parameter) problems get exact
// contours over the parameter window (default [-11, 11]^2 for the CAGrad toy); neural problems a
// 2-D slice (filter-normalized random directions, the plane of two task gradients, the PCA plane
// of the run's stored trajectory with the trajectory on it, or the plane through its start, its
// end and a second run's end), plus a "1-D path" tab (InterpolationPanel). The grid
// is computed off the GUI thread (engine::LandscapeJob on a QThread), coarse first and refined, each
// level replacing the last; a new request cancels the running one.
#include "engine/landscape_job.h"
#include "gui/views/run_view.h"

#include <QElapsedTimer>
#include <QThread>
#include <atomic>
#include <memory>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QSpinBox;
class QTabWidget;

namespace mtw::gui {

class HeatmapPlot;
class InterpolationPanel;
class SurfacePanel;

class LandscapeView : public RunView {
    Q_OBJECT
public:
    explicit LandscapeView(QWidget* parent = nullptr);
    ~LandscapeView() override;

    QString title() const override { return tr("Landscape"); }
    void setRuns(const QList<RunHistoryPtr>& runs) override;
    void refresh() override;
    bool exportFigure(const QString& path, const ExportOptions& options, QString* error) override;
    bool exportCsv(const QString& path, QString* error) override;
    QString exportBlocker() const override;
    bool exportPending() const override { return m_awaitingFinal; }

    // Starts (or restarts) the background computation with the current settings.
    void recompute();
    void setWindow(double xMin, double xMax, double yMin, double yMax);
    void setSurface(int index); // 0: mean loss, 1 + t: task t
    // The last request's final level is shown (false while a recomputation runs).
    bool isFinished() const { return m_outcome && m_outcome->result.finished && !m_awaitingFinal; }
    const engine::LandscapeOutcome* outcome() const { return m_outcome.get(); }
    HeatmapPlot* heatmap() const { return m_heatmap; }
    // 0..1000: grid points evaluated of the final grid's; the status line says how many and how
    // long the rest should take (at the rate measured so far).
    int progress() const;
    QString statusText() const;
    SurfacePanel* surface() const { return m_surface; }
    // The "1-D path" tab: losses along the line between two runs' points.
    InterpolationPanel* interpolation() const { return m_interpolation; }
    // Shows the tab (0: 2-D, 1: 3-D, 2: 1-D path); exports follow the shown tab.
    void showTab(int index);
    // Chooses the plane (analysis::PlaneKind) and recomputes.
    void setPlane(analysis::PlaneKind kind);

signals:
    void levelShown(int level, bool finished);

private:
    void onLevel(quint64 generation, const std::shared_ptr<const engine::LandscapeOutcome>& outcome);
    void showSurface();
    void updateOverlays();
    void applyDefaultWindow();
    void cancelRunning();

    QList<RunHistoryPtr> m_runs;
    HeatmapPlot* m_heatmap;
    SurfacePanel* m_surface;
    InterpolationPanel* m_interpolation;
    QTabWidget* m_tabs;
    QComboBox* m_surfaceChoice;
    QComboBox* m_planeChoice;
    QComboBox* m_resolution;
    QDoubleSpinBox* m_window[4];
    QSpinBox* m_contours;
    QLabel* m_status;
    QProgressBar* m_progress;
    QElapsedTimer m_clock; // since the request started
    long long m_finalPoints = 0; // points of the final grid
    QThread* m_thread = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    quint64 m_generation = 0;
    std::shared_ptr<const engine::LandscapeOutcome> m_outcome;
    quint64 m_outcomeGeneration = 0;
    QString m_error; // the last request's failure, shown instead of a figure
    bool m_awaitingFinal = false; // a request runs (or its last level is queued) and has not finished
    std::string m_computedFor; // experiment JSON of the last request (recompute when it changes)
    Eigen::VectorXd m_centredOn; // the parameters the last request's slice went through (empty: initial)
    bool m_fitNext = true; // the next PCA / three-point request fits its window to the points
};

} // namespace mtw::gui
