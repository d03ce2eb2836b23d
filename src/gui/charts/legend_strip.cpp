#include "gui/charts/legend_strip.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPen>
#include <algorithm>
#include <cmath>

namespace mtw::gui {

namespace {
constexpr double kSample = 28; // line sample length, in units of the font's average char width / 4
constexpr double kRowHeight = 1.3; // in font heights
} // namespace

QList<QRectF> flowLegend(const QList<LegendEntry>& entries, const QFont& font, double width, double* height)
{
    const QFontMetricsF metrics(font);
    const double gap = metrics.averageCharWidth() * 2, rowHeight = metrics.height() * kRowHeight;
    QList<QRectF> rects;
    double x = 0, y = 0;
    for (const LegendEntry& e : entries) {
        const double w = legendEntryWidth(e, font);
        if (x > 0 && x + w > width) {
            x = 0;
            y += rowHeight;
        }
        rects.append(QRectF(x, y, w, metrics.height()));
        x += w + gap;
    }
    *height = entries.isEmpty() ? 0 : y + rowHeight;
    return rects;
}

LegendStrip::LegendStrip(QWidget* parent)
    : QWidget(parent)
{
    QSizePolicy policy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

void LegendStrip::setEntries(const QList<LegendEntry>& entries)
{
    m_entries = entries;
    updateGeometry();
    update();
}

namespace {
// Space kept free at both ends of a legend's rows: a figure's first sample was drawn flush with
// its left edge.
double sideMargin(const QFont& font)
{
    return QFontMetricsF(font).averageCharWidth();
}
} // namespace

double LegendStrip::heightFor(double width, const QList<LegendEntry>& entries, const QFont& font)
{
    double height = 0;
    flowLegend(entries, font, width - 2 * sideMargin(font), &height);
    return height;
}

double LegendStrip::paint(QPainter& painter, const QRectF& rect, const QList<LegendEntry>& entries, const QFont& font)
{
    double height = 0;
    const double margin = sideMargin(font);
    const QList<QRectF> rects = flowLegend(entries, font, rect.width() - 2 * margin, &height);
    for (int i = 0; i < rects.size(); ++i)
        paintLegendEntry(painter, rects[i].translated(rect.topLeft() + QPointF(margin, 0)), entries[i], font);
    return height;
}

double legendEntryWidth(const LegendEntry& e, const QFont& font)
{
    const QFontMetricsF metrics(font);
    if (!e.color.isValid())
        return metrics.horizontalAdvance(e.label);
    return kSample * metrics.averageCharWidth() / 4 + metrics.averageCharWidth() + metrics.horizontalAdvance(e.label);
}

void paintLegendEntry(QPainter& painter, const QRectF& rect, const LegendEntry& e, const QFont& font, bool greyed)
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    QFont f = font;
    f.setStrikeOut(greyed);
    painter.setFont(f);
    const QFontMetricsF metrics(f);
    const double sample = kSample * metrics.averageCharWidth() / 4, mid = rect.top() + rect.height() / 2;
    QColor colour = e.color;
    if (greyed)
        colour.setAlpha(70);
    if (!e.color.isValid()) { // a caption: text only
        painter.setPen(QColor(30, 30, 30));
        painter.drawText(QPointF(rect.left(), mid + (metrics.ascent() - metrics.descent()) / 2), e.label);
        painter.restore();
        return;
    }
    if (e.marker) {
        const double d = std::min(rect.height() * 0.7, sample * 0.5);
        const QRectF box(rect.left() + (sample - d) / 2, mid - d / 2, d, d);
        painter.setPen(QPen(colour.darker(140), 1));
        painter.setBrush(colour);
        switch (e.shape) {
        case QScatterSeries::MarkerShapeRectangle:
            painter.drawRect(box);
            break;
        case QScatterSeries::MarkerShapeStar: {
            QPolygonF star;
            for (int k = 0; k < 10; ++k) {
                const double angle = -M_PI / 2 + k * M_PI / 5, r = (k % 2 ? 0.4 : 1.0) * d * 0.6;
                star << box.center() + QPointF(r * std::cos(angle), r * std::sin(angle));
            }
            painter.drawPolygon(star);
            break;
        }
        case QScatterSeries::MarkerShapeTriangle:
            painter.drawPolygon(
                QPolygonF({ QPointF(box.center().x(), box.top()), box.bottomRight(), box.bottomLeft() }));
            break;
        default:
            painter.drawEllipse(box);
        }
    } else {
        QPen pen = e.style.pen(colour, 2.2);
        pen.setCapStyle(Qt::FlatCap);
        painter.setPen(pen);
        painter.drawLine(QPointF(rect.left(), mid), QPointF(rect.left() + sample, mid));
    }
    painter.setPen(greyed ? QColor(150, 150, 150) : QColor(30, 30, 30));
    painter.drawText(
        QPointF(rect.left() + sample + metrics.averageCharWidth(), mid + (metrics.ascent() - metrics.descent()) / 2),
        e.label);
    painter.restore();
}

int LegendStrip::heightForWidth(int width) const
{
    return static_cast<int>(std::ceil(heightFor(width, m_entries, font()))) + 4;
}

QSize LegendStrip::sizeHint() const
{
    return { 400, heightForWidth(width() > 0 ? width() : 400) };
}

void LegendStrip::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    paint(painter, QRectF(rect()).adjusted(4, 2, -4, -2), m_entries, font());
}

} // namespace mtw::gui
