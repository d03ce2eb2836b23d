#pragma once
// Text labels inside heatmap cells (HeatmapPlot::setCellTexts): "mean \u00b1 std" on one line, or
// on two lines broken at " \u00b1 " in smaller type (down to 6 pt) when one label of the matrix
// does not fit its cell, so that every cell reads alike.
#include <QFont>
#include <QRectF>
#include <QStringList>

class QPainter;

namespace mtw::gui {

// Whether a label is wider than cells `width` wide (less a 2 px margin each side) in `font`.
bool cellTextsBreak(const QStringList& texts, const QFont& font, double width);
// Draws `text` centred in `cell` with the painter's pen, on two lines when `breaks`.
void drawCellText(QPainter& painter, const QRectF& cell, const QString& text, bool breaks);

} // namespace mtw::gui
