#pragma once
// Shared visual conventions of the views: a colour per task (Okabe & Ito 2008 colour-blind-safe
// palette), a line style per overlaid run (so colour keeps meaning "task"), or the other way
// round when the runs are coloured (many runs, few tasks), and TensorBoard's
// debiased exponential smoothing (the first points are not dragged towards 0).
#include "gui/charts/line_dash.h"
#include "gui/run_history.h"

#include <QColor>
#include <QPointF>
#include <QVector>
#include <algorithm>
#include <cmath>

namespace mtw::gui::style {

// Twelve tasks get twelve colours: Okabe & Ito's eight, then four of Tol's muted hues (the run
// palette's); with eight, tasks 8..11 of a 12-task run took the colours of tasks 0..3.
inline QColor taskColor(int task)
{
    static const QColor palette[] = { QColor(0, 114, 178), QColor(213, 94, 0), QColor(0, 158, 115),
        QColor(204, 121, 167), QColor(230, 159, 0), QColor(86, 180, 233), QColor(120, 120, 120), QColor(240, 228, 66),
        QColor(136, 34, 85), QColor(153, 153, 51), QColor(68, 170, 153), QColor(51, 34, 136) };
    return palette[std::max(task, 0) % 12];
}

// Colours of runs when the colour means "run" (Pareto points, Losses coloured by run): twelve
// distinguishable hues (Okabe & Ito's, then Tol's muted ones); past twelve, darker copies.
inline QColor runColor(int run)
{
    static const QColor palette[] = { QColor(0, 114, 178), QColor(213, 94, 0), QColor(0, 158, 115),
        QColor(204, 121, 167), QColor(230, 159, 0), QColor(86, 180, 233), QColor(0, 0, 0), QColor(136, 34, 85),
        QColor(153, 153, 51), QColor(68, 170, 153), QColor(51, 34, 136), QColor(120, 120, 120) };
    const int k = std::max(run, 0);
    const QColor c = palette[k % 12];
    return k < 12 ? c : c.darker(100 + 50 * (k / 12));
}
// The run's own colour when the runs are coloured by a column, else the palette's for index run.
inline QColor runColor(const RunHistory& history, int run)
{
    return history.colour().isValid() ? history.colour() : runColor(run);
}

// A dash per overlaid run when colour means task: Qt's five styles, then seven patterns of long
// dashes, dots and gaps (in pen widths), so 12 runs are 12 different lines in every colour (with
// Qt's five alone, runs 0 and 5 of 8 were the same line). Past 12 they repeat: colour the runs.
inline LineDash runDash(int run)
{
    static const LineDash dashes[] = { Qt::SolidLine, Qt::DashLine, Qt::DotLine, Qt::DashDotLine, Qt::DashDotDotLine,
        LineDash({ 8, 3 }), LineDash({ 8, 3, 1, 3 }), LineDash({ 8, 3, 3, 3 }), LineDash({ 8, 3, 1, 3, 1, 3 }),
        LineDash({ 4, 2, 4, 2, 1, 2 }), LineDash({ 1, 4 }), LineDash({ 12, 3, 3, 3, 1, 3 }) };
    return dashes[std::max(run, 0) % 12];
}
// When runs take the colours, the dash tells the tasks apart.
inline LineDash taskDash(int task)
{
    return runDash(task);
}

// TensorBoard's smoothing: s_k = EMA_k / (1 - w^k), with EMA_k = w EMA_{k-1} + (1 - w) y_k.
inline QVector<QPointF> smoothEma(const QVector<QPointF>& points, double weight)
{
    if (weight <= 0)
        return points;
    QVector<QPointF> out;
    out.reserve(points.size());
    double ema = 0, wk = 1;
    for (const QPointF& p : points) {
        if (!std::isfinite(p.y()))
            continue;
        ema = weight * ema + (1 - weight) * p.y();
        wk *= weight;
        out.append({ p.x(), ema / (1 - wk) });
    }
    return out;
}

} // namespace mtw::gui::style
