#pragma once
// The Pareto view's figures over all tasks, built from the runs' final (and trajectory) losses:
// parallel coordinates and the scatter-plot matrix of every pair of tasks. Widget-free series
// builders, so the view stays the controls and the two-task plane.
#include "gui/charts/chart_panel.h"
#include "gui/run_history.h"

#include <QStringList>

namespace mtw::gui {

class TaskPanelGrid;

struct ParallelCoordinates {
    QList<ChartSeries> lines;
    bool withTrajectories = false; // the axes were normalised over trajectory samples too
};

// One line per run over the tasks, each axis min-max normalised over the final points (and, with
// trajectories, over up to 60 samples per run's trajectory, drawn faintly first).
ParallelCoordinates parallelCoordinates(const QList<RunHistoryPtr>& runs, const QStringList& labels, int tasks, bool withTrajectories);

// The automatic hypervolume reference of points (K x M, K >= 1): their nadir (worst value per
// task) plus 10 % of their range per task (10 % of the value, at least 1e-3, where the range is 0).
Eigen::VectorXd nadirReference(const Eigen::MatrixXd& points);

// The hypervolume of the runs' final points over all their tasks (exact for 3: tasks = 3; other
// task counts leave tasks 0), against their nadir plus 10 % of their range per task (the 2-D
// view's automatic rule).
struct FinalsHypervolume {
    int tasks = 0;
    double value = 0;
    Eigen::VectorXd reference;
};
FinalsHypervolume finalsHypervolume(const QList<RunHistoryPtr>& runs);

// The scatter-plot matrix of the final losses: a panel per pair of tasks (i < j; the first 8
// tasks at most, 28 panels), each run's final point in its colour, the pair's non-dominated
// final points ringed; each panel fits its own axes; one legend of the runs.
void drawFinalPairs(TaskPanelGrid& grid, const QList<RunHistoryPtr>& runs, const QStringList& labels);

} // namespace mtw::gui
