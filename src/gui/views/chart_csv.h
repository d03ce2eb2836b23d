#pragma once
// The CSV of a chart is exactly what it draws: one row per drawn point (chart, series, x, y),
// after decimation, smoothing and the log-scale filter; a band's two edges are two series,
// "<name> (lower)" and "<name> (upper)".
#include "gui/charts/chart_panel.h"
#include "gui/charts/fitted_text.h"
#include "gui/export/csv_table.h"

#include <QFontMetricsF>
#include <QPainter>

namespace mtw::gui {

inline void appendChartRows(CsvTable& table, const ChartPanel& chart, const QString& chartName)
{
    const auto rows = [&](const QString& series, const QVector<QPointF>& points) {
        for (const QPointF& p : points)
            table.addRow({ chartName, series, CsvTable::number(p.x()), CsvTable::number(p.y()) });
    };
    for (int s = 0; s < chart.seriesCount(); ++s) {
        if (chart.isBand(s)) {
            rows(chart.seriesName(s) + QStringLiteral(" (lower)"), chart.seriesLowerPoints(s));
            rows(chart.seriesName(s) + QStringLiteral(" (upper)"), chart.seriesPoints(s));
        } else {
            rows(chart.seriesName(s), chart.seriesPoints(s));
        }
    }
}

inline QStringList chartCsvHeader()
{
    return { "chart", "series", "x", "y" };
}

// Paints charts stacked in a grid of `columns` columns into rect (exports).
inline void paintChartGrid(QPainter& painter, const QRectF& rect, const QList<ChartPanel*>& charts, int columns)
{
    if (charts.isEmpty())
        return;
    const int rows = static_cast<int>((charts.size() + columns - 1) / columns);
    const double w = rect.width() / columns, h = rect.height() / rows;
    for (int k = 0; k < charts.size(); ++k)
        charts[k]->renderTo(painter, QRectF(rect.left() + (k % columns) * w, rect.top() + (k / columns) * h, w, h));
}

// Draws a caption along the top or bottom edge of rect (the hypervolume, the landscape's status,
// the non-conflicting steps of 8 runs) and returns what is left of rect for the figure. A caption
// wider than the figure shrinks (to 7 pt) and then wraps onto a second line instead of running
// off the right edge.
inline QRectF paintCaptionLine(
    QPainter& painter, const QRectF& rect, const QString& text, Qt::Edge edge, const QColor& colour = Qt::black)
{
    const double room = rect.width() - 16;
    const FittedText fitted = fitText(text, painter.font(), room);
    const bool wraps = fitted.text != text;
    const QFontMetricsF metrics(fitted.font);
    const double h = wraps
        ? metrics.boundingRect(QRectF(0, 0, room, 1e6), Qt::TextWordWrap, text).height() + 0.6 * metrics.height()
        : painter.fontMetrics().height() * 1.5;
    const double top = edge == Qt::TopEdge ? rect.top() : rect.bottom() - h;
    painter.save();
    painter.setFont(fitted.font);
    painter.setPen(colour);
    const int flags = Qt::AlignLeft | Qt::AlignVCenter | (wraps ? int(Qt::TextWordWrap) : 0);
    painter.drawText(QRectF(rect.left() + 8, top, room, h), flags, text);
    painter.restore();
    return edge == Qt::TopEdge ? rect.adjusted(0, h, 0, 0) : rect.adjusted(0, 0, 0, -h);
}

} // namespace mtw::gui
