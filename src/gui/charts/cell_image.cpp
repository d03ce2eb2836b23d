#include "gui/charts/cell_image.h"

#include <QPaintEngine>

namespace mtw::gui {

bool isVectorDevice(const QPainter& painter)
{
    const QPaintEngine* engine = painter.paintEngine();
    if (!engine)
        return false;
    const QPaintEngine::Type type = engine->type();
    return type == QPaintEngine::Pdf || type == QPaintEngine::SVG || type == QPaintEngine::Picture;
}

void drawCellImage(QPainter& painter, const QRectF& target, const QImage& cells, bool smooth)
{
    if (cells.isNull())
        return;
    painter.save();
    // A large grid (a landscape field) in SVG: one lossless PNG, not thousands of rectangles
    // (129 x 129 made a 4 MB file); SVG viewers scale it like the screen does. Qt's PDF engine
    // may store images as JPEG, so PDF keeps rectangles.
    const QPaintEngine* engine = painter.paintEngine();
    const bool largeSvg = engine && engine->type() == QPaintEngine::SVG && cells.width() * cells.height() > 64 * 64;
    if (!isVectorDevice(painter) || largeSvg) {
        painter.setRenderHint(QPainter::SmoothPixmapTransform, smooth);
        painter.drawImage(target, cells);
        painter.restore();
        return;
    }
    // No antialiasing: adjacent rectangles must meet without hairline seams in PDF viewers.
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setPen(Qt::NoPen);
    const double w = target.width() / cells.width(), h = target.height() / cells.height();
    for (int y = 0; y < cells.height(); ++y) {
        int x = 0;
        while (x < cells.width()) {
            const QRgb colour = cells.pixel(x, y);
            int end = x + 1;
            while (end < cells.width() && cells.pixel(end, y) == colour)
                ++end;
            painter.fillRect(QRectF(target.left() + x * w, target.top() + y * h, (end - x) * w, h), QColor(colour));
            x = end;
        }
    }
    painter.restore();
}

} // namespace mtw::gui
