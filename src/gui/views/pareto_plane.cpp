#include "gui/views/pareto_plane.h"

#include "analysis/pareto.h"
#include "gui/views/pareto_figures.h"
#include "gui/views/seed_group_markers.h"
#include "gui/views/view_style.h"

#include <QCoreApplication>
#include <algorithm>

namespace mtw::gui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("mtw::gui::ParetoView", text);
}

ChartSeries scatter(const QString& name, const QColor& color, int size, QScatterSeries::MarkerShape shape)
{
    ChartSeries s;
    s.kind = ChartSeries::Kind::Scatter;
    s.name = name;
    s.color = color;
    s.markerSize = size;
    s.shape = shape;
    return s;
}

// Each run's trajectory (training losses only) and final point.
void addRuns(ParetoPlane& plane, std::vector<Eigen::Vector2d>& all, const QList<RunHistoryPtr>& runs,
    const QStringList& labels, const ParetoPlaneRequest& request)
{
    const int a = request.taskX, b = request.taskY;
    const bool losses = request.objective == ParetoObjective::TrainingLoss;
    for (int r = 0; r < runs.size(); ++r) {
        const RunHistoryPtr& run = runs[r];
        if (!run || run->taskCount() <= std::max(a, b))
            continue;
        const QColor color = style::runColor(*run, r);
        if (losses) {
            ChartSeries trail
                = scatter((runs.size() > 1 ? labels[r] + QStringLiteral(" · ") : QString()) + tr("trajectory"), color,
                    5, QScatterSeries::MarkerShapeCircle);
            trail.inLegend = runs.size() == 1; // with several runs the final's entry stands for the run
            trail.color.setAlpha(110);
            for (const auto& [step, point] : run->lossTrajectory()) {
                trail.points.append({ point(a), point(b) });
                all.emplace_back(point(a), point(b));
            }
            plane.series.append(trail);
        }
        const Eigen::VectorXd f = finalObjectives(*run, request.objective);
        if (f.size() <= std::max(a, b))
            continue;
        // With one run its final is named as such; with several the run's name (a click on it
        // hides the run's trajectory too).
        ChartSeries fin = scatter(
            runs.size() > 1 ? labels[r] : labels[r] + tr(" (final)"), color, 14, QScatterSeries::MarkerShapeRectangle);
        fin.points = { QPointF(f(a), f(b)) };
        plane.series.append(fin);
        plane.finals.emplace_back(f(a), f(b));
        all.emplace_back(f(a), f(b));
    }
}

ChartSeries frontSeries(const Eigen::MatrixXd& front)
{
    ChartSeries s;
    s.name = tr("non-dominated front");
    s.color = QColor(20, 20, 20);
    s.width = 2.5;
    for (Eigen::Index k = 0; k < front.rows(); ++k)
        s.points.append({ front(k, 0), front(k, 1) });
    if (s.points.size() == 1) {
        s.kind = ChartSeries::Kind::Scatter;
        s.markerSize = 9;
    }
    return s;
}

ChartSeries analyticSeries(std::span<const Eigen::VectorXd> analytic, int a, int b)
{
    ChartSeries s;
    s.name = tr("analytic front");
    s.color = QColor(110, 110, 110);
    s.style = Qt::DashLine;
    std::vector<QPointF> points;
    for (const Eigen::VectorXd& p : analytic)
        points.emplace_back(p(a), p(b));
    std::sort(points.begin(), points.end(), [](const QPointF& x, const QPointF& y) { return x.x() < y.x(); });
    s.points = QVector<QPointF>(points.begin(), points.end());
    return s;
}

} // namespace

ParetoPlane buildParetoPlane(
    const QList<RunHistoryPtr>& runs, const QStringList& labels, const ParetoPlaneRequest& request)
{
    ParetoPlane plane;
    std::vector<Eigen::Vector2d> all;
    addRuns(plane, all, runs, labels, request);
    if (request.grouping != SeedGrouping::Separate)
        plane.series.append(seedGroupMarkers(runs, request.taskX, request.taskY, request.grouping, request.objective));
    const bool losses = request.objective == ParetoObjective::TrainingLoss;
    const std::vector<Eigen::Vector2d>& candidates = losses && request.includeTrajectories ? all : plane.finals;
    plane.candidates.resize(static_cast<Eigen::Index>(candidates.size()), 2);
    for (std::size_t k = 0; k < candidates.size(); ++k)
        plane.candidates.row(static_cast<Eigen::Index>(k)) = candidates[k].transpose();

    // Automatic reference: the nadir of the points the hypervolume is over plus 10 % of their
    // range per axis. Not of everything shown: the trajectories' first losses put the reference
    // so far out that every method got nearly the same hypervolume.
    plane.reference = request.reference;
    if (!request.userReference && plane.candidates.rows() > 0)
        plane.reference = nadirReference(plane.candidates);
    plane.front.resize(0, 2);
    if (plane.candidates.rows() > 0) {
        plane.front = sortedFront(plane.candidates);
        // A dynamic copy: converting the fixed Vector2d trips GCC 12's -Warray-bounds on Eigen's
        // AVX path (a false positive).
        Eigen::VectorXd reference(2);
        reference << plane.reference(0), plane.reference(1);
        plane.hypervolume = analysis::hypervolume(plane.front, reference);
        plane.series.append(frontSeries(plane.front));
    }
    if (losses && !request.analytic.empty() && request.analytic.front().size() > std::max(request.taskX, request.taskY))
        plane.series.append(analyticSeries(request.analytic, request.taskX, request.taskY));
    ChartSeries reference = scatter(tr("reference point"), QColor(200, 0, 0), 12, QScatterSeries::MarkerShapeStar);
    reference.points = { QPointF(plane.reference(0), plane.reference(1)) };
    plane.series.append(reference);
    return plane;
}

QString paretoPlaneCaption(const ParetoPlane& plane, const ParetoPlaneRequest& request, const QStringList& taskNames)
{
    if (plane.candidates.rows() == 0)
        return tr("No points yet");
    const bool withTrajectories = request.objective == ParetoObjective::TrainingLoss && request.includeTrajectories;
    const QString rule = request.userReference
        ? QString()
        : tr(" = nadir of the %1 + 10 %").arg(withTrajectories ? tr("points") : tr("final points"));
    return tr("Hypervolume (%1, %2) = %3   with reference (%4, %5)%8; front: %6 of %7 points")
        .arg(taskNames.value(request.taskX), taskNames.value(request.taskY))
        .arg(plane.hypervolume, 0, 'g', 6)
        .arg(plane.reference(0), 0, 'g', 5)
        .arg(plane.reference(1), 0, 'g', 5)
        .arg(plane.front.rows())
        .arg(plane.candidates.rows())
        .arg(rule);
}

} // namespace mtw::gui
