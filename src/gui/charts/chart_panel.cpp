#include "gui/charts/chart_panel.h"

#include "gui/charts/chart_legend.h"
#include "gui/charts/fitted_text.h"

#include <QAreaSeries>
#include <QCategoryAxis>
#include <QChart>
#include <QCoreApplication>
#include <QFontMetricsF>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QLegend>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QValueAxis>
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
} // namespace

ChartPanel::ChartPanel(QWidget* parent)
    : QChartView(new QChart, parent)
{
    setRenderHint(QPainter::Antialiasing);
    setRubberBand(QChartView::RectangleRubberBand);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(320, 220);
    chart()->setMargins(QMargins(6, 6, 6, 6));
    chart()->legend()->hide(); // ours keeps every entry (chart_legend.h)
    m_legend = new ChartLegend;
    scene()->addItem(m_legend);
    connect(m_legend, &ChartLegend::clicked, this,
        [this](const QString& label) { setSeriesHidden(label, !m_hidden.contains(label)); });
    chart()->setTitleFont(labelFont(11, true));
    replaceXAxis();
    replaceYAxis();
}

void ChartPanel::setChartTitle(const QString& title)
{
    m_title = title;
    updateTitle();
}

// A log axis drops what it cannot show; the title says so instead of the points vanishing. A title
// wider than the chart gets smaller type (to 7 pt) as the heatmap's does, then two lines, and only
// then does Qt elide it ("Parallel coordinates (normalised over the f..." in a 3.5 in half of the
// Pareto figure). Fitted again whenever the chart's size or margins change (layoutLegend).
void ChartPanel::updateTitle()
{
    QString title = m_title;
    if (m_hiddenPoints > 0)
        title += m_hiddenPoints == 1 ? tr(" \u00b7 1 point \u2264 0 not shown on the log axis")
                                     : tr(" \u00b7 %1 points \u2264 0 not shown on the log axis").arg(m_hiddenPoints);
    const QFont base = labelFont(m_compact ? 9 : 11, true);
    // Qt's title spans the chart less its margins and its layout's, and measures the text with the
    // rich-text document's margins (4 px a side).
    const QMargins margins = chart()->margins();
    qreal left = 0, right = 0, top = 0, bottom = 0;
    chart()->layout()->getContentsMargins(&left, &top, &right, &bottom);
    const double room = chart()->size().width() - margins.left() - margins.right() - left - right - 10;
    if (!(room > 0)) { // not laid out yet
        chart()->setTitleFont(base);
        chart()->setTitle(title);
        return;
    }
    FittedText fitted = fitText(title, base, room);
    QString shown = title;
    const qsizetype middle = title.size() / 2, before = title.lastIndexOf(' ', middle),
                    after = title.indexOf(' ', middle);
    const qsizetype split = before < 0 ? after : after < 0 || middle - before <= after - middle ? before : after;
    if (fitted.text != title && split > 0) { // the split at the space nearest the middle
        const QString first = title.left(split), second = title.mid(split + 1);
        const QFontMetricsF metrics(base);
        fitted = fitText(
            metrics.horizontalAdvance(first) >= metrics.horizontalAdvance(second) ? first : second, base, room);
        shown = first + QStringLiteral("<br>") + second; // Qt draws the title as rich text
    }
    chart()->setTitleFont(fitted.font);
    chart()->setTitle(shown);
}

void ChartPanel::setAxisTitles(const QString& x, const QString& y)
{
    m_xTitle = x;
    m_yTitle = y;
    m_x->setTitleText(x);
    m_y->setTitleText(y);
}

void ChartPanel::setCompact(bool compact)
{
    m_compact = compact;
    replaceXAxis();
    replaceYAxis();
    layoutLegend(chart()->size());
    setSeries(m_input);
}

void ChartPanel::setLegendVisible(bool visible)
{
    m_legendVisible = visible;
    m_legend->setVisible(visible);
    layoutLegend(chart()->size());
}

void ChartPanel::refreshLegend()
{
    QList<LegendEntry> entries;
    for (const ChartSeries& d : std::as_const(m_data))
        if (d.inLegend && d.kind != ChartSeries::Kind::Band)
            entries.append({ d.name, d.color, d.style, d.kind == ChartSeries::Kind::Scatter, d.shape });
    if (entries == m_legend->entries()) // live updates: same runs, new points
        return;
    m_legend->setEntries(entries, m_hidden);
    layoutLegend(chart()->size());
}

// The plot leaves the legend its margin (right for columns, bottom for a row).
void ChartPanel::layoutLegend(const QSizeF& size)
{
    const QMargins legend = m_legendVisible ? m_legend->place(size) : QMargins();
    const int m = m_compact ? 1 : 6;
    chart()->setMargins(QMargins(m, m, m + legend.right(), m + legend.bottom()));
    updateTitle();
}

void ChartPanel::setFixedYRange(std::optional<std::pair<double, double>> range)
{
    m_fixedY = range;
    fitAxes();
}

void ChartPanel::setYScale(YScale scale)
{
    if (scale == m_yScale)
        return;
    m_yScale = scale;
    replaceYAxis();
    setSeries(m_input); // refilters (log) or transforms (symlog) the points
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

// A log axis cannot show values <= 0 (Qt Charts draws them at -inf): such points are dropped and
// counted in *dropped.
QList<ChartSeries> ChartPanel::filteredForAxis(const QList<ChartSeries>& series, int* dropped) const
{
    *dropped = 0;
    const bool logX = m_logX && m_categories.isEmpty(), logY = isLogY();
    if (!logX && !logY)
        return series;
    const auto drawable
        = [logX, logY](const QPointF& p) { return !((logY && !(p.y() > 0)) || (logX && !(p.x() > 0))); };
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
        const auto before = s.points.size();
        s.points.erase(std::remove_if(s.points.begin(), s.points.end(), [&](const QPointF& p) { return !drawable(p); }),
            s.points.end());
        if (s.inLegend) // the faint raw copies behind smoothed lines would count every point twice
            *dropped += static_cast<int>(before - s.points.size());
    }
    return out;
}

void ChartPanel::setSeries(const QList<ChartSeries>& series)
{
    m_input = series;
    int dropped = 0;
    QList<ChartSeries> drawn = isSymlogY() ? symlogTransformed(series) : filteredForAxis(series, &dropped);
    if (dropped != m_hiddenPoints) {
        m_hiddenPoints = dropped;
        updateTitle();
    }
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
            // Small dots (trajectories) have no border: it adds no ink, but doubles each dot in SVG.
            if (d.markerSize <= 6)
                sc->setPen(Qt::NoPen);
            else
                sc->setBorderColor(d.color.darker(140));
            s = sc;
        } else {
            s = new QLineSeries;
        }
        s->setName(d.name);
        chart()->addSeries(s);
        s->attachAxis(m_x);
        s->attachAxis(m_y);
        if (d.kind == ChartSeries::Kind::Scatter) // lines have the crosshair
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
            continue;
        }
        if (d.kind == ChartSeries::Kind::Line) {
            s->setPen(linePen(d, false));
        } else {
            s->setColor(d.color);
        }
        s->replace(d.points);
    }
    refreshLegend();
    applyVisibility();
}

void ChartPanel::resetZoom()
{
    m_userZoomed = false;
    for (QAbstractAxis* axis : { m_x, m_y }) // the zoomed-in interval over the whole range: too many ticks
        if (auto* v = qobject_cast<QValueAxis*>(axis))
            v->setTickType(QValueAxis::TicksFixed);
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
    emit viewRangesChanged();
}

void ChartPanel::setViewRanges(std::pair<double, double> x, std::pair<double, double> y)
{
    if (!m_x || !m_y || !(x.second > x.first) || !(y.second > y.first))
        return;
    setAxisRange(m_x, x.first, x.second);
    setAxisRange(m_y, y.first, y.second);
    updateTicks();
    if (!m_userZoomed) {
        m_userZoomed = true;
        emit zoomChanged(true);
    }
}

QString ChartPanel::seriesName(int i) const
{
    return (i >= 0 && i < m_data.size()) ? m_data[i].name : QString();
}

QPen ChartPanel::seriesPen(int i) const
{
    return (i >= 0 && i < m_series.size()) ? m_series[i]->pen() : QPen();
}

QVector<QPointF> ChartPanel::seriesPoints(int i) const
{
    return (i >= 0 && i < m_series.size()) ? inDataUnits(m_series[i]->points()) : QVector<QPointF>();
}

QVector<QPointF> ChartPanel::seriesLowerPoints(int i) const
{
    const QXYSeries* lower = m_bandLower.value(i);
    return lower ? inDataUnits(lower->points()) : QVector<QPointF>();
}

QString ChartPanel::axisTitleX() const
{
    return m_x->titleText();
}
QString ChartPanel::axisTitleY() const
{
    return m_y->titleText();
}

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

} // namespace mtw::gui
