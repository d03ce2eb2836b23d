#pragma once
// Linear axis ranges and tick spacing for the charts, free of Qt widgets so they are tested
// alone. Axes end at the data (a 35,000-step run gets an x axis to 35,000, not 40,000); ticks
// sit on multiples of a 1-2-5 step inside the range, so labels read 0, 5000, 10000 or 0.2,
// 0.4 rather than 16.0748; a padded range never crosses zero when the data do not (losses
// stay non-negative on screen).

#include <cstddef>
#include <utility>
#include <vector>

namespace mtw::gui {

struct AxisTicks {
    double min = 0, max = 1;
    double anchor = 0; // the first tick at or above min, a multiple of interval (exact 0 if within rounding)
    double interval = 0.2;
};

// The smallest 1-2-5 step (..., 0.1, 0.2, 0.5, 1, 2, 5, 10, ...) giving at most 1.5 x `target`
// intervals over span (> 0).
double niceTickStep(double span, int target);

// The axis over data [lo, hi]: `pad` (a fraction of hi - lo) added on both ends, except that an
// end never passes zero when the data stay on one side of it; a degenerate range (lo == hi) is
// widened to +-5% of |lo| (or +-1e-3 around zero). Ticks: niceTickStep(max - min, target).
AxisTicks linearAxis(double lo, double hi, double pad, int target);

// Ticks for an axis whose range is already set (after a zoom or pan).
AxisTicks ticksFor(double min, double max, int target);

// An axis whose ends are ticks, for axes that label evenly spaced segments (Qt DataVisualization's
// QValue3DAxis): [lo, hi] widened to multiples of step = niceTickStep(hi - lo, target).
struct SegmentedAxis {
    double min = 0, max = 1;
    int segments = 1;
    double step = 1;
};
SegmentedAxis segmentedAxis(double lo, double hi, int target);

// The smallest and largest finite value of values[0, count): (+inf, -inf) when none is finite.
std::pair<double, double> finiteRange(const double* values, std::size_t count);

// The decimal places a label needs at this tick step: 0 for steps of 1 and more, 1 for 0.5 or 0.2, ...
int tickDecimals(double step);

// The whole decades around [lo, hi] (lo > 0): a log axis reads best from power to power.
std::pair<double, double> logDecades(double lo, double hi);

// How many intervals fit along `pixels` of axis with labels about `labelPixels` apart.
int tickTarget(double pixels, double labelPixels);

// Symmetric log scale (as matplotlib's symlog, base 10): linear within +-c, logarithmic beyond,
// so values of both signs spanning decades (weights with spikes, negative slow-downs) share one
// axis: v = sign(y) log10(1 + |y| / c).
double symlog(double y, double c);
double symlogInverse(double v, double c);
// c for a set of values: the power of ten at or below their 10th-percentile non-zero magnitude
// (1 without non-zero values), so the linear band holds the smallest tenth.
double symlogThreshold(std::vector<double> values);
// Tick values (in data units) whose transforms lie in [vMin, vMax]: 0 and +-c 10^k.
std::vector<double> symlogTicks(double vMin, double vMax, double c);

} // namespace mtw::gui
