#include "gui/charts/heatmap_plot.h"

#include "gui/charts/axis_ticks.h"
#include "gui/charts/cell_image.h"
#include "gui/charts/cell_labels.h"
#include "gui/charts/contour_lines.h"
#include "gui/charts/fitted_text.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>
#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

namespace mtw::gui {

namespace {
constexpr double minLeftMargin = 70, bottomMargin = 48, topMargin = 28, barWidth = 16, barGap = 14, barLabels = 64;

QString tickText(double v)
{
    return QString::number(v, 'g', 3);
}

// "Nice" tick values (1, 2, 5 x 10^k) covering [low, high].
QVector<double> niceTicks(double low, double high, int target)
{
    QVector<double> ticks;
    if (!(high > low))
        return ticks;
    const double raw = (high - low) / std::max(1, target);
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    double step = mag;
    for (double m : { 1.0, 2.0, 5.0, 10.0 })
        if (m * mag >= raw) {
            step = m * mag;
            break;
        }
    for (double t = std::ceil(low / step) * step; t <= high + step * 1e-9; t += step)
        ticks.append(std::abs(t) < step * 1e-9 ? 0.0 : t);
    return ticks;
}
} // namespace

HeatmapPlot::HeatmapPlot(QWidget* parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setMinimumSize(360, 300);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void HeatmapPlot::setMatrix(
    const Eigen::MatrixXd& values, const QStringList& rowLabels, const QStringList& columnLabels)
{
    m_isMatrix = true;
    m_values = values;
    m_rowLabels = rowLabels;
    m_columnLabels = columnLabels;
    m_cellTexts.clear();
    m_contours.clear();
    rebuildImage();
}

void HeatmapPlot::setField(const Eigen::MatrixXd& values, double xMin, double xMax, double yMin, double yMax)
{
    m_isMatrix = false;
    m_values = values;
    m_xMin = xMin;
    m_xMax = xMax;
    m_yMin = yMin;
    m_yMax = yMax;
    rebuildImage();
    rebuildContours();
}

void HeatmapPlot::clear()
{
    m_values.resize(0, 0);
    m_image = QImage();
    m_contours.clear();
    update();
}

void HeatmapPlot::setColorRange(double low, double high)
{
    m_autoRange = false;
    m_low = low;
    m_high = high;
    rebuildImage();
}

void HeatmapPlot::setContourCount(int levels)
{
    m_contourCount = std::max(0, levels);
    rebuildContours();
    update();
}

void HeatmapPlot::rebuildImage()
{
    if (m_values.size() == 0) {
        m_image = QImage();
        update();
        return;
    }
    if (m_autoRange) {
        std::tie(m_low, m_high) = finiteRange(m_values.data(), static_cast<std::size_t>(m_values.size()));
        if (!std::isfinite(m_low)) {
            m_low = 0;
            m_high = 1;
        }
    }
    if (m_isMatrix) {
        // Pixel (c, r) is cell (r, c): row 0 at the top.
        m_image = QImage(static_cast<int>(m_values.cols()), static_cast<int>(m_values.rows()), QImage::Format_RGB32);
        for (int r = 0; r < m_values.rows(); ++r)
            for (int c = 0; c < m_values.cols(); ++c)
                m_image.setPixel(c, r, m_colormap.map(m_values(r, c), m_low, m_high));
    } else {
        // Pixel (i, ny - 1 - j) is grid point (i, j): y grows upwards.
        const int nx = static_cast<int>(m_values.rows()), ny = static_cast<int>(m_values.cols());
        m_image = QImage(nx, ny, QImage::Format_RGB32);
        for (int i = 0; i < nx; ++i)
            for (int j = 0; j < ny; ++j)
                m_image.setPixel(i, ny - 1 - j, m_colormap.map(m_values(i, j), m_low, m_high));
    }
    update();
}

int HeatmapPlot::contourSegmentCount() const
{
    int segments = 0;
    for (const QPolygonF& line : m_contours)
        segments += static_cast<int>(line.size()) - 1;
    return segments;
}

// Contour lines at evenly spaced levels, one polyline per line (contour_lines.h).
void HeatmapPlot::rebuildContours()
{
    m_contours.clear();
    if (m_isMatrix)
        return;
    m_contours = gui::contourLines(m_values, m_xMin, m_xMax, m_yMin, m_yMax, m_low, m_high, m_contourCount);
}

// Room for the row labels (numbered, "12  task12", when the columns get numbers) and the
// rotated y title: twelve task names were elided to "task..." in a fixed 70 px.
double HeatmapPlot::leftMargin() const
{
    if (!m_isMatrix)
        return minLeftMargin;
    const QFontMetricsF fm(font());
    double widest = 0;
    for (int r = 0; r < m_rowLabels.size(); ++r)
        widest = std::max(widest, fm.horizontalAdvance(QStringLiteral("%1  %2").arg(r + 1).arg(m_rowLabels[r])));
    return std::clamp(widest + fm.height() + 18, minLeftMargin, 260.0);
}

QRectF HeatmapPlot::plotRectFor(const QRectF& rect) const
{
    const double leftMargin = this->leftMargin();
    const double right = m_colorBarVisible ? barGap + barWidth + barLabels : 8.0;
    QRectF r = rect.adjusted(leftMargin, topMargin, -right, -bottomMargin);
    if (m_isMatrix) {
        const double side = std::min(r.width(), r.height());
        r = QRectF(r.left(), r.top(), side, side);
    }
    return r;
}

QPointF HeatmapPlot::dataToPixel(const QPointF& point, const QRectF& plot) const
{
    const double fx = (point.x() - m_xMin) / (m_xMax - m_xMin);
    const double fy = (point.y() - m_yMin) / (m_yMax - m_yMin);
    return { plot.left() + fx * plot.width(), plot.bottom() - fy * plot.height() };
}

QPointF HeatmapPlot::cellCenter(int row, int column) const
{
    const QRectF plot = plotRectFor(QRectF(rect()));
    const double w = plot.width() / std::max<Eigen::Index>(1, m_values.cols());
    const double h = plot.height() / std::max<Eigen::Index>(1, m_values.rows());
    return { plot.left() + (column + 0.5) * w, plot.top() + (row + 0.5) * h };
}

void HeatmapPlot::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    paint(painter, QRectF(rect()));
}

void HeatmapPlot::paint(QPainter& painter, const QRectF& rect) const
{
    painter.fillRect(rect, Qt::white);
    QFont font = painter.font();
    font.setPointSizeF(10);
    font.setBold(true);
    // A title wider than a narrow panel (run and step named: 12 tasks in a 3.5 in figure) was cut at
    // both edges: smaller type down to 7 pt first, then an ellipsis.
    const FittedText title = fitText(m_title, font, rect.width() - 8);
    painter.setFont(title.font);
    painter.setPen(Qt::black);
    painter.drawText(QRectF(rect.left(), rect.top(), rect.width(), topMargin), Qt::AlignCenter, title.text);
    font.setBold(false);
    font.setPointSizeF(9);
    painter.setFont(font);
    if (m_values.size() == 0 || m_image.isNull()) {
        painter.setPen(Qt::darkGray);
        painter.drawText(
            rect, Qt::AlignCenter | Qt::TextWordWrap, m_placeholder.isEmpty() ? tr("No data yet") : m_placeholder);
        return;
    }
    const QRectF plot = plotRectFor(rect);
    if (m_isMatrix) {
        drawCellImage(painter, plot, m_image, false);
        const auto rows = static_cast<int>(m_values.rows()), cols = static_cast<int>(m_values.cols());
        const double w = plot.width() / cols, h = plot.height() / rows;
        if (rows * cols <= m_maxCellsForText * m_maxCellsForText) {
            const bool breaks = cellTextsBreak(m_cellTexts, painter.font(), w);
            for (int r = 0; r < rows; ++r)
                for (int c = 0; c < cols; ++c) {
                    const qsizetype index = static_cast<qsizetype>(r) * cols + c;
                    const QRectF cell(plot.left() + c * w, plot.top() + r * h, w, h);
                    painter.setPen(Colormap::textColorOn(m_image.pixel(c, r)));
                    if (!m_cellTexts.isEmpty()) {
                        if (index < m_cellTexts.size() && !m_cellTexts[index].isEmpty())
                            drawCellText(painter, cell, m_cellTexts[index], breaks);
                        continue;
                    }
                    if (!std::isfinite(m_values(r, c)))
                        continue; // an empty cell (a study's grid without runs there)
                    painter.drawText(
                        cell, Qt::AlignCenter, QString::number(m_values(r, c), m_cellFormat, m_cellPrecision));
                }
        }
        painter.setPen(QPen(Qt::white, 1));
        for (int k = 1; k < cols; ++k)
            painter.drawLine(QPointF(plot.left() + k * w, plot.top()), QPointF(plot.left() + k * w, plot.bottom()));
        for (int k = 1; k < rows; ++k)
            painter.drawLine(QPointF(plot.left(), plot.top() + k * h), QPointF(plot.right(), plot.top() + k * h));
    } else {
        // Grid points are cell centres: the image extends half a cell beyond the window.
        const double nx = static_cast<double>(m_values.rows()), ny = static_cast<double>(m_values.cols());
        const double cw = plot.width() / (nx - 1), ch = plot.height() / (ny - 1);
        painter.save();
        painter.setClipRect(plot);
        drawCellImage(painter, QRectF(plot.left() - cw / 2, plot.top() - ch / 2, plot.width() + cw, plot.height() + ch),
            m_image, true);
        QPen contourPen(QColor(255, 255, 255, 150), 0.8);
        painter.setPen(contourPen);
        for (const QPolygonF& line : std::as_const(m_contours)) {
            QPolygonF pixels;
            pixels.reserve(line.size());
            for (const QPointF& p : line)
                pixels.append(dataToPixel(p, plot));
            painter.drawPolyline(pixels);
        }
        paintOverlays(painter, plot);
        painter.restore();
    }
    painter.setPen(QPen(Qt::black, 1));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(plot);
    paintAxes(painter, plot);
    if (m_colorBarVisible)
        paintColorBar(painter, QRectF(plot.right() + barGap, plot.top(), barWidth, plot.height()));
}

void HeatmapPlot::paintAxes(QPainter& painter, const QRectF& plot) const
{
    const double leftMargin = this->leftMargin();
    painter.setPen(Qt::black);
    const QFontMetricsF fm(painter.font());
    if (m_isMatrix) {
        const int rows = static_cast<int>(m_values.rows()), cols = static_cast<int>(m_values.cols());
        const double w = plot.width() / cols, h = plot.height() / rows;
        // Column labels that do not fit their cells (12 tasks gave "ta..." under every column) are
        // replaced by the columns' numbers, and the rows say which number is which ("3  task3").
        bool fits = true;
        for (int c = 0; c < cols && c < m_columnLabels.size(); ++c)
            fits = fits && fm.horizontalAdvance(m_columnLabels[c]) <= w - 2;
        const bool numbered = !fits && m_rowLabels == m_columnLabels;
        for (int r = 0; r < rows && r < m_rowLabels.size(); ++r) {
            const QString label = numbered ? QStringLiteral("%1  %2").arg(r + 1).arg(m_rowLabels[r]) : m_rowLabels[r];
            painter.drawText(QRectF(plot.left() - leftMargin, plot.top() + r * h, leftMargin - 6, h),
                Qt::AlignRight | Qt::AlignVCenter, fm.elidedText(label, Qt::ElideRight, leftMargin - 8));
        }
        // Crowded numbers: every step-th, the step (1, 2, 5, 10, ...) that gives the widest number room
        // (a wide "10" under its cell ran into the "9" beside it: "910").
        int step = 1;
        if (numbered) {
            const double widest = fm.horizontalAdvance(QString::number(cols)) + 4;
            for (int candidate : { 1, 2, 5, 10, 20, 50, 100 })
                if ((step = candidate) * w >= widest)
                    break;
        }
        for (int c = 0; c < cols && c < m_columnLabels.size(); ++c) {
            if ((c + 1) % step != 0)
                continue;
            const QString label
                = numbered ? QString::number(c + 1) : fm.elidedText(m_columnLabels[c], Qt::ElideRight, w);
            painter.drawText(QRectF(plot.left() + c * w - w, plot.bottom() + 4, 3 * w, fm.height()),
                Qt::AlignHCenter | Qt::AlignTop, label);
        }
    } else {
        for (double t : niceTicks(m_xMin, m_xMax, 6)) {
            const double x = dataToPixel({ t, m_yMin }, plot).x();
            painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 4));
            painter.drawText(
                QRectF(x - 30, plot.bottom() + 5, 60, fm.height()), Qt::AlignHCenter | Qt::AlignTop, tickText(t));
        }
        for (double t : niceTicks(m_yMin, m_yMax, 6)) {
            const double y = dataToPixel({ m_xMin, t }, plot).y();
            painter.drawLine(QPointF(plot.left() - 4, y), QPointF(plot.left(), y));
            painter.drawText(QRectF(plot.left() - 50, y - fm.height() / 2, 44, fm.height()),
                Qt::AlignRight | Qt::AlignVCenter, tickText(t));
        }
    }
    painter.drawText(
        QRectF(plot.left(), plot.bottom() + fm.height() + 8, plot.width(), fm.height() + 4), Qt::AlignCenter, m_xTitle);
    painter.save();
    painter.translate(plot.left() - leftMargin + 4, plot.center().y());
    painter.rotate(-90);
    painter.drawText(QRectF(-plot.height() / 2, 0, plot.height(), fm.height() + 2), Qt::AlignCenter, m_yTitle);
    painter.restore();
}

void HeatmapPlot::paintColorBar(QPainter& painter, const QRectF& bar) const
{
    QImage strip(1, 256, QImage::Format_RGB32);
    for (int k = 0; k < 256; ++k)
        strip.setPixel(0, 255 - k, m_colormap.map(k / 255.0));
    drawCellImage(painter, bar, strip, false);
    painter.setPen(QPen(Qt::black, 1));
    painter.drawRect(bar);
    const QFontMetricsF fm(painter.font());
    for (double t : niceTicks(m_low, m_high, 5)) {
        const double y = bar.bottom() - (t - m_low) / (m_high - m_low) * bar.height();
        painter.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + 4, y));
        painter.drawText(QRectF(bar.right() + 6, y - fm.height() / 2, barLabels - 8, fm.height()),
            Qt::AlignLeft | Qt::AlignVCenter, tickText(t));
    }
    painter.save();
    // Read bottom to top, like every vertical axis title (issue 11: it was upside down). A title
    // longer than the bar gets a smaller font (down to 70%), then an ellipsis, never a clipped
    // start and end.
    QFont font = painter.font();
    const double width = fm.horizontalAdvance(m_barTitle);
    if (width > bar.height() && font.pointSizeF() > 0) {
        font.setPointSizeF(font.pointSizeF() * std::max(0.7, bar.height() / width));
        painter.setFont(font);
    }
    const QFontMetricsF titleMetrics(painter.font());
    painter.translate(bar.right() + barLabels - 4 - (fm.height() + 2), bar.center().y());
    painter.rotate(-90);
    painter.drawText(QRectF(-bar.height() / 2, 0, bar.height(), fm.height() + 2), Qt::AlignCenter,
        titleMetrics.elidedText(m_barTitle, Qt::ElideRight, bar.height()));
    painter.restore();
}

void HeatmapPlot::mouseMoveEvent(QMouseEvent* event)
{
    if (m_values.size() == 0)
        return;
    const QRectF plot = plotRectFor(QRectF(rect()));
    const QPointF p = event->position();
    if (!plot.contains(p)) {
        QToolTip::hideText();
        return;
    }
    const double fx = (p.x() - plot.left()) / plot.width(), fy = (p.y() - plot.top()) / plot.height();
    QString text;
    if (m_isMatrix) {
        const int c = std::clamp(static_cast<int>(fx * m_values.cols()), 0, static_cast<int>(m_values.cols()) - 1);
        const int r = std::clamp(static_cast<int>(fy * m_values.rows()), 0, static_cast<int>(m_values.rows()) - 1);
        text = QStringLiteral("%1 / %2: %3")
                   .arg(m_rowLabels.value(r), m_columnLabels.value(c))
                   .arg(m_values(r, c), 0, 'f', 4);
    } else {
        const auto i = static_cast<Eigen::Index>(std::lround(fx * (m_values.rows() - 1)));
        const auto j = static_cast<Eigen::Index>(std::lround((1 - fy) * (m_values.cols() - 1)));
        const double x = m_xMin + fx * (m_xMax - m_xMin), y = m_yMax - fy * (m_yMax - m_yMin);
        text = QStringLiteral("(%1, %2): %3").arg(x, 0, 'g', 4).arg(y, 0, 'g', 4).arg(m_values(i, j), 0, 'g', 5);
    }
    QToolTip::showText(event->globalPosition().toPoint(), text, this);
}

} // namespace mtw::gui
