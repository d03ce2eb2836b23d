#include "gui/charts/chart_legend.h"

#include <QFontMetricsF>
#include <QGraphicsSceneMouseEvent>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace mtw::gui {

namespace {
constexpr double kGap = 6; // between the plot and the legend, and between columns
constexpr int kRowEntries = 5; // up to this many entries sit in a row below the plot
} // namespace

ChartLegend::ChartLegend()
{
    setAcceptedMouseButtons(Qt::LeftButton);
    setZValue(50);
    m_font.setPointSizeF(9);
}

void ChartLegend::setEntries(const QList<LegendEntry>& entries, const QSet<QString>& hidden)
{
    m_entries = entries;
    m_hidden = hidden;
    update();
}

QMargins ChartLegend::place(const QSizeF& size)
{
    prepareGeometryChange();
    m_rects.clear();
    m_bounds = QRectF();
    if (m_entries.isEmpty() || !(size.width() > 0) || !(size.height() > 0))
        return {};
    const auto widest = [&](const QFont& font) {
        double w = 0;
        for (const LegendEntry& e : std::as_const(m_entries))
            w = std::max(w, legendEntryWidth(e, font));
        return w;
    };
    // A few entries go in a row under the plot; many in columns on the right, unless those would
    // take more than a third of a narrow chart's width (a scatter beside another chart): then in
    // wrapped rows under it.
    QFont side = m_font;
    side.setPointSizeF(9);
    const bool narrow = widest(side) + 2 * kGap > size.width() / 3;
    if (m_entries.size() <= kRowEntries || narrow)
        return placeInRows(size);
    // Columns on the right, from below the title to the bottom; the font shrinks to 6.5 pt
    // before a second column is added.
    const double top = size.height() * 0.08, available = size.height() - top - kGap;
    double points = 9;
    int perColumn = 1;
    for (;; points -= 0.5) {
        m_font.setPointSizeF(points);
        perColumn = std::max(1, static_cast<int>(available / (QFontMetricsF(m_font).height() * 1.25)));
        if (perColumn >= m_entries.size() || points <= 6.5)
            break;
    }
    const QFontMetricsF metrics(m_font);
    const double rowHeight = metrics.height() * 1.25, columnWidth = widest(m_font) + 2 * kGap;
    const int columns = static_cast<int>((m_entries.size() + perColumn - 1) / perColumn);
    if (columns * columnWidth > 0.4 * size.width()) // columns would squeeze the plot (a short, small figure)
        return placeInRows(size);
    for (int i = 0; i < m_entries.size(); ++i)
        m_rects.append(QRectF(
            (i / perColumn) * columnWidth, (i % perColumn) * rowHeight, columnWidth - 2 * kGap, metrics.height()));
    const double width = columns * columnWidth;
    const int rowsUsed = std::min<int>(perColumn, static_cast<int>(m_entries.size()));
    const double height = rowsUsed * rowHeight;
    setPos(size.width() - width - kGap, top + std::max(0.0, (available - height) / 2));
    m_bounds = QRectF(0, 0, width, height);
    return QMargins(0, 0, static_cast<int>(std::ceil(width + kGap)), 0);
}

// Wrapped rows under the plot, centred, at 9 pt, or smaller (to 6.5 pt) while the rows would take
// more than a third of the chart's height.
QMargins ChartLegend::placeInRows(const QSizeF& size)
{
    double height = 0;
    for (double points = 9; points >= 6.5; points -= 0.5) {
        m_font.setPointSizeF(points);
        m_rects = flowLegend(m_entries, m_font, size.width() - 2 * kGap, &height);
        if (height <= size.height() / 3)
            break;
    }
    // Centre the rows' block; the item sits at the bottom of the chart.
    double used = 0;
    for (const QRectF& r : std::as_const(m_rects))
        used = std::max(used, r.right());
    setPos(std::max(kGap, (size.width() - used) / 2), size.height() - height - kGap / 2);
    m_bounds = QRectF(0, 0, used, height);
    return QMargins(0, 0, 0, static_cast<int>(std::ceil(height + kGap)));
}

QRectF ChartLegend::entryRect(int i) const
{
    return i >= 0 && i < m_rects.size() ? mapRectToScene(m_rects[i]) : QRectF();
}

void ChartLegend::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*)
{
    for (int i = 0; i < m_entries.size() && i < m_rects.size(); ++i)
        paintLegendEntry(*painter, m_rects[i], m_entries[i], m_font, m_hidden.contains(m_entries[i].label));
}

void ChartLegend::mousePressEvent(QGraphicsSceneMouseEvent* event)
{
    for (int i = 0; i < m_rects.size() && i < m_entries.size(); ++i)
        if (m_rects[i].adjusted(-2, -2, 2, 2).contains(event->pos())) {
            event->accept();
            emit clicked(m_entries[i].label);
            return;
        }
    event->ignore();
}

} // namespace mtw::gui
