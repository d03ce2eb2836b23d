#pragma once
// The Pareto view's seed groups: each group of 2+ runs that differ only by seed (seed_groups.h)
// as the mean of its final points in the plane of tasks (taskX, taskY), with error bars along
// both axes (+- sample std or min-max), in the colour of the group's first run.
#include "gui/charts/chart_panel.h"
#include "gui/seed_groups.h"
#include "gui/views/pareto_objective.h"

namespace mtw::gui {

// A scatter marker per group (in the legend) and its two error bars (not in the legend).
QList<ChartSeries> seedGroupMarkers(const QList<RunHistoryPtr>& runs, int taskX, int taskY, SeedGrouping grouping,
    ParetoObjective objective = ParetoObjective::TrainingLoss);

} // namespace mtw::gui
