#pragma once
// The study view's parallel coordinates (issue 12, as Weights & Biases draws them): one polyline
// per run across vertical axes, one axis per chosen run-level quantity (engine/quantity.h), each
// axis min-max normalised over the drawn runs, so a run's height on axis a is
//   (v_a - min_a) / (max_a - min_a)   (0.5 when every run has the same value).
// Brushes are per-axis ranges [low, high] in the axis's own units (inclusive); a run is kept when
// it lies inside every brush. Kept runs are drawn in their group's colour, the others faint grey.
// Kept apart from the widgets so tests can check the numbers.
#include "engine/run_collection.h"
#include "gui/charts/chart_panel.h"

#include <Eigen/Dense>
#include <QMap>
#include <QString>
#include <QStringList>
#include <vector>

namespace mtw::gui {

struct ParallelAxis {
    QString name; // the resolved quantity name
    double min = 0;
    double max = 0; // over the drawn runs
};

struct ParallelBrush {
    double low = 0;
    double high = 0;
};

struct StudyParallel {
    std::vector<ParallelAxis> axes;
    QStringList runs; // directories of the drawn runs: those having a number on every axis
    QStringList groups; // each drawn run's group value ("" without grouping)
    Eigen::MatrixXd values; // runs x axes, in the quantities' units
    QStringList leftOut; // "run: reason" for the runs lacking an axis

    // The run's height on the axis in [0, 1].
    double normalised(int run, int axis) const;
    int axisIndex(const QString& name) const;
};

// The default axes: the numeric experiment settings whose value differs between runs (sorted by
// name), then x and y (each once).
QStringList defaultParallelAxes(const engine::RunCollection& runs, const QString& x, const QString& y);

// Resolves every name (RunCollection::resolve) and throws engine::StudyError for an unknown name
// or a text quantity. groupBy: a resolved quantity name or empty.
StudyParallel studyParallel(const engine::RunCollection& runs, const QStringList& axes, const std::string& groupBy);

// Per drawn run: inside every brush (keyed by axis name; brushes on other names are ignored).
std::vector<bool> parallelKept(const StudyParallel& p, const QMap<QString, ParallelBrush>& brushes);

// "name" over "min ... max" for the categorical x axis.
QStringList parallelAxisLabels(const StudyParallel& p);

// The polylines (named by run directory, not in the legend; faint grey ones first) and one empty
// legend entry per group; groupOrder gives the colour index of each group (studyGroupColor).
QList<ChartSeries> parallelSeries(const StudyParallel& p, const std::vector<bool>& kept, const QStringList& groupOrder);

} // namespace mtw::gui
