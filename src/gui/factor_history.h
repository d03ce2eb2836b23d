#pragma once
// The trajectory factors of one run (engine/factor_probe.h) as the GUI keeps them: per factor
// name and task (-1: the total loss), the points (step, training loss on the factor sample,
// value) in step order. Factors are measured sparsely (densely early, then every `every` steps),
// so everything is kept. The look-ahead affinities ("tag_affinity><t>", "tag_optimizer><t>",
// one record per source and target) are gathered into T x T matrices per step instead, for the
// Conflict view's heatmap. Not thread-safe: the GUI thread appends and reads.
#include "engine/snapshot.h"
#include "gui/affinity_sample.h"
#include "gui/thinned_samples.h"

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
    // `taskNames` resolve the affinities' target tasks.
    void append(const std::vector<engine::FactorRecord>& records, const QStringList& taskNames);

    // Factor names measured (without "loss" and the affinities), in name order.
    QStringList names() const;
    bool empty() const { return m_points.empty(); }
    // The points of one factor and task (-1: total), in step order; empty if never measured.
    const std::vector<FactorPoint>& points(const QString& name, int task) const;

    // The look-ahead affinity matrices (kind Lookahead or OptimizerLookahead), in step order.
    const ThinnedSamples<AffinitySample>& affinitySamples(AffinityKind kind) const;

private:
    ThinnedSamples<AffinitySample> m_lookahead, m_optimizerLookahead;
    std::map<std::pair<QString, int>, std::vector<FactorPoint>> m_points;
    std::vector<FactorPoint> m_none;
};

} // namespace mtw::gui
