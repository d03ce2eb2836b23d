// HeatmapPlot's overlays: trajectories (thinned to what a pixel shows), start and end markers
// and their legend in the plot's corner. The grid, axes and colour bar are in heatmap_plot.cpp.
#include "gui/charts/heatmap_plot.h"

#include <QPainter>

namespace mtw::gui {

QVector<QPointF> thinPixelPolyline(const QVector<QPointF>& points, double minDistance)
{
    QVector<QPointF> kept;
    if (points.isEmpty())
        return kept;
    kept.reserve(points.size());
    kept.append(points.front());
    const double min2 = minDistance * minDistance;
    for (qsizetype i = 1; i + 1 < points.size(); ++i) {
        const QPointF d = points[i] - kept.back();
        if (d.x() * d.x() + d.y() * d.y() >= min2)
            kept.append(points[i]);
    }
    if (points.size() > 1)
        kept.append(points.back());
    return kept;
}

void HeatmapPlot::paintOverlays(QPainter& painter, const QRectF& plot) const
{
    for (const PlotOverlay& o : m_overlays) {
        QVector<QPointF> px;
        px.reserve(o.points.size());
        for (const QPointF& p : o.points)
            px.append(dataToPixel(p, plot));
        // A trajectory of thousands of steps that dwells near its end point would be stroked
        // point by point (round joins: an arc each), which took most of the GUI thread while a
        // run trained; points within half a pixel of the last drawn one change no pixel.
        px = thinPixelPolyline(px, 0.5);
        if (o.lineWidth > 0 && px.size() > 1) {
            // A dark halo keeps the line readable on both ends of the colormap.
            painter.setPen(QPen(QColor(0, 0, 0, 140), o.lineWidth + 2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
            painter.drawPolyline(px.data(), static_cast<int>(px.size()));
            painter.setPen(QPen(o.color, o.lineWidth, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
            painter.drawPolyline(px.data(), static_cast<int>(px.size()));
        }
        if (o.marker == PlotOverlay::Marker::None)
            continue;
        painter.setPen(QPen(Qt::black, 1));
        painter.setBrush(o.color);
        const double s = o.markerSize;
        for (const QPointF& p : px) {
            if (o.marker == PlotOverlay::Marker::Circle)
                painter.drawEllipse(p, s, s);
            else if (o.marker == PlotOverlay::Marker::Square)
                painter.drawRect(QRectF(p.x() - s, p.y() - s, 2 * s, 2 * s));
            else {
                const QPointF tri[3]
                    = { { p.x(), p.y() - s * 1.2 }, { p.x() - s, p.y() + s * 0.8 }, { p.x() + s, p.y() + s * 0.8 } };
                painter.drawPolygon(tri, 3);
            }
        }
    }
    // Legend of labelled overlays in the top-left corner of the plot.
    double y = plot.top() + 6;
    for (const PlotOverlay& o : m_overlays) {
        if (o.label.isEmpty())
            continue;
        const QRectF box(plot.left() + 6, y, painter.fontMetrics().horizontalAdvance(o.label) + 30,
            painter.fontMetrics().height() + 4);
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(255, 255, 255, 200));
        painter.drawRect(box);
        // The entry shows what the plot draws: the marker's shape, or a line sample.
        const QPointF at(box.left() + 10, box.center().y());
        painter.setBrush(o.color);
        painter.setPen(QPen(Qt::black, 1));
        if (o.marker == PlotOverlay::Marker::Circle)
            painter.drawEllipse(at, 4, 4);
        else if (o.marker == PlotOverlay::Marker::Square)
            painter.drawRect(QRectF(at.x() - 4, at.y() - 4, 8, 8));
        else if (o.marker == PlotOverlay::Marker::None) {
            painter.setPen(QPen(QColor(0, 0, 0, 140), o.lineWidth + 2));
            painter.drawLine(at - QPointF(7, 0), at + QPointF(7, 0));
            painter.setPen(QPen(o.color, o.lineWidth));
            painter.drawLine(at - QPointF(7, 0), at + QPointF(7, 0));
            painter.setPen(QPen(Qt::black, 1));
        } else {
            const QPointF tri[3]
                = { { at.x(), at.y() - 5 }, { at.x() - 4, at.y() + 3.5 }, { at.x() + 4, at.y() + 3.5 } };
            painter.drawPolygon(tri, 3);
        }
        painter.drawText(box.adjusted(22, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft, o.label);
        y += box.height() + 2;
    }
    painter.setBrush(Qt::NoBrush);
}

} // namespace mtw::gui
