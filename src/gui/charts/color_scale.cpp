#include "gui/charts/color_scale.h"

#include "gui/charts/cell_image.h"

#include <QFontMetricsF>
#include <QImage>
#include <QPainter>
#include <algorithm>

namespace mtw::gui {

void paintColorScale(QPainter& painter, const QRectF& rect, const Colormap& colormap, double low, double high,
    const QList<double>& ticks, const QString& title)
{
    painter.save();
    const QFontMetricsF fm(painter.font());
    const double titleWidth = fm.horizontalAdvance(title) + 12;
    const double labelRoom = fm.horizontalAdvance(QStringLiteral("-0.5")) / 2 + 2; // half a label each side
    const QRectF strip(rect.left() + labelRoom, rect.top() + 2,
        std::max(40.0, rect.width() - titleWidth - 2 * labelRoom), std::max(8.0, rect.height() / 3));
    QImage cells(256, 1, QImage::Format_RGB32);
    for (int k = 0; k < 256; ++k)
        cells.setPixel(k, 0, colormap.map(k / 255.0));
    drawCellImage(painter, strip, cells, false);
    painter.setPen(QPen(Qt::black, 1));
    painter.drawRect(strip);
    for (double t : ticks) {
        const double x = strip.left() + (t - low) / (high - low) * strip.width();
        painter.drawLine(QPointF(x, strip.bottom()), QPointF(x, strip.bottom() + 3));
        painter.drawText(
            QRectF(x - 30, strip.bottom() + 3, 60, fm.height()), Qt::AlignHCenter | Qt::AlignTop, QString::number(t));
    }
    painter.drawText(QRectF(strip.right() + labelRoom + 6, strip.top() - fm.height(), titleWidth, 3 * fm.height()),
        Qt::AlignLeft | Qt::AlignVCenter, title);
    painter.restore();
}

} // namespace mtw::gui
