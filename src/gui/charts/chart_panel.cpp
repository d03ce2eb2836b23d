#include "gui/charts/chart_panel.h"

#include <QCategoryAxis>
#include <QChart>
#include <QGraphicsScene>
#include <QLegend>
#include <QLegendMarker>
#include <QAreaSeries>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QContextMenuEvent>
#include <QCoreApplication>
#include <QCursor>
#include <QToolTip>
#include <QValueAxis>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

namespace mtw::gui {

namespace {
QFont labelFont(double points, bool bold = false)
{
    QFont f;
    f.setPointSizeF(points);
    f.setBold(bold);
    return f;
}
// A log x range on 1-2-5 values around [x0, x1] that holds a power of ten: Qt labels a log axis
// only at powers of ten, and whole decades would squeeze data spanning less than one.
std::pair<double, double> logRange(double x0, double x1)
{
    const double steps[] = { 1, 2, 5, 10 };
    const double low = std::pow(10.0, std::floor(std::log10(x0))), high = std::pow(10.0, std::floor(std::log10(x1)));
    double a = low, b = 10 * high;
    for (double step : steps)
        if (step * low <= x0 * (1 + 1e-12))
            a = step * low;
    for (int i = 3; i >= 0; --i)
        if (steps[i] * high >= x1 * (1 - 1e-12))
            b = steps[i] * high;
    const double power = std::pow(10.0, std::ceil(std::log10(a) - 1e-12));
    if (power > b) { // no labelled tick inside: extend the end that is nearer to one
        if (std::log10(power / b) < std::log10(a / low))
            b = power;
        else
            a = low;
    }
    return { a, b };
}
} // namespace

ChartPanel::ChartPanel(QWidget* parent)
    : QChartView(new QChart, parent)
{
    setRenderHint(QPainter::Antialiasing);
    setRubberBand(QChartView::RectangleRubberBand);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(320, 220);
    chart()->setMargins(QMargins(6, 6, 6, 6));
    chart()->legend()->setAlignment(Qt::AlignBottom);
    // Line markers show the pen style, which tells overlaid runs apart (colour = task).
    chart()->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    chart()->legend()->setFont(labelFont(9));
    chart()->setTitleFont(labelFont(11, true));
    replaceXAxis();
    replaceYAxis();
}

void ChartPanel::setChartTitle(const QString& title) { chart()->setTitle(title); }

void ChartPanel::setAxisTitles(const QString& x, const QString& y)
{
    m_xTitle = x;
    m_yTitle = y;
    m_x->setTitleText(x);
    m_y->setTitleText(y);
}


void ChartPanel::setFixedYRange(std::optional<std::pair<double, double>> range)
{
    m_fixedY = range;
    fitAxes();
}

void ChartPanel::setLogY(bool log)
{
    if (log == m_logY)
        return;
    m_logY = log;
    replaceYAxis();
    setSeries(m_input);
}

void ChartPanel::setLogX(bool log)
{
    if (log == m_logX)
        return;
    m_logX = log;
    replaceXAxis();
    setSeries(m_input);
}

void ChartPanel::setMarginX(double fraction)
{
    m_marginX = std::max(0.0, fraction);
    fitAxes();
}

void ChartPanel::setXCategories(const QStringList& labels)
{
    m_categories = labels;
    replaceXAxis();
    fitAxes();
}

void ChartPanel::replaceXAxis()
{
    if (m_x) {
        for (QAbstractSeries* s : chart()->series())
            s->detachAxis(m_x);
        chart()->removeAxis(m_x);
        delete m_x;
    }
    if (!m_categories.isEmpty()) {
        auto* c = new QCategoryAxis;
        c->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        for (int i = 0; i < m_categories.size(); ++i)
            c->append(m_categories[i], i);
        m_x = c;
    } else if (m_logX) {
        auto* l = new QLogValueAxis;
        l->setBase(10);
        l->setLabelFormat("%g");
        l->setMinorTickCount(-1);
        m_x = l;
    } else {
        auto* v = new QValueAxis;
        v->setLabelFormat("%g");
        m_x = v;
    }
    m_x->setTitleText(m_xTitle);
    m_x->setLabelsFont(labelFont(9));
    m_x->setTitleFont(labelFont(10));
    chart()->addAxis(m_x, Qt::AlignBottom);
    for (QAbstractSeries* s : chart()->series())
        s->attachAxis(m_x);
}

void ChartPanel::replaceYAxis()
{
    if (m_y) {
        for (QAbstractSeries* s : chart()->series())
            s->detachAxis(m_y);
        chart()->removeAxis(m_y);
        delete m_y;
    }
    if (m_logY) {
        auto* y = new QLogValueAxis;
        y->setBase(10);
        y->setLabelFormat("%g");
        y->setMinorTickCount(-1);
        m_y = y;
    } else {
        auto* y = new QValueAxis;
        y->setLabelFormat("%g");
        m_y = y;
    }
    m_y->setTitleText(m_yTitle);
    m_y->setLabelsFont(labelFont(9));
    m_y->setTitleFont(labelFont(10));
    m_x->setLabelsFont(labelFont(9));
    m_x->setTitleFont(labelFont(10));
    chart()->addAxis(m_y, Qt::AlignLeft);
    for (QAbstractSeries* s : chart()->series())
        s->attachAxis(m_y);
}

// A log axis cannot show values <= 0 (Qt Charts draws them at -inf): such points are dropped.
QList<ChartSeries> ChartPanel::filteredForAxis(const QList<ChartSeries>& series) const
{
    if (!m_logY && !m_logX)
        return series;
    const bool logX = m_logX && m_categories.isEmpty(), logY = m_logY;
    const auto drawable = [logX, logY](const QPointF& p) { return !((logY && !(p.y() > 0)) || (logX && !(p.x() > 0))); };
    QList<ChartSeries> out = series;
    for (ChartSeries& s : out) {
        if (s.kind == ChartSeries::Kind::Band) { // keep the two edges paired
            QVector<QPointF> upper, lower;
            for (int i = 0; i < s.points.size() && i < s.lower.size(); ++i)
                if (drawable(s.points[i]) && drawable(s.lower[i])) {
                    upper << s.points[i];
                    lower << s.lower[i];
                }
            s.points = upper;
            s.lower = lower;
            continue;
        }
        s.points.erase(std::remove_if(s.points.begin(), s.points.end(), [&](const QPointF& p) { return !drawable(p); }), s.points.end());
    }
    return out;
}

void ChartPanel::setSeries(const QList<ChartSeries>& series)
{
    m_input = series;
    QList<ChartSeries> drawn = filteredForAxis(series);
    bool sameLayout = drawn.size() == m_data.size();
    for (int i = 0; sameLayout && i < drawn.size(); ++i)
        sameLayout = drawn[i].kind == m_data[i].kind && drawn[i].name == m_data[i].name;
    m_data = std::move(drawn);
    if (sameLayout)
        updateSeriesData();
    else
        rebuildSeries();
    if (!m_userZoomed)
        fitAxes();
}

void ChartPanel::rebuildSeries()
{
    chart()->removeAllSeries(); // deletes them (and a band's edges, its children)
    m_series.clear();
    m_bandLower.clear();
    for (int i = 0; i < m_data.size(); ++i) {
        const ChartSeries& d = m_data[i];
        QXYSeries* s = nullptr;
        if (d.kind == ChartSeries::Kind::Band) {
            // QAreaSeries does not own its edges: parent them to it so they go with it.
            auto* area = new QAreaSeries;
            auto* upper = new QLineSeries(area);
            auto* lower = new QLineSeries(area);
            area->setUpperSeries(upper);
            area->setLowerSeries(lower);
            area->setName(d.name);
            chart()->addSeries(area);
            area->attachAxis(m_x);
            area->attachAxis(m_y);
            m_bandLower.insert(i, lower);
            m_series.append(upper);
            continue;
        }
        if (d.kind == ChartSeries::Kind::Scatter) {
            auto* sc = new QScatterSeries;
            sc->setMarkerSize(d.markerSize);
            sc->setMarkerShape(d.shape);
            sc->setBorderColor(d.color.darker(140));
            s = sc;
        } else {
            s = new QLineSeries;
        }
        s->setName(d.name);
        chart()->addSeries(s);
        s->attachAxis(m_x);
        s->attachAxis(m_y);
        connect(s, &QXYSeries::hovered, this, [this, i](const QPointF& p, bool state) { showHover(i, p, state); });
        m_series.append(s);
    }
    updateSeriesData();
}

void ChartPanel::updateSeriesData()
{
    for (int i = 0; i < m_data.size() && i < m_series.size(); ++i) {
        const ChartSeries& d = m_data[i];
        QXYSeries* s = m_series[i];
        if (d.kind == ChartSeries::Kind::Band) {
            auto* area = qobject_cast<QAreaSeries*>(s->parent());
            area->setBrush(d.color);
            area->setPen(Qt::NoPen);
            s->replace(d.points);
            m_bandLower.value(i)->replace(d.lower);
            for (QLegendMarker* m : chart()->legend()->markers(area))
                m->setVisible(false);
            continue;
        }
        if (d.kind == ChartSeries::Kind::Line) {
            QPen pen(d.color, d.width, d.style);
            pen.setCosmetic(true);
            s->setPen(pen);
        } else {
            s->setColor(d.color);
        }
        s->replace(d.points);
        const QList<QLegendMarker*> markers = chart()->legend()->markers(s);
        for (QLegendMarker* m : markers)
            m->setVisible(d.inLegend);
    }
    // A bottom legend is one row and elides its labels once there are many entries (overlaid
    // runs): list them down the right-hand side instead, where every name keeps its full text.
    const auto inLegend = std::count_if(m_data.begin(), m_data.end(), [](const ChartSeries& d) { return d.inLegend; });
    chart()->legend()->setAlignment(inLegend > 5 ? Qt::AlignRight : Qt::AlignBottom);
}

void ChartPanel::fitAxes()
{
    double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = x0, y1 = -x0;
    for (const ChartSeries& s : m_data)
        for (const QPointF& p : s.points + s.lower) {
            x0 = std::min(x0, p.x());
            x1 = std::max(x1, p.x());
            y0 = std::min(y0, p.y());
            y1 = std::max(y1, p.y());
        }
    const bool hasData = std::isfinite(x0);
    if (!hasData) {
        x0 = m_logX ? 0.1 : 0;
        x1 = 1;
        y0 = m_logY ? 0.1 : 0;
        y1 = 1;
    }
    if (m_marginX > 0 && m_categories.isEmpty() && hasData) {
        if (m_logX && x0 > 0) {
            const double factor = x1 > x0 ? std::pow(x1 / x0, m_marginX) : 1.5;
            x0 /= factor;
            x1 *= factor;
        } else {
            const double pad = x1 > x0 ? m_marginX * (x1 - x0) : std::max(1e-3, std::abs(x0) * m_marginX);
            x0 -= pad;
            x1 += pad;
        }
    }
    if (m_logX && m_categories.isEmpty() && x0 > 0)
        std::tie(x0, x1) = logRange(x0, x1);
    if (x1 <= x0)
        x1 = m_logX ? x0 * 10 : x0 + 1;
    if (!m_categories.isEmpty()) {
        x0 = -0.05 * (m_categories.size() - 1);
        x1 = (m_categories.size() - 1) * 1.05;
    }
    if (m_fixedY) {
        y0 = m_fixedY->first;
        y1 = m_fixedY->second;
    } else if (m_logY) {
        // Whole decades read best on a log axis.
        y0 = std::pow(10.0, std::floor(std::log10(y0)));
        y1 = std::pow(10.0, std::ceil(std::log10(y1)));
        if (y1 <= y0)
            y1 = y0 * 10;
    } else {
        const double pad = (y1 > y0) ? 0.05 * (y1 - y0) : std::max(1e-3, std::abs(y0) * 0.05);
        y0 -= pad;
        y1 += pad;
    }
    m_x->setRange(x0, x1);
    m_y->setRange(y0, y1);
    if (auto* v = qobject_cast<QValueAxis*>(m_x))
        v->applyNiceNumbers();
    // Nice tick values on a fitted linear y axis (fixed ranges are already chosen values).
    if (auto* v = qobject_cast<QValueAxis*>(m_y); v && !m_fixedY)
        v->applyNiceNumbers();
}

void ChartPanel::resetZoom()
{
    m_userZoomed = false;
    chart()->zoomReset();
    fitAxes();
    emit zoomChanged(false);
}

void ChartPanel::markZoomed()
{
    if (!m_userZoomed) {
        m_userZoomed = true;
        emit zoomChanged(true);
    }
}

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
    QChartView::mouseMoveEvent(event);
}

void ChartPanel::mouseReleaseEvent(QMouseEvent* event)
{
    if (m_panning) {
        m_panning = false;
        event->accept();
        if (m_rightClick && event->button() == Qt::RightButton && parentWidget()) {
            // A right click without a drag: the parent view's context menu (see below).
            m_rightClick = false;
            QContextMenuEvent menu(QContextMenuEvent::Mouse, mapTo(parentWidget(), event->pos()), event->globalPosition().toPoint());
            QCoreApplication::sendEvent(parentWidget(), &menu);
        }
        return;
    }
    const bool rubber = event->button() == Qt::LeftButton && rubberBand() != QChartView::NoRubberBand;
    QChartView::mouseReleaseEvent(event);
    if (rubber)
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
    case Qt::Key_Plus: chart()->zoomIn(); markZoomed(); break;
    case Qt::Key_Minus: chart()->zoomOut(); markZoomed(); break;
    case Qt::Key_Left: chart()->scroll(-20, 0); markZoomed(); break;
    case Qt::Key_Right: chart()->scroll(20, 0); markZoomed(); break;
    case Qt::Key_Up: chart()->scroll(0, 20); markZoomed(); break;
    case Qt::Key_Down: chart()->scroll(0, -20); markZoomed(); break;
    case Qt::Key_Home:
    case Qt::Key_0: resetZoom(); break;
    default: QChartView::keyPressEvent(event); return;
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
        QStringLiteral("%1\n%2: %3\n%4: %5").arg(m_data[seriesIndex].name, xName).arg(it->x(), 0, 'g', 8).arg(m_yTitle.isEmpty() ? QStringLiteral("y") : m_yTitle).arg(it->y(), 0, 'g', 6),
        this);
}

QString ChartPanel::seriesName(int i) const { return (i >= 0 && i < m_data.size()) ? m_data[i].name : QString(); }

QVector<QPointF> ChartPanel::seriesPoints(int i) const
{
    if (i < 0 || i >= m_series.size())
        return {};
    return m_series[i]->points();
}

QVector<QPointF> ChartPanel::seriesLowerPoints(int i) const
{
    const QXYSeries* lower = m_bandLower.value(i);
    return lower ? lower->points() : QVector<QPointF>();
}

QString ChartPanel::axisTitleX() const { return m_x->titleText(); }
QString ChartPanel::axisTitleY() const { return m_y->titleText(); }

std::pair<double, double> ChartPanel::xRange() const
{
    if (auto* v = qobject_cast<QValueAxis*>(m_x))
        return { v->min(), v->max() };
    if (auto* c = qobject_cast<QCategoryAxis*>(m_x))
        return { c->min(), c->max() };
    if (auto* l = qobject_cast<QLogValueAxis*>(m_x))
        return { l->min(), l->max() };
    return { 0, 0 };
}

std::pair<double, double> ChartPanel::yRange() const
{
    if (auto* v = qobject_cast<QValueAxis*>(m_y))
        return { v->min(), v->max() };
    if (auto* l = qobject_cast<QLogValueAxis*>(m_y))
        return { l->min(), l->max() };
    return { 0, 0 };
}

void ChartPanel::renderTo(QPainter& painter, const QRectF& rect)
{
    // Lay the chart out for the target size (axis labels and legend at their natural size rather
    // than a scaled screenshot), render, then give the view its own size back.
    const QSizeF old = chart()->size();
    const QRectF oldScene = scene()->sceneRect();
    chart()->resize(rect.size());
    scene()->setSceneRect(QRectF(QPointF(0, 0), rect.size()));
    scene()->render(&painter, rect, QRectF(QPointF(0, 0), rect.size()), Qt::IgnoreAspectRatio);
    chart()->resize(old);
    scene()->setSceneRect(oldScene);
}

} // namespace mtw::gui
