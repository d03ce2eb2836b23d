#include "gui/views/seed_group_markers.h"

#include "gui/views/view_style.h"

#include <QObject>

namespace mtw::gui {

QList<ChartSeries> seedGroupMarkers(
    const QList<RunHistoryPtr>& runs, int a, int b, SeedGrouping grouping, ParetoObjective objective)
{
    QList<ChartSeries> out;
    const QList<SeedGroup> groups = groupBySeed(runs);
    for (const SeedGroup& group : groups) {
        if (group.runs.size() < 2)
            continue;
        std::vector<double> xs, ys;
        for (const RunHistoryPtr& run : group.runs) {
            const Eigen::VectorXd f = finalObjectives(*run, objective);
            if (f.size() > std::max(a, b)) {
                xs.push_back(f(a));
                ys.push_back(f(b));
            }
        }
        if (xs.size() < 2)
            continue;
        const Spread x = spreadOf(xs, grouping), y = spreadOf(ys, grouping);
        const QColor color = style::runColor(*group.runs.front(), static_cast<int>(runs.indexOf(group.runs.front())));
        ChartSeries mean;
        mean.kind = ChartSeries::Kind::Scatter;
        mean.name = group.label
            + (grouping == SeedGrouping::MeanStd ? QObject::tr(" (mean ± std)") : QObject::tr(" (mean, min–max)"));
        mean.color = color;
        mean.markerSize = 16;
        mean.shape = QScatterSeries::MarkerShapeTriangle;
        mean.points = { QPointF(x.mean, y.mean) };
        for (const auto& [from, to] : { std::pair(QPointF(x.low, y.mean), QPointF(x.high, y.mean)),
                 std::pair(QPointF(x.mean, y.low), QPointF(x.mean, y.high)) }) {
            ChartSeries bar;
            bar.name = mean.name + (from.y() == to.y() ? QObject::tr(" x error bar") : QObject::tr(" y error bar"));
            bar.color = color;
            bar.width = 2.0;
            bar.inLegend = false;
            bar.points = { from, to };
            out.append(bar);
        }
        out.append(mean);
    }
    return out;
}

} // namespace mtw::gui
