#pragma once
// Correlation of n paired observations (x_i, y_i), for cross-run studies (`mtw-cli study`, the
// study view): Pearson's r, Spearman's rho, the least-squares line, and percentile-bootstrap
// intervals for r and rho.
//
// Definitions (x-bar, y-bar the sample means):
//   Pearson r  = sum (x_i - x-bar)(y_i - y-bar) / sqrt( sum (x_i - x-bar)^2 * sum (y_i - y-bar)^2 )
//                (K. Pearson 1896; e.g. Wasserman, All of Statistics, 2004, eq. 3.22 for the sample form)
//   Spearman rho = Pearson r of the ranks (C. Spearman 1904). Ties get the average of the ranks they
//                occupy (the "fractional" ranking; scipy.stats.spearmanr and rankdata(method='average')).
//   Line       y = intercept + slope * x minimising sum (y_i - intercept - slope x_i)^2 (ordinary least
//                squares): slope = sum (x_i - x-bar)(y_i - y-bar) / sum (x_i - x-bar)^2,
//                intercept = y-bar - slope * x-bar (as scipy.stats.linregress).
// Degenerate input never throws: n < 3 pairs, different lengths, a non-finite value, or zero variance
// (all x equal or all y equal; the line needs only the x variance and n >= 2) give NaN and a reason.
//
// Percentile bootstrap (B. Efron & R. Tibshirani 1993, An Introduction to the Bootstrap, ch. 13):
//   B resamples (default 2000), each n pairs drawn with replacement; the statistic on each; the
//   interval is the (alpha/2, 1 - alpha/2) quantiles of the B' valid statistics, alpha = 1 - level
//   (default level 0.95). Quantile q of sorted values s_0..s_{B'-1}: h = q (B' - 1), linear
//   interpolation between s_floor(h) and s_floor(h)+1 (numpy's default "linear" quantile, Hyndman &
//   Fan type 7).
//   The random stream is fixed so the CLI and the GUI print the same numbers for the same seed:
//   one core::Rng(seed) (std::mt19937_64 seeded with SplitMix64(seed), see core/rng.h); resample b =
//   0..B-1 draws its n indices in order, index k = rng.index(n) (Lemire-style rejection: draw
//   u = next 64-bit output, redraw while u >= 2^64-1 - (2^64-1) mod n, take u mod n). r and rho are
//   computed on the same resamples. A resample in which all drawn x or all drawn y are equal (zero
//   variance) has no r or rho: it is skipped, counted in `skipped`, and no replacement is drawn.
//   Fewer than 2 valid resamples give NaN bounds with a reason.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace mtw::analysis {

inline constexpr double notANumber = std::numeric_limits<double>::quiet_NaN();

// A statistic, or NaN with the reason it does not exist.
struct Estimate {
    double value = notANumber;
    std::string reason; // empty when value is valid
    bool valid() const { return reason.empty(); }
};

struct LineFit {
    double slope = notANumber;
    double intercept = notANumber;
    std::string reason; // empty when the line is valid
    bool valid() const { return reason.empty(); }
};

struct BootstrapOptions {
    int resamples = 2000; // B
    std::uint64_t seed = 1;
    double level = 0.95;
};

struct BootstrapInterval {
    double low = notANumber;
    double high = notANumber;
    int resamples = 0; // B drawn
    int skipped = 0; // resamples with zero variance in x or y
    std::string reason; // empty when the bounds are valid
    bool valid() const { return reason.empty(); }
};

struct CorrelationSummary {
    std::size_t n = 0;
    Estimate pearson;
    Estimate spearman;
    BootstrapInterval pearsonInterval;
    BootstrapInterval spearmanInterval;
    LineFit line;
};

// Average ranks, 1-based: the smallest value has rank 1, tied values share the mean of their ranks.
std::vector<double> averageRanks(const std::vector<double>& values);

Estimate pearson(const std::vector<double>& x, const std::vector<double>& y);
Estimate spearman(const std::vector<double>& x, const std::vector<double>& y);
LineFit leastSquaresLine(const std::vector<double>& x, const std::vector<double>& y);
// Both intervals from one stream of resamples (above). resamples < 1 or level outside (0, 1) give
// invalid intervals with the reason.
void bootstrapIntervals(const std::vector<double>& x, const std::vector<double>& y, const BootstrapOptions& options,
    BootstrapInterval& pearsonInterval, BootstrapInterval& spearmanInterval);
// Everything above for one set of pairs.
CorrelationSummary correlate(
    const std::vector<double>& x, const std::vector<double>& y, const BootstrapOptions& options = {});

} // namespace mtw::analysis
