#include "analysis/correlation.h"

#include "core/rng.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace mtw::analysis {

namespace {

// Why the pairs have no correlation, or empty.
std::string invalidPairs(const std::vector<double>& x, const std::vector<double>& y, std::size_t minimum)
{
    if (x.size() != y.size())
        return "x and y have different lengths (" + std::to_string(x.size()) + " and " + std::to_string(y.size()) + ")";
    if (x.size() < minimum)
        return "needs at least " + std::to_string(minimum) + " pairs, got " + std::to_string(x.size());
    for (std::size_t i = 0; i < x.size(); ++i)
        if (!std::isfinite(x[i]) || !std::isfinite(y[i]))
            return "pair " + std::to_string(i) + " is not finite";
    return {};
}

// Exact test (not a tolerance on the variance): a constant column has no correlation at all.
bool constant(const std::vector<double>& v)
{
    const auto [low, high] = std::minmax_element(v.begin(), v.end());
    return *low == *high;
}

double mean(const std::vector<double>& v)
{
    return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

// r of pairs already known to be valid and non-constant.
double pearsonUnchecked(const std::vector<double>& x, const std::vector<double>& y)
{
    const double mx = mean(x), my = mean(y);
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double dx = x[i] - mx, dy = y[i] - my;
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    // Rounding can push |r| a hair past 1 for perfectly linear data.
    return std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
}

std::string zeroVariance(const std::vector<double>& x, const std::vector<double>& y)
{
    if (constant(x))
        return "x has zero variance (all values equal)";
    if (constant(y))
        return "y has zero variance (all values equal)";
    return {};
}

double quantile(const std::vector<double>& sorted, double q)
{
    const double h = q * static_cast<double>(sorted.size() - 1);
    const std::size_t below = static_cast<std::size_t>(std::floor(h));
    if (below + 1 >= sorted.size())
        return sorted.back();
    return sorted[below] + (h - static_cast<double>(below)) * (sorted[below + 1] - sorted[below]);
}

void finishInterval(std::vector<double>& statistics, double level, BootstrapInterval& interval)
{
    if (statistics.size() < 2) {
        interval.reason = "fewer than 2 of " + std::to_string(interval.resamples) + " resamples have non-zero variance";
        return;
    }
    std::sort(statistics.begin(), statistics.end());
    const double alpha = 1.0 - level;
    interval.low = quantile(statistics, alpha / 2);
    interval.high = quantile(statistics, 1.0 - alpha / 2);
}

} // namespace

std::vector<double> averageRanks(const std::vector<double>& values)
{
    std::vector<std::size_t> order(values.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    std::vector<double> ranks(values.size());
    for (std::size_t start = 0; start < order.size();) {
        std::size_t end = start + 1;
        while (end < order.size() && values[order[end]] == values[order[start]])
            ++end;
        // Positions start..end-1 hold ranks start+1..end; each tied value gets their mean.
        const double rank = (static_cast<double>(start + 1) + static_cast<double>(end)) / 2.0;
        for (std::size_t k = start; k < end; ++k)
            ranks[order[k]] = rank;
        start = end;
    }
    return ranks;
}

namespace {
// Why (x, y) has no correlation (fewer than 3 valid pairs, zero variance); empty when it has one.
std::string correlationProblem(const std::vector<double>& x, const std::vector<double>& y)
{
    std::string reason = invalidPairs(x, y, 3);
    return reason.empty() ? zeroVariance(x, y) : reason;
}
} // namespace

Estimate pearson(const std::vector<double>& x, const std::vector<double>& y)
{
    Estimate result;
    result.reason = correlationProblem(x, y);
    if (result.reason.empty())
        result.value = pearsonUnchecked(x, y);
    return result;
}

Estimate spearman(const std::vector<double>& x, const std::vector<double>& y)
{
    Estimate result;
    result.reason = correlationProblem(x, y);
    if (result.reason.empty())
        result.value = pearsonUnchecked(averageRanks(x), averageRanks(y));
    return result;
}

LineFit leastSquaresLine(const std::vector<double>& x, const std::vector<double>& y)
{
    LineFit line;
    line.reason = invalidPairs(x, y, 2);
    if (line.reason.empty() && constant(x))
        line.reason = "x has zero variance (all values equal)";
    if (!line.reason.empty())
        return line;
    const double mx = mean(x), my = mean(y);
    double sxy = 0, sxx = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
    }
    line.slope = sxy / sxx;
    line.intercept = my - line.slope * mx;
    return line;
}

void bootstrapIntervals(const std::vector<double>& x, const std::vector<double>& y, const BootstrapOptions& options,
    BootstrapInterval& pearsonInterval, BootstrapInterval& spearmanInterval)
{
    pearsonInterval = {};
    spearmanInterval = {};
    std::string reason = invalidPairs(x, y, 3);
    if (reason.empty() && options.resamples < 1)
        reason = "the number of bootstrap resamples must be at least 1";
    if (reason.empty() && !(options.level > 0 && options.level < 1))
        reason = "the interval level must be in (0, 1)";
    if (!reason.empty()) {
        pearsonInterval.reason = spearmanInterval.reason = reason;
        return;
    }
    const std::size_t n = x.size();
    core::Rng rng(options.seed);
    std::vector<double> rs, rhos, xb(n), yb(n);
    rs.reserve(static_cast<std::size_t>(options.resamples));
    rhos.reserve(static_cast<std::size_t>(options.resamples));
    int skipped = 0;
    for (int b = 0; b < options.resamples; ++b) {
        for (std::size_t k = 0; k < n; ++k) {
            const std::size_t i = rng.index(n);
            xb[k] = x[i];
            yb[k] = y[i];
        }
        if (constant(xb) || constant(yb)) {
            ++skipped;
            continue;
        }
        rs.push_back(pearsonUnchecked(xb, yb));
        rhos.push_back(pearsonUnchecked(averageRanks(xb), averageRanks(yb)));
    }
    for (BootstrapInterval* interval : { &pearsonInterval, &spearmanInterval }) {
        interval->resamples = options.resamples;
        interval->skipped = skipped;
    }
    finishInterval(rs, options.level, pearsonInterval);
    finishInterval(rhos, options.level, spearmanInterval);
}

CorrelationSummary correlate(
    const std::vector<double>& x, const std::vector<double>& y, const BootstrapOptions& options)
{
    CorrelationSummary summary;
    summary.n = std::min(x.size(), y.size());
    summary.pearson = pearson(x, y);
    summary.spearman = spearman(x, y);
    summary.line = leastSquaresLine(x, y);
    bootstrapIntervals(x, y, options, summary.pearsonInterval, summary.spearmanInterval);
    return summary;
}

} // namespace mtw::analysis
