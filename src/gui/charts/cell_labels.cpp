#include "gui/charts/cell_labels.h"

#include "gui/charts/fitted_text.h"

#include <QFontMetricsF>
#include <QPainter>

namespace mtw::gui {

// Whether a cell label is too wide for one line in cells `width` wide: then every label breaks
// (the same layout in every cell reads better than a mix of one and two lines).
bool cellTextsBreak(const QStringList& texts, const QFont& font, double width)
{
    const QFontMetricsF fm(font);
    for (const QString& text : texts)
        if (fm.horizontalAdvance(text) > width - 4)
            return true;
    return false;
}

// A cell's label: one line, or when `breaks` two lines broken at " \u00b1 " (a mean and its
// spread), each in the largest font down to 6 pt that fits the cell's width.
void drawCellText(QPainter& painter, const QRectF& cell, const QString& text, bool breaks)
{
    const qsizetype at = text.indexOf(QStringLiteral(" \u00b1 "));
    const QStringList lines
        = !breaks || at < 0 ? QStringList { text } : QStringList { text.left(at), text.mid(at + 1) };
    const double lineHeight = cell.height() / static_cast<double>(lines.size() + 1);
    painter.save();
    for (qsizetype k = 0; k < lines.size(); ++k) {
        const FittedText fitted = fitText(lines[k], painter.font(), cell.width() - 4, 6);
        painter.setFont(fitted.font);
        const double y = lines.size() == 1 ? cell.top() : cell.top() + lineHeight * (static_cast<double>(k) + 0.5);
        painter.drawText(QRectF(cell.left(), y, cell.width(), lines.size() == 1 ? cell.height() : lineHeight),
            Qt::AlignCenter, fitted.text);
    }
    painter.restore();
}

} // namespace mtw::gui
