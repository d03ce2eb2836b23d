// ChartPanel's axes: linear, log or categorical, fitted to the visible data, with ticks on
// 1-2-5 multiples (axis_ticks.h). The series are in chart_panel.cpp.
#include "gui/charts/chart_panel.h"

#include "gui/charts/axis_ticks.h"

#include <QCategoryAxis>
#include <QChart>
#include <QFontMetricsF>
#include <QLogValueAxis>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

namespace mtw::gui {

namespace {
QFont axisFont(double points)
{
    QFont f;
    f.setPointSizeF(points);
    return f;
}

// Qt ticks a log axis at every power of its base and elides a label to "..." once the labels are
// closer than a line of text (Qt 6.4 cannot turn that off): 11 decades of gradient norms in a
// compact panel wrote every y label as "...". So the base is the first of 2, 10, 100, 1000, ...
// whose ticks fit `target`: powers of two (0.25, 0.5, 1, 2, 4) for at most two decades, where
// powers of ten would label one tick or two, and only where they print short (0.03125 .. 65536).
// Bases past 10 draw no minor ticks (Qt would draw base - 2 between two labels).
void chooseLogBase(QAbstractAxis* axis, int target)
{
    auto* l = qobject_cast<QLogValueAxis*>(axis);
    if (!l || !(l->min() > 0) || !(l->max() > l->min()))
        return;
    const double low = l->min(), high = l->max(), decades = std::log10(high / low);
    double base = 10;
    if (low >= 0.03 && high <= 1e5 && decades <= 2 + 1e-9 && std::log2(high / low) + 1 <= target)
        base = 2;
    else
        while (decades / std::log10(base) + 1 > target + 1e-9 && base < 1e100)
            base *= 10;
    if (l->base() != base) {
        l->setMinorTickCount(base > 10 ? 0 : -1);
        l->setBase(base);
    }
}

// How many log-axis labels fit `pixels`: a vertical label needs a line of text and Qt's padding,
// a horizontal one the width of "0.0001" and a gap.
int logTickTarget(const QAbstractAxis* axis, double pixels, bool vertical)
{
    const QFontMetricsF metrics(axis->labelsFont());
    const double label = vertical ? metrics.height() + 12 : metrics.horizontalAdvance(QStringLiteral("0.0001")) + 12;
    return std::max(2, static_cast<int>(pixels / label));
}

// "%g" would print the tick Qt reaches by adding the interval to the first one (-0.025 + 5 x
// 0.005 = 1.7e-18) as "1.73472e-18": fixed decimals of the interval's precision print "0.000".
// Kept for intervals whose labels stay short, "%g" elsewhere (1e-07, 2e+06).
QString linearLabelFormat(double interval, double largest)
{
    if (!(interval >= 1e-4) || !(largest < 1e6))
        return QStringLiteral("%g");
    return QStringLiteral("%.%1f").arg(tickDecimals(interval));
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

// Replaces the axis in `slot` (detached from every series and deleted) by `axis`, with the
// panel's fonts and title, attached to every series.
void ChartPanel::installAxis(QAbstractAxis*& slot, QAbstractAxis* axis, Qt::Alignment side, const QString& title)
{
    if (slot) {
        for (QAbstractSeries* s : chart()->series())
            s->detachAxis(slot);
        chart()->removeAxis(slot);
        delete slot;
    }
    slot = axis;
    axis->setTitleText(title);
    axis->setLabelsFont(axisFont(m_compact ? 8 : 9));
    axis->setTitleFont(axisFont(m_compact ? 9 : 10));
    chart()->addAxis(axis, side);
    for (QAbstractSeries* s : chart()->series())
        s->attachAxis(axis);
}

// A linear axis whose ticks follow its range (zooms and pans included).
QValueAxis* ChartPanel::newValueAxis()
{
    auto* v = new QValueAxis;
    v->setLabelFormat("%g");
    connect(v, &QValueAxis::rangeChanged, this, [this] { updateTicks(); });
    return v;
}

// Qt labels a log axis at powers of its base (chooseLogBase: ten unless the room or the range asks
// for another); "%g" keeps 0.001 and 1000 short. A zoom changes the decades: the base follows.
QLogValueAxis* ChartPanel::newLogAxis()
{
    auto* l = new QLogValueAxis;
    l->setBase(10);
    l->setLabelFormat("%g");
    l->setMinorTickCount(-1);
    connect(l, &QLogValueAxis::rangeChanged, this, [this] { updateTicks(); });
    return l;
}

void ChartPanel::replaceXAxis()
{
    QAbstractAxis* axis = nullptr;
    if (!m_categories.isEmpty()) {
        auto* c = new QCategoryAxis;
        c->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        for (int i = 0; i < m_categories.size(); ++i)
            c->append(m_categories[i], i);
        axis = c;
    } else {
        axis = m_logX ? static_cast<QAbstractAxis*>(newLogAxis()) : newValueAxis();
    }
    installAxis(m_x, axis, Qt::AlignBottom, m_xTitle);
}

void ChartPanel::replaceYAxis()
{
    QAbstractAxis* axis = nullptr;
    if (isSymlogY()) {
        auto* c = new QCategoryAxis; // labels at the symlog positions of 0, +-c 10^k (updateTicks)
        c->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        connect(c, &QCategoryAxis::rangeChanged, this, [this] { updateTicks(); });
        axis = c;
    } else {
        axis = isLogY() ? static_cast<QAbstractAxis*>(newLogAxis()) : newValueAxis();
    }
    installAxis(m_y, axis, Qt::AlignLeft, m_yTitle);
}

std::optional<std::pair<QPointF, QPointF>> ChartPanel::dataBounds() const
{
    double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = x0, y1 = -x0;
    for (const ChartSeries& s : m_data) {
        if (hiddenByUser(s.name))
            continue;
        for (const QPointF& p : s.points + s.lower) {
            x0 = std::min(x0, p.x());
            x1 = std::max(x1, p.x());
            y0 = std::min(y0, p.y());
            y1 = std::max(y1, p.y());
        }
    }
    if (!std::isfinite(x0))
        return std::nullopt;
    return std::make_pair(QPointF(x0, y0), QPointF(x1, y1));
}

void ChartPanel::setFixedXRange(std::optional<std::pair<double, double>> range)
{
    m_fixedX = range;
    fitAxes();
}

void ChartPanel::fitAxes()
{
    const auto bounds = dataBounds();
    const bool hasData = bounds.has_value();
    double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
    if (hasData) {
        x0 = bounds->first.x();
        y0 = bounds->first.y();
        x1 = bounds->second.x();
        y1 = bounds->second.y();
    } else {
        x0 = m_logX ? 0.1 : 0;
        x1 = 1;
        y0 = isLogY() ? 0.1 : 0;
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
    } else if (m_fixedX) {
        x0 = m_fixedX->first;
        x1 = m_fixedX->second;
    }
    if (m_fixedY) {
        y0 = m_fixedY->first;
        y1 = m_fixedY->second;
    } else if (isLogY()) {
        std::tie(y0, y1) = logDecades(y0, y1);
    } else {
        const AxisTicks y = linearAxis(y0, y1, 0.05, 5);
        y0 = y.min;
        y1 = y.max;
    }
    // The x axis ends at the data (plus the margin asked for): steps 0..35,000 end at 35,000.
    setAxisRange(m_x, x0, x1);
    setAxisRange(m_y, y0, y1);
    updateTicks();
}

// Ticks on 1-2-5 multiples inside the current ranges, as many as the plot's size holds labels;
// rerun after zooms, pans and resizes (the axes' rangeChanged and resizeEvent call it).
void ChartPanel::updateTicks()
{
    updateTicks(chart()->size());
}

// For a chart of `size`; about 70% of its width and 60% of its height are plot (axis labels,
// legend, title). Not the plot area: an export sets the ticks for the figure's size first.
void ChartPanel::updateTicks(const QSizeF& size)
{
    const double w = size.width() > 0 ? size.width() : width(), h = size.height() > 0 ? size.height() : height();
    if (m_categories.isEmpty())
        placeTicks(m_x, tickTarget(0.7 * w, 75));
    placeTicks(m_y, tickTarget(0.6 * h, 40));
    // A log axis's ticks are its base's powers: the base follows the room (the y axis spans about
    // 80% of the chart's height, its title and the x labels the rest).
    chooseLogBase(m_x, logTickTarget(m_x, 0.7 * w, false));
    chooseLogBase(m_y, logTickTarget(m_y, 0.8 * h, true));
    if (auto* c = qobject_cast<QCategoryAxis*>(m_y); c && isSymlogY()) {
        for (const QString& label : c->categoriesLabels())
            c->remove(label);
        for (double y : symlogTicks(c->min(), c->max(), m_symlogC))
            c->append(QString::number(y, 'g', 3), symlog(y, m_symlogC));
    }
}

// Qt Charts creates an item per tick at once, so a range and an interval must never meet that
// make thousands of ticks (the last interval over a range 10^4 times wider): the axis goes to
// its five fixed ticks while the range changes, and back to dynamic ticks with the new interval.
void ChartPanel::setAxisRange(QAbstractAxis* axis, double min, double max)
{
    // Only when the current interval would make too many ticks: switching the tick type lays the
    // axis out again, which live updates (a new range every frame) should not pay for.
    auto* v = qobject_cast<QValueAxis*>(axis);
    // An unchanged range still makes Qt Charts recompute every series' geometry (a pass over all
    // points, the largest part of a live redraw): skip it.
    if (v && v->min() == min && v->max() == max)
        return;
    if (auto* l = qobject_cast<QLogValueAxis*>(axis); l && l->min() == min && l->max() == max)
        return;
    if (v && v->tickType() == QValueAxis::TicksDynamic && (max - min) > 40 * v->tickInterval())
        v->setTickType(QValueAxis::TicksFixed);
    axis->setRange(min, max);
}

void ChartPanel::placeTicks(QAbstractAxis* axis, int target)
{
    auto* v = qobject_cast<QValueAxis*>(axis);
    if (!v || qobject_cast<QCategoryAxis*>(axis) || !(v->max() > v->min()))
        return;
    AxisTicks t = ticksFor(v->min(), v->max(), target);
    // Whole-number x data (task counts, epochs, seeds) get ticks on whole numbers only: no
    // "1.5 tasks". Checked only when the step would be fractional, i.e. over a short x range.
    // With scatters (the measured points), only theirs: a fitted line over them is sampled finely.
    const auto wholeX = [this] {
        const bool scatters = std::any_of(
            m_data.begin(), m_data.end(), [](const ChartSeries& s) { return s.kind == ChartSeries::Kind::Scatter; });
        bool any = false;
        for (const ChartSeries& series : m_data) {
            if (scatters && series.kind != ChartSeries::Kind::Scatter)
                continue;
            for (const QPointF& p : series.points) {
                if (std::floor(p.x()) != p.x())
                    return false;
                any = true;
            }
        }
        return any;
    };
    if (axis == m_x && t.interval < 1 && v->max() - v->min() >= 1 && wholeX()) {
        t.interval = 1;
        t.anchor = std::ceil(v->min());
    }
    const QString format = linearLabelFormat(t.interval, std::max(std::abs(v->min()), std::abs(v->max())));
    if (v->labelFormat() != format)
        v->setLabelFormat(format);
    if (v->tickType() == QValueAxis::TicksDynamic && v->tickInterval() == t.interval && v->tickAnchor() == t.anchor)
        return;
    v->setTickAnchor(t.anchor); // an interval for the current range: never too many ticks
    v->setTickInterval(t.interval);
    v->setTickType(QValueAxis::TicksDynamic);
}

double ChartPanel::dataY(double drawnY) const
{
    return isSymlogY() ? symlogInverse(drawnY, m_symlogC) : drawnY;
}

QVector<QPointF> ChartPanel::inDataUnits(QVector<QPointF> drawn) const
{
    if (isSymlogY())
        for (QPointF& p : drawn)
            p.setY(dataY(p.y()));
    return drawn;
}

// The drawn points of a symlog axis: y -> symlog(y, c), c from all the series' values.
QList<ChartSeries> ChartPanel::symlogTransformed(const QList<ChartSeries>& series)
{
    std::vector<double> values;
    for (const ChartSeries& s : series)
        for (const QPointF& p : s.points + s.lower)
            values.push_back(p.y());
    m_symlogC = symlogThreshold(values);
    QList<ChartSeries> out = series;
    for (ChartSeries& s : out) {
        for (QPointF& p : s.points)
            p.setY(symlog(p.y(), m_symlogC));
        for (QPointF& p : s.lower)
            p.setY(symlog(p.y(), m_symlogC));
    }
    return out;
}

} // namespace mtw::gui
