#pragma once
// A (step, value) series whose memory stays bounded however long the run is: min/max-preserving
// bucket decimation. Points fall into buckets of `width` steps; each bucket keeps its minimum,
// maximum, first/last x and the running sum (for the mean). When the bucket count exceeds the
// capacity, the width doubles and neighbouring buckets merge, so a 10^6-step run keeps at most
// 2 * capacity drawn points while spikes (the min and max of each bucket) stay visible.
#include <QPointF>
#include <QVector>
#include <vector>

namespace mtw::gui {

class DecimatedSeries {
public:
    explicit DecimatedSeries(int bucketCapacity = 2000);

    void append(double x, double y); // x must not decrease; non-finite y are skipped
    void clear();

    // Min and max of every bucket in x order (one point where they coincide): what a line
    // chart should draw. Size <= 2 * bucketCapacity.
    QVector<QPointF> points() const;
    // One point per bucket at the bucket's mean x and mean y (input for smoothing).
    QVector<QPointF> means() const;

    long long rawCount() const { return m_rawCount; } // points ever appended
    int bucketCount() const { return static_cast<int>(m_buckets.size()); }
    bool isEmpty() const { return m_buckets.empty(); }
    QPointF last() const { return m_last; }
    double minimum() const;
    double maximum() const;
    // The mean of every finite y appended (exact: buckets keep their sums); NaN when empty.
    double mean() const;

private:
    struct Bucket {
        long long index = 0; // floor(x / width)
        double minX = 0, minY = 0, maxX = 0, maxY = 0;
        double sumX = 0, sumY = 0;
        long long count = 0;
    };
    void coarsen();
    static void merge(Bucket& into, const Bucket& from);

    int m_capacity;
    double m_width = 1.0;
    std::vector<Bucket> m_buckets;
    long long m_rawCount = 0;
    QPointF m_last;
};

} // namespace mtw::gui
