#include "gui/views/landscape_overlays.h"

#include "gui/run_labels.h"
#include "gui/views/view_style.h"

#include <QCoreApplication>

namespace mtw::gui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("LandscapeOverlays", text);
}

// A start circle and an end square for a drawn line (only the first line's are in the legend).
void addEnds(QList<PlotOverlay>& overlays, const PlotOverlay& line, bool named)
{
    PlotOverlay start;
    start.points = { line.points.front() };
    start.color = QColor(0, 200, 0);
    start.marker = PlotOverlay::Marker::Circle;
    start.markerSize = 6;
    start.label = named ? tr("start") : QString();
    overlays.append(start);
    // Each run's end in its own line's colour: the same red square for every run told nothing
    // about which run ended where.
    PlotOverlay end = start;
    end.points = { line.points.back() };
    end.color = line.color;
    end.marker = PlotOverlay::Marker::Square;
    end.label = named ? tr("end") : QString();
    overlays.append(end);
}

} // namespace

QList<PlotOverlay> planarTrajectoryOverlays(const QList<RunHistoryPtr>& runs)
{
    QList<PlotOverlay> overlays;
    const QStringList labels = runLabels(runs);
    for (int r = 0; r < runs.size(); ++r) {
        if (!runs[r])
            continue;
        const auto points = runs[r]->trajectory();
        if (points.empty() || points.front().second.size() != 2)
            continue;
        PlotOverlay line;
        line.label = runs.size() > 1 ? labels[r] : tr("trajectory");
        line.color = r == 0 ? QColor(255, 255, 255) : style::runColor(r).lighter(130);
        line.lineWidth = 2;
        for (const auto& p : points)
            line.points.append({ p.second(0), p.second(1) });
        overlays.append(line);
        addEnds(overlays, line, r == 0);
    }
    return overlays;
}

QList<PlotOverlay> projectedOverlays(const engine::LandscapeOutcome& outcome)
{
    QList<PlotOverlay> overlays;
    const Eigen::MatrixXd& path = outcome.result.trajectory;
    if (path.rows() >= 2) {
        PlotOverlay line;
        line.label = tr("parameter snapshots (projected)");
        line.color = Qt::white;
        line.lineWidth = 2;
        line.marker = PlotOverlay::Marker::Circle;
        line.markerSize = 3;
        for (Eigen::Index k = 0; k < path.rows(); ++k)
            line.points.append({ path(k, 0), path(k, 1) });
        overlays.append(line);
        addEnds(overlays, line, outcome.marks.empty());
    }
    const QColor markColors[3] = { QColor(0, 200, 0), QColor(255, 140, 0), QColor(230, 40, 40) };
    for (std::size_t m = 0; m < outcome.marks.size(); ++m) {
        PlotOverlay mark;
        mark.label = QString::fromStdString(outcome.marks[m].label);
        mark.points = { { outcome.marks[m].a, outcome.marks[m].b } };
        mark.color = markColors[m % 3];
        mark.marker = PlotOverlay::Marker::Triangle;
        mark.markerSize = 9;
        overlays.append(mark);
    }
    return overlays;
}

// PCA: each component's share of the trajectory's variance (Li et al. label their axes so);
// three points: distances in parameter space along the first two points' line and across it.
QString landscapeAxisTitle(const engine::LandscapeOutcome& outcome, int axis)
{
    if (outcome.planar)
        return axis == 0 ? QStringLiteral("x1") : QStringLiteral("x2");
    const analysis::LandscapeResult& r = outcome.result;
    if (r.planeKind == analysis::PlaneKind::TrajectoryPca)
        return tr("PC %1 (%2 % of the variance)").arg(axis + 1).arg(100 * r.explainedVariance(axis), 0, 'f', 1);
    if (r.planeKind == analysis::PlaneKind::ThreePoints && outcome.marks.size() == 3)
        return axis == 0
            ? tr("distance towards %1").arg(QString::fromStdString(outcome.marks[1].label))
            : tr("distance towards %1 (orthogonal part)").arg(QString::fromStdString(outcome.marks[2].label));
    return axis == 0 ? QStringLiteral("α (direction 1)") : QStringLiteral("β (direction 2)");
}

} // namespace mtw::gui
