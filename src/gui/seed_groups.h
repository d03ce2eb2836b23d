#pragma once
// Runs that differ only by their seed are repetitions of one configuration: the views can draw
// such a group as its mean with a spread band (mean +- one sample standard deviation, or the
// min-max envelope) instead of one line per seed.
#include "gui/run_history.h"

#include <QList>
#include <QPointF>
#include <QString>
#include <QVector>
#include <vector>

namespace mtw::gui {

enum class SeedGrouping {
    Separate, // one line per run
    MeanStd, // mean +- s, s the sample standard deviation (n - 1 in the denominator)
    MeanMinMax, // mean, band from the minimum to the maximum
};

struct SeedGroup {
    QString label; // "<method> <key settings> (n = 3 seeds)"; the run's name for a single run
    QList<RunHistoryPtr> runs;
};

// Runs grouped by their experiment with the seed, the name, the thread count, the matrix cadence
// and the snapshot interval left out (the settings that do not change what is trained or which
// steps are recorded), in the order of each group's first run. Runs without a history are skipped.
QList<SeedGroup> groupBySeed(const QList<RunHistoryPtr>& runs);

// Mean and the spread interval [low, high] of values (NaN skipped): mean -+ sample std
// (MeanStd; a single value has no spread) or [min, max] (MeanMinMax). All NaN for no values.
struct Spread {
    double mean, low, high;
};
Spread spreadOf(const std::vector<double>& values, SeedGrouping spread);

struct SeriesBand {
    QVector<QPointF> mean, lower, upper;
};

// Point-wise mean and spread of series sampled at the same x (seeds of one configuration record
// the same steps, so their decimated series share their x values): over the longest common
// prefix on which every series has a point at the same x. NaN values are skipped per point.
SeriesBand bandOf(const QList<QVector<QPointF>>& series, SeedGrouping spread);

} // namespace mtw::gui
