#include "analysis/pareto.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <map>
#include <numeric>
#include <stdexcept>
#include <string>

namespace mtw::analysis {

using Eigen::Index;

bool dominates(const Eigen::Ref<const Eigen::VectorXd>& a, const Eigen::Ref<const Eigen::VectorXd>& b)
{
    bool strictly = false;
    for (Index i = 0; i < a.size(); ++i) {
        if (a(i) > b(i))
            return false;
        strictly = strictly || a(i) < b(i);
    }
    return strictly;
}

namespace {

// Row order by (x, y) ascending, ties broken by index so the order is total and reproducible.
std::vector<Index> lexicographicOrder(const Eigen::MatrixXd& points)
{
    std::vector<Index> order(static_cast<std::size_t>(points.rows()));
    std::iota(order.begin(), order.end(), Index(0));
    std::sort(order.begin(), order.end(), [&](Index a, Index b) {
        for (Index k = 0; k < points.cols(); ++k)
            if (points(a, k) != points(b, k))
                return points(a, k) < points(b, k);
        return a < b;
    });
    return order;
}

std::vector<Index> nonDominated2d(const Eigen::MatrixXd& points)
{
    // After sorting by x then y, a point is dominated iff an earlier point has y <= its y and
    // is not an exact duplicate of it: keep it when y beats the best y so far, or when it
    // duplicates the last kept point.
    std::vector<Index> kept;
    double bestY = std::numeric_limits<double>::infinity();
    Index last = -1;
    for (Index row : lexicographicOrder(points)) {
        const double x = points(row, 0), y = points(row, 1);
        const bool duplicate = last >= 0 && points(last, 0) == x && points(last, 1) == y;
        if (y < bestY || duplicate) {
            kept.push_back(row);
            bestY = std::min(bestY, y);
            last = row;
        }
    }
    std::sort(kept.begin(), kept.end());
    return kept;
}

// Area dominated by a 2-D point set within the box below (rx, ry): sort + staircase sweep.
double area2d(std::vector<std::pair<double, double>> xy, double rx, double ry)
{
    std::sort(xy.begin(), xy.end());
    double area = 0, bestY = ry;
    for (const auto& [x, y] : xy) {
        if (x >= rx || y >= bestY)
            continue;
        area += (rx - x) * (bestY - y);
        bestY = y;
    }
    return area;
}

double hypervolume3d(const Eigen::MatrixXd& points, const Eigen::VectorXd& r)
{
    // Sweep upward in z: between consecutive z values the dominated region's cross-section is
    // the 2-D area of all points below. The staircase (x -> y, both strictly decreasing in
    // y as x grows) keeps only the non-dominated projections, so its area is a single sweep.
    std::vector<Index> rows;
    for (Index i = 0; i < points.rows(); ++i)
        if ((points.row(i).transpose().array() < r.array()).all())
            rows.push_back(i);
    std::sort(rows.begin(), rows.end(),
        [&](Index a, Index b) { return points(a, 2) != points(b, 2) ? points(a, 2) < points(b, 2) : a < b; });
    std::map<double, double> stair; // x -> y
    double volume = 0;
    for (std::size_t k = 0; k < rows.size(); ++k) {
        const double x = points(rows[k], 0), y = points(rows[k], 1);
        // Dominated (or equal) by a staircase point with x' <= x: the one with the largest x' <= x
        // has the smallest y among them.
        auto next = stair.upper_bound(x);
        const bool covered = next != stair.begin() && std::prev(next)->second <= y;
        if (!covered) {
            // Remove the points the new one dominates: x' >= x and y' >= y.
            auto it = stair.lower_bound(x);
            while (it != stair.end() && it->second >= y)
                it = stair.erase(it);
            stair[x] = y;
        }
        const double zNext = k + 1 < rows.size() ? points(rows[k + 1], 2) : r(2);
        if (zNext > points(rows[k], 2)) {
            double area = 0, bestY = r(1);
            for (const auto& [sx, sy] : stair) {
                area += (r(0) - sx) * (bestY - sy);
                bestY = sy;
            }
            volume += area * (zNext - points(rows[k], 2));
        }
    }
    return volume;
}

} // namespace

std::vector<Index> nonDominatedIndices(const Eigen::MatrixXd& points)
{
    if (points.cols() == 2)
        return nonDominated2d(points);
    std::vector<Index> kept;
    for (Index i = 0; i < points.rows(); ++i) {
        bool dominated = false;
        for (Index j = 0; j < points.rows() && !dominated; ++j)
            dominated = j != i && dominates(points.row(j).transpose(), points.row(i).transpose());
        if (!dominated)
            kept.push_back(i);
    }
    return kept;
}

Eigen::MatrixXd nonDominated(const Eigen::MatrixXd& points)
{
    const std::vector<Index> kept = nonDominatedIndices(points);
    Eigen::MatrixXd result(static_cast<Index>(kept.size()), points.cols());
    for (std::size_t k = 0; k < kept.size(); ++k)
        result.row(static_cast<Index>(k)) = points.row(kept[k]);
    return result;
}

double hypervolume(const Eigen::MatrixXd& points, const Eigen::VectorXd& reference)
{
    const Index m = points.rows() > 0 ? points.cols() : reference.size();
    if (reference.size() != m)
        throw std::invalid_argument("hypervolume: the reference point has " + std::to_string(reference.size())
            + " entries for " + std::to_string(m) + " objectives");
    if (m == 1) {
        double best = reference(0);
        for (Index i = 0; i < points.rows(); ++i)
            best = std::min(best, points(i, 0));
        return reference(0) - best;
    }
    if (m == 2) {
        std::vector<std::pair<double, double>> xy;
        for (Index i = 0; i < points.rows(); ++i)
            if (points(i, 0) < reference(0) && points(i, 1) < reference(1))
                xy.emplace_back(points(i, 0), points(i, 1));
        return area2d(std::move(xy), reference(0), reference(1));
    }
    if (m == 3)
        return hypervolume3d(points, reference);
    throw std::invalid_argument("hypervolume: exact only for 1 to 3 objectives, got " + std::to_string(m));
}

namespace {

enum class Distance { Euclidean, Plus };

// Mean over the rows z of `from` of the smallest distance to a row a of `to`; Plus measures
// only how far a is worse than z: sqrt(sum max(a_i - z_i, 0)^2).
double meanMinimumDistance(const Eigen::MatrixXd& from, const Eigen::MatrixXd& to, Distance kind, bool fromIsReference)
{
    if (from.rows() == 0 || to.rows() == 0)
        return std::numeric_limits<double>::quiet_NaN();
    if (from.cols() != to.cols())
        throw std::invalid_argument("distance indicator: the two point sets have different objective counts");
    double sum = 0;
    for (Index i = 0; i < from.rows(); ++i) {
        double best = std::numeric_limits<double>::infinity();
        for (Index j = 0; j < to.rows(); ++j) {
            double squared = 0;
            for (Index k = 0; k < from.cols(); ++k) {
                // a - z: `to` holds A when `from` is the reference front, and Z otherwise.
                double diff = fromIsReference ? to(j, k) - from(i, k) : from(i, k) - to(j, k);
                if (kind == Distance::Plus)
                    diff = std::max(diff, 0.0);
                squared += diff * diff;
            }
            best = std::min(best, squared);
        }
        sum += std::sqrt(best);
    }
    return sum / static_cast<double>(from.rows());
}

} // namespace

double invertedGenerationalDistance(const Eigen::MatrixXd& approximation, const Eigen::MatrixXd& referenceFront)
{
    return meanMinimumDistance(referenceFront, approximation, Distance::Euclidean, true);
}

double invertedGenerationalDistancePlus(const Eigen::MatrixXd& approximation, const Eigen::MatrixXd& referenceFront)
{
    return meanMinimumDistance(referenceFront, approximation, Distance::Plus, true);
}

double generationalDistance(const Eigen::MatrixXd& approximation, const Eigen::MatrixXd& referenceFront)
{
    return meanMinimumDistance(approximation, referenceFront, Distance::Euclidean, false);
}

double generationalDistancePlus(const Eigen::MatrixXd& approximation, const Eigen::MatrixXd& referenceFront)
{
    // GD+: d+(a, z) = sqrt(sum max(a_i - z_i, 0)^2) for a in A against the nearest z.
    return meanMinimumDistance(approximation, referenceFront, Distance::Plus, false);
}

Eigen::MatrixXd pointsToMatrix(const std::vector<Eigen::VectorXd>& points)
{
    if (points.empty())
        return {};
    Eigen::MatrixXd result(static_cast<Index>(points.size()), points.front().size());
    for (std::size_t i = 0; i < points.size(); ++i)
        result.row(static_cast<Index>(i)) = points[i].transpose();
    return result;
}

Eigen::VectorXd nadirReference(const Eigen::MatrixXd& points)
{
    const Eigen::VectorXd lo = points.colwise().minCoeff(), hi = points.colwise().maxCoeff();
    Eigen::VectorXd reference = hi;
    for (Eigen::Index d = 0; d < reference.size(); ++d)
        reference(d) += hi(d) > lo(d) ? 0.1 * (hi(d) - lo(d)) : std::max(0.1 * std::abs(hi(d)), 1e-3);
    return reference;
}

} // namespace mtw::analysis
