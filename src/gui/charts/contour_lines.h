#pragma once
// Contour lines of a field sampled on a regular grid, by marching squares, joined into polylines:
// each crossing of a level is identified by the grid edge it lies on, so the segments of
// neighbouring cells meet exactly and chain into one line per contour (closed lines end where
// they start). One polyline per contour instead of one segment per cell: a landscape's SVG holds
// a few hundred lines instead of thousands of two-point ones. Saddle cells take the separated
// reading (either is valid). Widget-free.
#include <Eigen/Dense>
#include <QList>
#include <QPolygonF>

namespace mtw::gui {

// values(i, j) at (xMin + i dx, yMin + j dy) with the grid spanning [xMin, xMax] x [yMin, yMax];
// the lines of `levels` evenly spaced levels strictly between low and high, in data coordinates.
// Non-finite values cut the lines through their cells.
QList<QPolygonF> contourLines(const Eigen::MatrixXd& values, double xMin, double xMax, double yMin, double yMax,
    double low, double high, int levels);

} // namespace mtw::gui
