#pragma once
// Distributions of the angles between task gradients, per epoch (Roy et al. 2024, FairBranch,
// section 3.16: "per-epoch box plots of conflict angles"). Every stored T x T cosine matrix gives
// T(T-1)/2 angles, acos(cos_ij) in degrees (90 = orthogonal, above 90 = conflicting); the angles of
// the matrices recorded in an epoch make that epoch's box. Runs with more epochs than maxBoxes
// merge consecutive epochs into equal spans (the last one may be shorter), so a figure never holds
// more boxes than it can show.
#include <Eigen/Dense>
#include <utility>
#include <vector>

namespace mtw::analysis {

struct AngleBox {
    int firstEpoch = 0; // the epochs this box covers, inclusive (0-based)
    int lastEpoch = 0;
    long long count = 0; // angles in the box
    double minimum = 0; // whiskers: the smallest and largest angle
    double lowerQuartile = 0;
    double median = 0;
    double upperQuartile = 0;
    double maximum = 0;
    double conflictShare = 0; // share of the angles above 90 degrees
};

// The p-quantile (0 <= p <= 1) of sorted values by linear interpolation between order statistics
// (Hyndman & Fan type 7, NumPy's and R's default); NaN for no values.
double sortedQuantile(const std::vector<double>& sorted, double p);

// One box per epoch (or span of epochs) that has matrices, in epoch order. `matrices` pairs each
// matrix with its epoch, in step order; non-finite cosines are left out.
std::vector<AngleBox> angleBoxesPerEpoch(
    const std::vector<std::pair<int, Eigen::MatrixXd>>& matrices, int maxBoxes = 40);

} // namespace mtw::analysis
