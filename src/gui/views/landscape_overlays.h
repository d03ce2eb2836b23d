#pragma once
// What the Landscape view draws over its heatmap:
//  * planar problems: each run's trajectory, since its parameters are the plot coordinates
//    (line, start circle, end square in the run's colour);
//  * the PCA and three-point planes: the run's stored parameter snapshots projected on the plane
//    (Li et al. 2018, Fig. 8), and the three points, each named in the legend.
// On random and gradient planes the projection of a trajectory shows little of it (Li et al.,
// section 7), so nothing is drawn there.
#include "engine/landscape_job.h"
#include "gui/charts/heatmap_plot.h"
#include "gui/run_history.h"

#include <QList>

namespace mtw::gui {

QList<PlotOverlay> planarTrajectoryOverlays(const QList<RunHistoryPtr>& runs);
QList<PlotOverlay> projectedOverlays(const engine::LandscapeOutcome& outcome);
// The heatmap's axis titles (axis 0: x, 1: y) for the outcome's plane.
QString landscapeAxisTitle(const engine::LandscapeOutcome& outcome, int axis);

} // namespace mtw::gui
