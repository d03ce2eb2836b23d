#pragma once
// Heatmaps keep their cells as a small QImage (one pixel per cell). On screen and in PNG files the
// image is drawn scaled; on vector devices (PDF, SVG) a scaled image is blurred by viewers, and Qt's
// PDF engine stores it JPEG-compressed, so a +1 cell and a -1 cell of a 2x2 matrix can come out the
// same colour. There every cell is a filled rectangle of its exact colour instead (runs of equal
// colour along a row merged), except for grids over 64 x 64 cells in SVG, which embed the image
// as a lossless PNG (rectangles made megabytes).
#include <QImage>
#include <QPainter>

namespace mtw::gui {

bool isVectorDevice(const QPainter& painter);

// Draws `cells` stretched over `target`; `smooth` interpolates between cells on raster devices.
void drawCellImage(QPainter& painter, const QRectF& target, const QImage& cells, bool smooth);

} // namespace mtw::gui
