#pragma once
// A horizontal colour scale with its ticks and title: the one legend that small multiples on a
// shared scale carry instead of a colour bar beside every heatmap (which took a third of each
// panel's width with 12 tasks).
#include "gui/charts/colormap.h"

#include <QList>
#include <QRectF>
#include <QString>

class QPainter;

namespace mtw::gui {

// The strip fills the top third of rect (low on the left), tick labels under it at `ticks`, the
// title after the strip's right end. Needs rect about three text lines high.
void paintColorScale(QPainter& painter, const QRectF& rect, const Colormap& colormap, double low, double high,
    const QList<double>& ticks, const QString& title);

} // namespace mtw::gui
