#pragma once
// The Pareto view's plane of two tasks as data, without widgets: each run's trajectory and final
// point in the plane (taskX, taskY), the seed groups' mean points, the non-dominated front of
// the final points (or of every point), its exact hypervolume up to the reference point, the
// problem's analytic front, and the caption under the plot. The view adds the controls and
// draws; tests check the numbers here directly.
#include "gui/charts/chart_panel.h"
#include "gui/run_history.h"
#include "gui/seed_groups.h"
#include "gui/views/pareto_objective.h"

#include <Eigen/Dense>
#include <QStringList>
#include <span>
#include <vector>

namespace mtw::gui {

struct ParetoPlaneRequest {
    int taskX = 0;
    int taskY = 1;
    ParetoObjective objective = ParetoObjective::TrainingLoss;
    // Trajectory points (training losses only) count for the front and the automatic reference.
    bool includeTrajectories = false;
    SeedGrouping grouping = SeedGrouping::Separate;
    // The user's reference point; without one, the nadir of the front's candidates plus 10 % of
    // their range (analysis::nadirReference), or `reference` while there is no candidate yet.
    bool userReference = false;
    Eigen::Vector2d reference = Eigen::Vector2d::Zero();
    std::span<const Eigen::VectorXd> analytic; // the problem's analytic front in task order (not owned); empty: none
};

struct ParetoPlane {
    QList<ChartSeries> series; // trajectories, finals, seed groups, front, analytic front, reference
    std::vector<Eigen::Vector2d> finals; // one per run that has a final point in the plane
    Eigen::MatrixXd candidates; // N x 2: the points the front and the automatic reference are over
    Eigen::MatrixXd front; // K x 2, sorted by x
    Eigen::Vector2d reference = Eigen::Vector2d::Zero();
    double hypervolume = 0;
};

// `labels`: one legend name per run (run_labels.h).
ParetoPlane buildParetoPlane(
    const QList<RunHistoryPtr>& runs, const QStringList& labels, const ParetoPlaneRequest& request);

// The line under the plot: the pair's hypervolume with its reference point and the rule that set
// it, and how many of the candidates are on the front; "No points yet" without candidates.
QString paretoPlaneCaption(const ParetoPlane& plane, const ParetoPlaneRequest& request, const QStringList& taskNames);

} // namespace mtw::gui
