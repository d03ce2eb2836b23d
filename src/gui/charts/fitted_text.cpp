#include "gui/charts/fitted_text.h"

#include <QFontMetricsF>
#include <algorithm>

namespace mtw::gui {

FittedText fitText(const QString& text, QFont font, double room, double floorPoints)
{
    const double width = QFontMetricsF(font).horizontalAdvance(text);
    if (width > room && font.pointSizeF() > floorPoints) {
        // In proportion, then by quarter points: hinted glyphs do not scale exactly, and a title a
        // pixel too wide would lose its end to the ellipsis.
        double points = std::max(floorPoints, font.pointSizeF() * room / width);
        font.setPointSizeF(points);
        while (points > floorPoints && QFontMetricsF(font).horizontalAdvance(text) > room) {
            points = std::max(floorPoints, points - 0.25);
            font.setPointSizeF(points);
        }
    }
    return { font, QFontMetricsF(font).elidedText(text, Qt::ElideRight, room) };
}

} // namespace mtw::gui
