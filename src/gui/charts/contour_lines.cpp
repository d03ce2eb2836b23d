#include "gui/charts/contour_lines.h"

#include <array>
#include <cmath>
#include <unordered_map>
#include <vector>

namespace mtw::gui {

namespace {

// A grid edge: horizontal from (i, j) to (i + 1, j), or vertical from (i, j) to (i, j + 1).
using EdgeKey = long long;

struct LevelSegments {
    std::vector<std::array<EdgeKey, 2>> segments;
    std::unordered_map<EdgeKey, QPointF> points; // where the level crosses each edge
};

// One level's segments by marching squares; each crossing is computed once per edge, from its
// lower grid point to its higher one, so both cells sharing the edge use the same point.
LevelSegments levelSegments(const Eigen::MatrixXd& v, double level, double xMin, double dx, double yMin, double dy)
{
    const Eigen::Index nx = v.rows(), ny = v.cols();
    LevelSegments out;
    const auto crossing = [&](Eigen::Index i, Eigen::Index j, bool vertical, EdgeKey* key) {
        const Eigen::Index i1 = vertical ? i : i + 1, j1 = vertical ? j + 1 : j;
        const double a = v(i, j), b = v(i1, j1);
        if (!std::isfinite(a) || !std::isfinite(b) || (a < level) == (b < level))
            return false;
        *key = ((static_cast<EdgeKey>(i) * ny + j) << 1) | (vertical ? 1 : 0);
        if (!out.points.count(*key)) {
            const double t = (level - a) / (b - a);
            const QPointF p(xMin + static_cast<double>(i) * dx, yMin + static_cast<double>(j) * dy);
            out.points.emplace(*key, p + QPointF(vertical ? 0 : t * dx, vertical ? t * dy : 0));
        }
        return true;
    };
    for (Eigen::Index i = 0; i + 1 < nx; ++i)
        for (Eigen::Index j = 0; j + 1 < ny; ++j) {
            // The cell's edges counter-clockwise: bottom, right, top, left.
            EdgeKey keys[4];
            int count = 0;
            const struct {
                Eigen::Index i, j;
                bool vertical;
            } edges[4] = { { i, j, false }, { i + 1, j, true }, { i, j + 1, false }, { i, j, true } };
            for (const auto& e : edges)
                if (crossing(e.i, e.j, e.vertical, &keys[count]))
                    ++count;
            if (count == 2 || count == 4)
                out.segments.push_back({ keys[0], keys[1] });
            if (count == 4)
                out.segments.push_back({ keys[2], keys[3] });
        }
    return out;
}

// Chains segments sharing an edge into polylines: first from the open ends (edges used once),
// then the closed loops that remain.
void chain(const LevelSegments& level, QList<QPolygonF>& lines)
{
    std::unordered_map<EdgeKey, std::vector<std::size_t>> incident;
    for (std::size_t s = 0; s < level.segments.size(); ++s)
        for (EdgeKey key : level.segments[s])
            incident[key].push_back(s);
    std::vector<bool> used(level.segments.size(), false);
    const auto walk = [&](std::size_t first, EdgeKey start) {
        QPolygonF line { level.points.at(start) };
        EdgeKey at = start;
        for (std::size_t s = first;;) {
            used[s] = true;
            at = level.segments[s][0] == at ? level.segments[s][1] : level.segments[s][0];
            line.append(level.points.at(at));
            std::size_t next = s;
            for (std::size_t candidate : incident[at])
                if (!used[candidate])
                    next = candidate;
            if (next == s)
                break;
            s = next;
        }
        lines.append(line);
    };
    for (const auto& [key, segments] : incident)
        if (segments.size() == 1 && !used[segments.front()])
            walk(segments.front(), key);
    for (std::size_t s = 0; s < level.segments.size(); ++s)
        if (!used[s])
            walk(s, level.segments[s][0]);
}

} // namespace

QList<QPolygonF> contourLines(const Eigen::MatrixXd& values, double xMin, double xMax, double yMin, double yMax,
    double low, double high, int levels)
{
    QList<QPolygonF> lines;
    if (levels <= 0 || values.rows() < 2 || values.cols() < 2 || !(high > low))
        return lines;
    const double dx = (xMax - xMin) / static_cast<double>(values.rows() - 1);
    const double dy = (yMax - yMin) / static_cast<double>(values.cols() - 1);
    for (int l = 1; l <= levels; ++l)
        chain(levelSegments(values, low + (high - low) * l / (levels + 1.0), xMin, dx, yMin, dy), lines);
    return lines;
}

} // namespace mtw::gui
