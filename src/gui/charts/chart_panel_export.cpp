// ChartPanel's figures: the chart laid out and rendered at a figure's size, with what only a
// figure needs (scatters thinned to what shows, dashed lines at full width). The series and axes
// are in chart_panel.cpp.
#include "gui/charts/chart_panel.h"

#include <QChart>
#include <QCoreApplication>
#include <QGraphicsScene>
#include <QScatterSeries>
#include <QXYSeries>
#include <algorithm>
#include <cmath>

namespace mtw::gui {

// On screen, dashed and dotted lines are at most 1 px wide: Qt draws those with its cosmetic
// stroker, dash by dash, where wider ones go through the general stroker, which took over a second
// per frame for a few noisy 2,000-point series (the dashes of every zig-zag). Figures get the
// full width (renderTo).
QPen ChartPanel::linePen(const ChartSeries& d, bool figure)
{
    QPen pen = d.style.pen(d.color, d.style.isSolid() || figure ? d.width : std::min(d.width, 1.0));
    pen.setCosmetic(true);
    return pen;
}

// A scatter point drawn within a marker of a later point of its series is (mostly) hidden under it:
// in a figure it adds bytes, not ink (the demo's Pareto trajectories made a 17 MB SVG). Keeps
// the last point of each marker-wide cell of the figure's layout; returns the full point lists
// to put back after rendering.
QHash<int, QVector<QPointF>> ChartPanel::thinScattersForExport()
{
    QHash<int, QVector<QPointF>> saved;
    for (int i = 0; i < m_data.size() && i < m_series.size(); ++i) {
        if (m_data[i].kind != ChartSeries::Kind::Scatter || m_series[i]->count() < 64 || !m_series[i]->isVisible())
            continue;
        const QVector<QPointF> points = m_series[i]->points();
        const double cell = std::max(1.0, m_data[i].markerSize);
        QSet<QPair<qint64, qint64>> taken;
        QVector<QPointF> kept;
        for (auto it = points.crbegin(); it != points.crend(); ++it) {
            const QPointF at = chart()->mapToPosition(*it, m_series[i]);
            const QPair<qint64, qint64> key { qint64(std::floor(at.x() / cell)), qint64(std::floor(at.y() / cell)) };
            if (!taken.contains(key)) {
                taken.insert(key);
                kept.append(*it);
            }
        }
        if (kept.size() == points.size())
            continue;
        std::reverse(kept.begin(), kept.end());
        saved.insert(i, points);
        m_series[i]->replace(kept);
    }
    return saved;
}

void ChartPanel::renderTo(QPainter& painter, const QRectF& rect)
{
    // Lay the chart out for the target size (axis labels and legend at their natural size rather
    // than a scaled screenshot), render, then give the view its own size back.
    const QSizeF old = chart()->size();
    const QRectF oldScene = scene()->sceneRect();
    chart()->resize(rect.size());
    scene()->setSceneRect(QRectF(QPointF(0, 0), rect.size()));
    layoutLegend(rect.size());
    updateTicks(rect.size()); // as many ticks as the figure holds
    // Qt Charts lays the axes out again on a posted event: run it now, before painting.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    const QHash<int, QVector<QPointF>> thinned = thinScattersForExport();
    const auto dashWidths = [this](bool figure) {
        for (int i = 0; i < m_data.size() && i < m_series.size(); ++i)
            if (m_data[i].kind == ChartSeries::Kind::Line && !m_data[i].style.isSolid())
                m_series[i]->setPen(linePen(m_data[i], figure));
    };
    dashWidths(true);
    scene()->render(&painter, rect, QRectF(QPointF(0, 0), rect.size()), Qt::IgnoreAspectRatio);
    dashWidths(false);
    for (auto it = thinned.begin(); it != thinned.end(); ++it)
        m_series[it.key()]->replace(it.value());
    chart()->resize(old);
    scene()->setSceneRect(oldScene);
    layoutLegend(old);
    updateTicks(old);
}

} // namespace mtw::gui
