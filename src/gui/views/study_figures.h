#pragma once
// What the study view draws from an engine::StudyResult (engine/study.h), kept apart from the
// widgets so tests can check it: the scatter series (points coloured by group, the
// least-squares line of every group and of all runs), the heat-map cells (mean y per
// (x value, group) cell: a hyperparameter grid such as learning rate x method) and the
// statistics as the CLI prints them (n, r and rho with their bootstrap intervals, the line).
#include "engine/study.h"
#include "gui/charts/chart_panel.h"

#include <Eigen/Dense>
#include <QList>
#include <QString>
#include <QStringList>

namespace mtw::gui {

// Mean y per cell: rows are the groups (one row "all" without grouping), columns the distinct x
// values in increasing order; NaN where no run falls in a cell.
struct StudyCells {
    QStringList rows, columns;
    QVector<double> columnValues; // the x value of each column
    Eigen::MatrixXd mean; // rows x columns
    Eigen::MatrixXi count;
};

StudyCells studyCellMeans(const engine::StudyResult& result);

// The colour of group `index` (the overall line is drawn in black).
QColor studyGroupColor(int index);

// Scatter per group plus a least-squares line per group and overall; with logX the lines are
// sampled log-spaced so they stay straight in data space (curved on the log axis).
QList<ChartSeries> studyScatterSeries(const engine::StudyResult& result, bool logX);

// "0.1234" with 4 significant digits as `mtw-cli study` prints; "n/a" when not finite.
QString studyNumber(double value);

// The statistics table (rich text) and the notes on undefined statistics.
QString studyStatisticsHtml(const engine::StudyResult& result, const analysis::BootstrapOptions& bootstrap);

} // namespace mtw::gui
