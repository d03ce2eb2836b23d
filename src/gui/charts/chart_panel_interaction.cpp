// ChartPanel's interaction: zoom, pan, keys, the crosshair, hover on scatter points and legend
// clicks that hide a series. The series and axes are in chart_panel.cpp.
#include "gui/charts/chart_panel.h"

#include "gui/charts/chart_legend.h"

#include <QChart>
#include <QContextMenuEvent>
#include <QCoreApplication>
#include <QCursor>
#include <QGraphicsLineItem>
#include <QToolTip>
#include <QWheelEvent>
#include <QXYSeries>
#include <algorithm>
#include <cmath>

namespace mtw::gui {

void ChartPanel::wheelEvent(QWheelEvent* event)
{
    // Zoom about the cursor: the plot point under the mouse stays put.
    const double factor = event->angleDelta().y() > 0 ? 0.8 : 1.25;
    const QRectF area = chart()->plotArea();
    const QPointF c = event->position();
    QRectF r(c.x() - (c.x() - area.left()) * factor, c.y() - (c.y() - area.top()) * factor, area.width() * factor,
        area.height() * factor);
    chart()->zoomIn(r);
    markZoomed();
    event->accept();
}

void ChartPanel::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::RightButton || event->button() == Qt::MiddleButton) {
        m_panning = true;
        m_lastPan = m_panStart = event->pos();
        m_rightClick = event->button() == Qt::RightButton;
        event->accept();
        return;
    }
    QChartView::mousePressEvent(event);
}

void ChartPanel::mouseMoveEvent(QMouseEvent* event)
{
    if (m_panning) {
        const QPoint d = event->pos() - m_lastPan;
        m_lastPan = event->pos();
        if ((event->pos() - m_panStart).manhattanLength() > 4)
            m_rightClick = false;
        chart()->scroll(-d.x(), d.y());
        markZoomed();
        event->accept();
        return;
    }
    showCrosshair(event->pos());
    QChartView::mouseMoveEvent(event);
}

void ChartPanel::leaveEvent(QEvent* event)
{
    hideCrosshair();
    QChartView::leaveEvent(event);
}

void ChartPanel::resizeEvent(QResizeEvent* event)
{
    QChartView::resizeEvent(event);
    layoutLegend(chart()->size());
    updateTicks();
}

void ChartPanel::mouseReleaseEvent(QMouseEvent* event)
{
    if (m_panning) {
        m_panning = false;
        event->accept();
        if (m_rightClick && event->button() == Qt::RightButton && parentWidget()) {
            // A right click without a drag: the parent view's context menu (see below).
            m_rightClick = false;
            QContextMenuEvent menu(
                QContextMenuEvent::Mouse, mapTo(parentWidget(), event->pos()), event->globalPosition().toPoint());
            QCoreApplication::sendEvent(parentWidget(), &menu);
        }
        return;
    }
    // A rubber band that zoomed changed the ranges; a click (on the legend, say) did not.
    const auto before = std::make_pair(xRange(), yRange());
    QChartView::mouseReleaseEvent(event);
    if (event->button() == Qt::LeftButton && std::make_pair(xRange(), yRange()) != before)
        markZoomed();
}

// Right-drag pans, so the mouse's context menu (sent on press on X11) is held back until the
// release shows it was a click; the keyboard's menu key passes straight to the parent view.
void ChartPanel::contextMenuEvent(QContextMenuEvent* event)
{
    if (event->reason() == QContextMenuEvent::Mouse)
        event->accept();
    else
        event->ignore();
}

void ChartPanel::mouseDoubleClickEvent(QMouseEvent* event)
{
    resetZoom();
    event->accept();
}

void ChartPanel::keyPressEvent(QKeyEvent* event)
{
    switch (event->key()) {
    case Qt::Key_Plus:
        chart()->zoomIn();
        markZoomed();
        break;
    case Qt::Key_Minus:
        chart()->zoomOut();
        markZoomed();
        break;
    case Qt::Key_Left:
        chart()->scroll(-20, 0);
        markZoomed();
        break;
    case Qt::Key_Right:
        chart()->scroll(20, 0);
        markZoomed();
        break;
    case Qt::Key_Up:
        chart()->scroll(0, 20);
        markZoomed();
        break;
    case Qt::Key_Down:
        chart()->scroll(0, -20);
        markZoomed();
        break;
    case Qt::Key_Home:
    case Qt::Key_0:
        resetZoom();
        break;
    default:
        QChartView::keyPressEvent(event);
        return;
    }
    event->accept();
}

// Shows the nearest recorded point (by x) rather than the interpolated position on the line.
void ChartPanel::showHover(int seriesIndex, const QPointF& point, bool state)
{
    if (!state || seriesIndex >= m_data.size()) {
        QToolTip::hideText();
        return;
    }
    const QVector<QPointF>& pts = m_data[seriesIndex].points;
    if (pts.isEmpty())
        return;
    const auto it = std::min_element(pts.begin(), pts.end(), [&point](const QPointF& a, const QPointF& b) {
        return std::abs(a.x() - point.x()) + std::abs(a.y() - point.y()) * 1e-9
            < std::abs(b.x() - point.x()) + std::abs(b.y() - point.y()) * 1e-9;
    });
    const QString xName = m_xTitle.isEmpty() ? QStringLiteral("x") : m_xTitle;
    QToolTip::showText(QCursor::pos(),
        QStringLiteral("%1\n%2: %3\n%4: %5")
            .arg(m_data[seriesIndex].name, xName)
            .arg(it->x(), 0, 'g', 8)
            .arg(m_yTitle.isEmpty() ? QStringLiteral("y") : m_yTitle)
            .arg(dataY(it->y()), 0, 'g', 6),
        this);
}

// A hidden legend key hides the series it names and those it is a part of: names are
// "<run> · <task>" in overlays, so a factored legend's "task2" or "ew" entry hides that task in
// every run or that run's every task; "(raw)" and "(spread)" companions go with their line.
bool ChartPanel::hiddenByUser(const QString& name) const
{
    if (m_hidden.isEmpty())
        return false;
    const QStringList parts = name.split(QStringLiteral(" \u00b7 "));
    for (const QString& hidden : m_hidden) {
        if (name == hidden || name.startsWith(hidden + QStringLiteral(" (")))
            return true;
        if (parts.size() > 1)
            for (const QString& part : parts)
                if (part == hidden || part.startsWith(hidden + QStringLiteral(" (")))
                    return true;
    }
    return false;
}

bool ChartPanel::isSeriesHidden(const QString& name) const
{
    return m_hidden.contains(name);
}

bool ChartPanel::isSeriesVisible(int i) const
{
    if (i < 0 || i >= m_series.size())
        return false;
    const QXYSeries* s = m_series[i];
    return m_data[i].kind == ChartSeries::Kind::Band ? qobject_cast<const QAbstractSeries*>(s->parent())->isVisible()
                                                     : s->isVisible();
}

void ChartPanel::setSeriesHidden(const QString& name, bool hidden)
{
    if (hidden == m_hidden.contains(name))
        return;
    if (hidden)
        m_hidden.insert(name);
    else
        m_hidden.remove(name);
    applyVisibility();
    if (!m_userZoomed)
        fitAxes();
}

// Hidden series keep their legend entry, greyed, so a second click brings them back.
void ChartPanel::applyVisibility()
{
    for (int i = 0; i < m_data.size() && i < m_series.size(); ++i) {
        QAbstractSeries* series = m_data[i].kind == ChartSeries::Kind::Band
            ? qobject_cast<QAbstractSeries*>(m_series[i]->parent())
            : m_series[i];
        series->setVisible(!hiddenByUser(m_data[i].name));
    }
    m_legend->setEntries(m_legend->entries(), m_hidden);
}

QString ChartPanel::crosshairText(double x) const
{
    struct Row {
        QString name;
        double y;
    };
    QList<Row> rows;
    for (int i = 0; i < m_data.size(); ++i) {
        const ChartSeries& d = m_data[i];
        if (d.kind != ChartSeries::Kind::Line || !d.inLegend || d.points.isEmpty() || hiddenByUser(d.name))
            continue;
        // Line points are in step order: the nearest recorded x by bisection.
        auto it = std::lower_bound(
            d.points.begin(), d.points.end(), x, [](const QPointF& p, double v) { return p.x() < v; });
        if (it == d.points.end() || (it != d.points.begin() && std::abs((it - 1)->x() - x) <= std::abs(it->x() - x)))
            --it;
        rows.append({ d.name, dataY(it->y()) });
    }
    if (rows.isEmpty())
        return {};
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.y > b.y; });
    QString text = QStringLiteral("%1 %2").arg(m_xTitle.isEmpty() ? QStringLiteral("x") : m_xTitle).arg(x, 0, 'g', 8);
    const int shown = std::min<int>(rows.size(), 16);
    for (int i = 0; i < shown; ++i)
        text += QStringLiteral("\n%1: %2").arg(rows[i].name).arg(rows[i].y, 0, 'g', 6);
    if (rows.size() > shown)
        text += tr("\n... and %1 more").arg(rows.size() - shown);
    return text;
}

void ChartPanel::showCrosshair(const QPoint& pos)
{
    const QRectF area = chart()->plotArea();
    const QPointF scenePos = mapToScene(pos);
    const bool lines = std::any_of(
        m_data.begin(), m_data.end(), [](const ChartSeries& d) { return d.kind == ChartSeries::Kind::Line; });
    if (!lines || !m_categories.isEmpty() || !area.contains(scenePos) || m_series.isEmpty()) {
        hideCrosshair();
        return;
    }
    const double x = chart()->mapToValue(scenePos, m_series.front()).x();
    const QString text = crosshairText(x);
    if (text.isEmpty()) {
        hideCrosshair();
        return;
    }
    if (!m_crosshair) {
        m_crosshair = new QGraphicsLineItem;
        QPen pen(QColor(0, 0, 0, 110), 1, Qt::DashLine);
        pen.setCosmetic(true);
        m_crosshair->setPen(pen);
        m_crosshair->setZValue(1000);
        scene()->addItem(m_crosshair);
    }
    m_crosshair->setLine(scenePos.x(), area.top(), scenePos.x(), area.bottom());
    m_crosshair->show();
    QToolTip::showText(mapToGlobal(pos) + QPoint(14, 8), text, this);
}

void ChartPanel::hideCrosshair()
{
    if (m_crosshair && m_crosshair->isVisible()) {
        m_crosshair->hide();
        QToolTip::hideText();
    }
}

} // namespace mtw::gui
