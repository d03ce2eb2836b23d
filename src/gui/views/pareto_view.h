#pragma once
// Pareto: the runs in task-loss space (minimisation), or in the space of an outcome of the
// finished runs (final validation / test loss or metric; pareto_objective.h), final points only. Trajectory points
// (thinned per-step task losses) and each run's final point in the plane of two tasks (chosen with combo boxes when
// there are more than two), the non-dominated front of the final points (optionally of the
// trajectory points too) highlighted, the hypervolume dominated by that front up to an explicit,
// editable reference point (analysis::hypervolume, exact), and the analytic front for toy
// problems (MultiTaskProblem::paretoFront). With 3+ tasks a parallel-coordinates chart shows all
// tasks at once (each axis min-max normalised over the shown points).
#include "gui/views/pareto_objective.h"
#include "gui/views/pareto_plane.h"
#include "gui/views/run_view.h"

#include <memory>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QStackedWidget;

namespace mtw::gui {

class ChartPanel;
class TaskPanelGrid;

class ParetoView : public RunView {
    Q_OBJECT
public:
    explicit ParetoView(QWidget* parent = nullptr);
    // Trajectory points join the final points for the front, the reference and the parallel axes.
    void setIncludeTrajectories(bool include);
    // Frames the final points and the reference point (trajectories run off the plot).
    void setZoomToFinals(bool zoom);
    // The scatter-plot matrix of the final losses (every pair of tasks) instead of one plane.
    void setAllPairs(bool all);
    TaskPanelGrid* pairsGrid() const { return m_pairs; }

    QString title() const override { return tr("Pareto"); }
    void setRuns(const QList<RunHistoryPtr>& runs) override;
    // Seed groups add their mean final point with error bars (the seeds' own points stay).
    void setSeedGrouping(SeedGrouping grouping) override;
    void refresh() override;
    bool exportFigure(const QString& path, const ExportOptions& options, QString* error) override;
    bool exportCsv(const QString& path, QString* error) override;

    // Training losses (default) or an outcome of the finished runs (pareto_objective.h).
    void setObjective(ParetoObjective objective);
    ParetoObjective objective() const;
    void setTaskPair(int taskX, int taskY);
    void setReferencePoint(double x, double y); // fixes it (until useAutomaticReference)
    void useAutomaticReference();

    double hypervolume() const { return m_hypervolume; }
    double hypervolumeAllTasks() const { return m_hypervolumeAll; } // 3 tasks: over all of them; else NaN
    Eigen::Vector2d referencePoint() const;
    const Eigen::MatrixXd& frontPoints() const { return m_front; } // K x 2, sorted by x
    int analyticFrontSize() const { return static_cast<int>(m_analytic.size()); }
    ChartPanel* scatterChart() const { return m_scatter; }
    ChartPanel* parallelChart() const { return m_parallel; }
    QString hypervolumeText() const;
    // The CSV reference set of the IGD / IGD+ next to the hypervolume (pareto_figures.h:
    // igdSummary); empty: none. The problem's analytic front, where it has one, always counts.
    void setIgdReference(const QString& path);

private:
    ParetoPlaneRequest planeRequest() const; // the controls' state
    void redraw();
    void updateTaskChoices();
    void loadAnalyticFront();

    QList<RunHistoryPtr> m_runs;
    SeedGrouping m_grouping = SeedGrouping::Separate;
    ChartPanel* m_scatter;
    ChartPanel* m_parallel;
    // The key of lettered parallel axes ("Parallel axes: A a, B b, ..."), empty while named.
    QString m_parallelKey;
    // Up to this many letters of task names (each plus two) label the parallel axes by name.
    static constexpr int kParallelNameLetters = 48;
    QComboBox* m_objective;
    QComboBox* m_taskX;
    QComboBox* m_taskY;
    QCheckBox* m_includeTrajectories;
    QCheckBox* m_zoomToFinals;
    QCheckBox* m_allPairs;
    TaskPanelGrid* m_pairs;
    QStackedWidget* m_planes;
    QDoubleSpinBox* m_reference[2];
    QLabel* m_hvLabel;
    bool m_userReference = false;
    double m_hypervolume = 0;
    double m_hypervolumeAll = 0;
    Eigen::MatrixXd m_front;
    std::vector<Eigen::VectorXd> m_analytic;
    std::string m_analyticFor;
    QString m_igdReference;
};

} // namespace mtw::gui
