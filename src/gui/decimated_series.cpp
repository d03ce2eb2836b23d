#include "gui/decimated_series.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mtw::gui {

DecimatedSeries::DecimatedSeries(int bucketCapacity)
    : m_capacity(std::max(2, bucketCapacity))
{
}

void DecimatedSeries::clear()
{
    m_buckets.clear();
    m_width = 1.0;
    m_rawCount = 0;
    m_last = {};
}

void DecimatedSeries::append(double x, double y)
{
    if (!std::isfinite(y) || !std::isfinite(x))
        return;
    ++m_rawCount;
    m_last = { x, y };
    const auto index = static_cast<long long>(std::floor(x / m_width));
    if (m_buckets.empty() || m_buckets.back().index != index) {
        Bucket b;
        b.index = index;
        b.minX = b.maxX = x;
        b.minY = b.maxY = y;
        b.sumX = x;
        b.sumY = y;
        b.count = 1;
        m_buckets.push_back(b);
        if (static_cast<int>(m_buckets.size()) > m_capacity)
            coarsen();
        return;
    }
    Bucket& b = m_buckets.back();
    if (y < b.minY) {
        b.minY = y;
        b.minX = x;
    }
    if (y > b.maxY) {
        b.maxY = y;
        b.maxX = x;
    }
    b.sumX += x;
    b.sumY += y;
    ++b.count;
}

void DecimatedSeries::merge(Bucket& into, const Bucket& from)
{
    if (from.minY < into.minY) {
        into.minY = from.minY;
        into.minX = from.minX;
    }
    if (from.maxY > into.maxY) {
        into.maxY = from.maxY;
        into.maxX = from.maxX;
    }
    into.sumX += from.sumX;
    into.sumY += from.sumY;
    into.count += from.count;
}

// Doubles the width until the buckets fit; indices halve (floor), so merged buckets stay aligned
// to multiples of the new width whatever the spacing of x.
void DecimatedSeries::coarsen()
{
    while (static_cast<int>(m_buckets.size()) > m_capacity) {
        m_width *= 2.0;
        std::size_t out = 0;
        for (std::size_t i = 0; i < m_buckets.size(); ++i) {
            Bucket b = m_buckets[i];
            b.index = static_cast<long long>(std::floor(static_cast<double>(b.index) / 2.0));
            if (out > 0 && m_buckets[out - 1].index == b.index)
                merge(m_buckets[out - 1], b);
            else
                m_buckets[out++] = b;
        }
        m_buckets.resize(out);
    }
}

QVector<QPointF> DecimatedSeries::points() const
{
    QVector<QPointF> out;
    out.reserve(static_cast<qsizetype>(m_buckets.size() * 2));
    for (const Bucket& b : m_buckets) {
        if (b.count == 1 || (b.minX == b.maxX && b.minY == b.maxY)) {
            out.append({ b.minX, b.minY });
        } else if (b.minX <= b.maxX) {
            out.append({ b.minX, b.minY });
            out.append({ b.maxX, b.maxY });
        } else {
            out.append({ b.maxX, b.maxY });
            out.append({ b.minX, b.minY });
        }
    }
    return out;
}

QVector<QPointF> DecimatedSeries::means() const
{
    QVector<QPointF> out;
    out.reserve(static_cast<qsizetype>(m_buckets.size()));
    for (const Bucket& b : m_buckets) {
        const double n = static_cast<double>(b.count);
        out.append({ b.sumX / n, b.sumY / n });
    }
    return out;
}

double DecimatedSeries::mean() const
{
    double sum = 0;
    long long count = 0;
    for (const Bucket& b : m_buckets) {
        sum += b.sumY;
        count += b.count;
    }
    return count > 0 ? sum / static_cast<double>(count) : std::numeric_limits<double>::quiet_NaN();
}

double DecimatedSeries::minimum() const
{
    double m = std::numeric_limits<double>::infinity();
    for (const Bucket& b : m_buckets)
        m = std::min(m, b.minY);
    return m;
}

double DecimatedSeries::maximum() const
{
    double m = -std::numeric_limits<double>::infinity();
    for (const Bucket& b : m_buckets)
        m = std::max(m, b.maxY);
    return m;
}

} // namespace mtw::gui
