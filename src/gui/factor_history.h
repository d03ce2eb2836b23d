#pragma once
// The trajectory factors of one run (engine/factor_probe.h) as the GUI keeps them: per factor
// name and task (-1: the total loss), the points (step, training loss on the factor sample,
// value) in step order. Factors are measured sparsely (densely early, then every `every` steps),
// so everything is kept. Not thread-safe: the GUI thread appends and reads.
#include "engine/snapshot.h"

#include <QStringList>
#include <map>
#include <utility>
#include <vector>

namespace mtw::gui {

struct FactorPoint {
    long long step = 0;
    double trainLoss = 0; // the task's (or total) loss on the factor sample at that step
    double value = 0;
};

class FactorHistory {
public:
    // A snapshot's factor records; the "loss" records of a step give its points' x (a step's
    // records always arrive in one snapshot, live and from a store).
    void append(const std::vector<engine::FactorRecord>& records);

    // Factor names measured (without "loss"), in name order.
    QStringList names() const;
    bool empty() const { return m_points.empty(); }
    // The points of one factor and task (-1: total), in step order; empty if never measured.
    const std::vector<FactorPoint>& points(const QString& name, int task) const;

private:
    std::map<std::pair<QString, int>, std::vector<FactorPoint>> m_points;
    std::vector<FactorPoint> m_none;
};

} // namespace mtw::gui
