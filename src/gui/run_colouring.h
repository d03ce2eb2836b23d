#pragma once
// "Colour runs by a column" of the runs table: each run gets a colour from its value in that
// column -- a number on a viridis scale between the column's minimum and maximum (log-spaced when
// all values are positive and span more than two decades, as learning rates do), a text from the
// categorical palette in order of first appearance -- so the views draw runs with the same value
// alike (the Pareto view, the transfer view, the conflict frequency). Rows without a value get no
// colour (the views then use their per-run palette).
#include <QColor>
#include <QVector>

class QAbstractItemModel;

namespace mtw::gui {

// One colour per source row of the runs table model (invalid: no value); column < 0: none.
QVector<QColor> coloursByColumn(const QAbstractItemModel& runsTable, int column);

} // namespace mtw::gui
