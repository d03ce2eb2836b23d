#include "gui/charts/axis_ticks.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mtw::gui {

double niceTickStep(double span, int target)
{
    if (!(span > 0) || !std::isfinite(span))
        return 1;
    // The smallest 1-2-5 step that gives at most 1.5 x target intervals: a little more than the
    // target rather than half of it (span 7.6, target 4: step 2, not 5).
    const double limit = 1.5 * std::max(1, target);
    double power = std::pow(10.0, std::floor(std::log10(span / limit)));
    for (;; power *= 10)
        for (double m : { 1.0, 2.0, 5.0 })
            if (span / (m * power) <= limit * (1 + 1e-9))
                return m * power;
}

AxisTicks ticksFor(double min, double max, int target)
{
    AxisTicks t;
    t.min = min;
    t.max = max;
    t.interval = niceTickStep(max - min, target);
    t.anchor = std::ceil(min / t.interval - 1e-9) * t.interval;
    if (std::abs(t.anchor) < t.interval * 1e-9)
        t.anchor = 0; // not -2.77556e-17
    return t;
}

AxisTicks linearAxis(double lo, double hi, double pad, int target)
{
    double a = lo, b = hi;
    // A span within rounding of one value (a difference curve that is constant up to 1e-16) is one
    // value: ticks at that span would be ~1e-17 apart, and Qt, which widens a range it finds
    // fuzzily empty, would then make one label per tick over the wider range (gigabytes of them).
    if (!(b > a) || b - a <= 1e-9 * std::max(std::abs(a), std::abs(b))) {
        const double half = a != 0 ? std::abs(a) * 0.05 : 1e-3;
        a -= half;
        b += half;
    } else {
        a -= pad * (hi - lo);
        b += pad * (hi - lo);
    }
    if (lo >= 0 && a < 0)
        a = 0;
    if (hi <= 0 && b > 0)
        b = 0;
    return ticksFor(a, b, target);
}

SegmentedAxis segmentedAxis(double lo, double hi, int target)
{
    if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) {
        const double centre = std::isfinite(lo) ? lo : 0.0, half = centre != 0 ? std::abs(centre) * 0.05 : 1e-3;
        lo = centre - half;
        hi = centre + half;
    }
    SegmentedAxis axis;
    axis.step = niceTickStep(hi - lo, target);
    axis.min = std::floor(lo / axis.step + 1e-9) * axis.step;
    axis.max = std::ceil(hi / axis.step - 1e-9) * axis.step;
    axis.segments = std::max(1, static_cast<int>(std::lround((axis.max - axis.min) / axis.step)));
    return axis;
}

std::pair<double, double> finiteRange(const double* values, std::size_t count)
{
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (std::size_t k = 0; k < count; ++k)
        if (std::isfinite(values[k])) {
            lo = std::min(lo, values[k]);
            hi = std::max(hi, values[k]);
        }
    return { lo, hi };
}

int tickDecimals(double step)
{
    return std::max(0, static_cast<int>(std::ceil(-std::log10(step) - 1e-9)));
}

std::pair<double, double> logDecades(double lo, double hi)
{
    const double a = std::pow(10.0, std::floor(std::log10(lo))), b = std::pow(10.0, std::ceil(std::log10(hi)));
    return { a, b > a ? b : a * 10 };
}

int tickTarget(double pixels, double labelPixels)
{
    if (!(pixels > 0) || !(labelPixels > 0))
        return 5;
    return std::clamp(static_cast<int>(pixels / labelPixels), 2, 10);
}

double symlog(double y, double c)
{
    return std::copysign(std::log10(1 + std::abs(y) / c), y);
}

double symlogInverse(double v, double c)
{
    return std::copysign(c * (std::pow(10.0, std::abs(v)) - 1), v);
}

double symlogThreshold(std::vector<double> values)
{
    std::vector<double> magnitudes;
    for (double v : values)
        if (std::isfinite(v) && v != 0)
            magnitudes.push_back(std::abs(v));
    if (magnitudes.empty())
        return 1;
    const auto tenth = magnitudes.begin() + static_cast<std::ptrdiff_t>(magnitudes.size() / 10);
    std::nth_element(magnitudes.begin(), tenth, magnitudes.end());
    return std::pow(10.0, std::floor(std::log10(*tenth)));
}

std::vector<double> symlogTicks(double vMin, double vMax, double c)
{
    std::vector<double> ticks;
    const auto inside = [&](double y) {
        const double v = symlog(y, c);
        return v >= vMin - 1e-12 && v <= vMax + 1e-12;
    };
    for (int k = 24; k >= 0; --k)
        if (const double y = -c * std::pow(10.0, k); inside(y))
            ticks.push_back(y);
    if (inside(0))
        ticks.push_back(0);
    for (int k = 0; k <= 24; ++k)
        if (const double y = c * std::pow(10.0, k); inside(y))
            ticks.push_back(y);
    return ticks;
}

} // namespace mtw::gui
