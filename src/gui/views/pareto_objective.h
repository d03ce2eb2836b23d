#pragma once
// What the Pareto view's points are: the training losses along the run (its trajectory and the
// exact final losses), or an outcome of the finished run, the last evaluation of the validation or
// test split, as a loss, the primary metric, F1 or AUC (higher-is-better metrics as 1 - metric, so that every
// objective is minimised; analysis/objective_direction.h).
#include "gui/run_history.h"

#include <QString>

namespace mtw::gui {

// Metric: the task's primary metric (accuracy, MSE); F1 (macro-F1 for classification tasks) and
// AUC: of classification and binary tasks only (problem/task_metrics.h).
enum class ParetoObjective {
    TrainingLoss,
    ValidationLoss,
    TestLoss,
    ValidationMetric,
    TestMetric,
    ValidationF1,
    TestF1,
    ValidationAuc,
    TestAuc
};

// The objectives in the order the view offers them, and their names there.
const QList<ParetoObjective>& paretoObjectives();
QString objectiveName(ParetoObjective objective);

// The run's final point: per task the objective to minimise; empty while it has none (no
// evaluation of that split yet, or a task count that does not match).
Eigen::VectorXd finalObjectives(const RunHistory& run, ParetoObjective objective);

// An axis title: "<task> loss", "<task> validation loss", "<task> 1 - accuracy (test)", ...
QString objectiveAxisTitle(const RunHistory& run, int task, ParetoObjective objective);

} // namespace mtw::gui
