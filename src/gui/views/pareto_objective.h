#pragma once
// What the Pareto view's points are: the training losses along the run (its trajectory and the
// exact final losses), or an outcome of the finished run, the last evaluation of the validation or
// test split, as a loss or a metric (higher-is-better metrics as 1 - metric, so that every
// objective is minimised; analysis/objective_direction.h).
#include "gui/run_history.h"

#include <QString>

namespace mtw::gui {

enum class ParetoObjective { TrainingLoss, ValidationLoss, TestLoss, ValidationMetric, TestMetric };

// The objectives in the order the view offers them, and their names there.
const QList<ParetoObjective>& paretoObjectives();
QString objectiveName(ParetoObjective objective);

// The run's final point: per task the objective to minimise; empty while it has none (no
// evaluation of that split yet, or a task count that does not match).
Eigen::VectorXd finalObjectives(const RunHistory& run, ParetoObjective objective);

// An axis title: "<task> loss", "<task> validation loss", "<task> 1 - accuracy (test)", ...
QString objectiveAxisTitle(const RunHistory& run, int task, ParetoObjective objective);

} // namespace mtw::gui
