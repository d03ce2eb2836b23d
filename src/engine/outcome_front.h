#pragma once
// The outcome front of many runs (issue 14): each run's final result per task -- its training
// loss, or its last validation / test loss, metric, F1 or AUC -- as a point to minimise (higher-is-better
// metrics as 1 - metric, analysis/objective_direction.h), the non-dominated points, the
// hypervolume for 2 or 3 tasks against a reference point (given, or the points' nadir plus 10% of
// their range per task, the Pareto view's rule), and IGD / IGD+ of the front against a chosen
// reference set (Coello & Reyes Sierra 2004; Ishibuchi et al. 2015; analysis/pareto.h).
// `mtw-cli pareto` prints it; the Pareto view draws the same points (gui/views/pareto_objective.h).
#include "engine/run_collection.h"
#include "engine/study.h"

#include <Eigen/Dense>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace mtw::engine {

struct OutcomeFrontOptions {
    // final.loss (training loss at the last step), or final.<split>.<what> with split train,
    // validation or test and what loss, metric (the task's primary metric: accuracy, MSE), f1
    // (macro-F1 for classification tasks), auc or mae.
    std::string objective = "final.test.metric";
    std::vector<std::string> tasks; // the objectives' tasks, in axis order (at least one)
    std::optional<Eigen::VectorXd> reference; // hypervolume reference point
    Eigen::MatrixXd referenceFront; // the IGD reference set, rows in task order (0 rows: no IGD)
};

struct OutcomePoint {
    std::string run; // the run directory
    Eigen::VectorXd values; // minimised, in task order
    bool nonDominated = false;
};

struct OutcomeFront {
    std::vector<std::string> tasks;
    std::vector<std::string> axisNames; // e.g. "class 1 - accuracy (test)"
    std::vector<OutcomePoint> points;
    std::vector<SkippedRun> skipped; // runs without the objective, with the reason
    Eigen::VectorXd reference; // size 0 without a hypervolume (no points, or not 2-3 tasks)
    double hypervolume = std::numeric_limits<double>::quiet_NaN();
    double igd = std::numeric_limits<double>::quiet_NaN(); // of the non-dominated points to the reference set
    double igdPlus = std::numeric_limits<double>::quiet_NaN();
};

// Throws StudyError for an unknown objective, no tasks, or a reference of the wrong size; a run
// without one of the tasks is skipped with the reason.
OutcomeFront outcomeFront(const RunCollection& runs, const OutcomeFrontOptions& options);

} // namespace mtw::engine
