#pragma once
// The Pareto view's figures over all tasks, built from the runs' final points (training losses,
// or a validation / test outcome: pareto_objective.h) and trajectory losses:
// parallel coordinates and the scatter-plot matrix of every pair of tasks. Widget-free series
// builders, so the view stays the controls and the two-task plane.
#include "analysis/pareto.h"
#include "gui/charts/chart_panel.h"
#include "gui/run_history.h"
#include "gui/views/pareto_objective.h"

#include <QStringList>

namespace mtw::gui {

class TaskPanelGrid;

struct ParallelCoordinates {
    QList<ChartSeries> lines;
    bool withTrajectories = false; // the axes were normalised over trajectory samples too
};

// One line per run over the tasks, each axis min-max normalised over the final points (and, with
// trajectories, over up to 60 samples per run's trajectory, drawn faintly first).
// `objective`: what the final points are (pareto_objective.h); trajectories only with training losses.
ParallelCoordinates parallelCoordinates(const QList<RunHistoryPtr>& runs, const QStringList& labels, int tasks,
    bool withTrajectories, ParetoObjective objective = ParetoObjective::TrainingLoss);

// The automatic hypervolume reference: analysis::nadirReference (analysis/pareto.h).
using analysis::nadirReference;

// The non-dominated rows of 2-D points (K x 2), sorted by the first objective.
Eigen::MatrixXd sortedFront(const Eigen::MatrixXd& points);

// The x and y ranges that frame the final points and the reference point with a 12% margin.
std::pair<std::pair<double, double>, std::pair<double, double>> finalsFrame(
    const std::vector<Eigen::Vector2d>& finals, const Eigen::Vector2d& reference);

// IGD and IGD+ (analysis/pareto.h) of the shown two-task front, for the line under the plot:
// "   ·   IGD to the analytic front 0.0123 (IGD+ 0.0101)" against the problem's analytic front
// (training losses only: `analytic` in task order, empty for none) and against the CSV reference
// set at `referencePath` (its columns named by the pair's tasks; the error, located, if it does
// not read). Empty when there is neither or the front is empty.
QString igdSummary(const Eigen::MatrixXd& front, const std::vector<Eigen::VectorXd>& analytic, int a, int b,
    const QStringList& taskNames, const QString& referencePath);

// The hypervolume of the runs' final points over all their tasks (exact for 3: tasks = 3; other
// task counts leave tasks 0), against their nadir plus 10 % of their range per task (the 2-D
// view's automatic rule).
struct FinalsHypervolume {
    int tasks = 0;
    double value = 0;
    Eigen::VectorXd reference;
};
FinalsHypervolume finalsHypervolume(
    const QList<RunHistoryPtr>& runs, ParetoObjective objective = ParetoObjective::TrainingLoss);

// The scatter-plot matrix of the final losses: a panel per pair of tasks (i < j; the first 8
// tasks at most, 28 panels), each run's final point in its colour, the pair's non-dominated
// final points ringed; each panel fits its own axes; one legend of the runs.
void drawFinalPairs(TaskPanelGrid& grid, const QList<RunHistoryPtr>& runs, const QStringList& labels,
    ParetoObjective objective = ParetoObjective::TrainingLoss);

} // namespace mtw::gui
