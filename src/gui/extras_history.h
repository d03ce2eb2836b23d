#pragma once
// The per-step "extras" of one run (engine::StepRecord::extras: method internals such as UW's
// log-variances, and the training modes' groups, affinities and sharpness), folded into bounded
// per-name series for the GUI thread.
//
// Memory stays bounded for 10^6-step runs: every name gets a DecimatedSeries (min/max buckets),
// with fewer buckets than the per-task series because a run can carry T^2 affinity names, and at
// most `maxSeries` names are kept (later ones are counted, not stored). The proximal affinity
// matrix A[s,t] ("affinity:<source>><target>", Jeong & Yoon 2025) and the groups ("group:<task>")
// are also kept as whole matrices in a ThinnedSamples, so the heatmap can replay them.
// Not thread-safe: called on the GUI thread like RunHistory.
#include "engine/snapshot.h"
#include "gui/affinity_sample.h"
#include "gui/decimated_series.h"
#include "gui/thinned_samples.h"

#include <Eigen/Dense>
#include <QStringList>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace mtw::gui {

class ExtrasHistory {
public:
    explicit ExtrasHistory(int bucketCapacity = 500, int maxSeries = 1024, std::size_t affinityCapacity = 500);

    // The run's task names (fixed for a run): they resolve "affinity:" and "group:" names.
    void setTaskNames(const std::vector<std::string>& names);
    void append(const engine::StepRecord& record);

    bool isEmpty() const { return m_series.empty(); }
    // Every stored name, sorted.
    QStringList names() const;
    // nullptr for a name that was never recorded (or was dropped).
    const DecimatedSeries* series(const QString& name) const;
    // Names not stored because the run carried more than maxSeries of them.
    int droppedNames() const { return static_cast<int>(m_dropped.size()); }

    bool hasAffinity() const { return !m_affinity.isEmpty(); }
    // Thinned samples (newest always included) for the heatmap's time scrubber.
    std::vector<std::pair<long long, AffinitySample>> affinityHistory() const { return m_affinity.samples(); }
    const ThinnedSamples<AffinitySample>& affinitySamples() const { return m_affinity; } // no copy

private:
    int m_capacity;
    int m_maxSeries;
    std::map<std::string, DecimatedSeries> m_series;
    std::set<std::string> m_dropped; // at most maxSeries names: a bound even for ever-new names
    // "affinity:<s>><t>" -> (s, t) and "group:<t>" -> t, built from the task names so task names
    // containing '>' or ':' still resolve.
    std::unordered_map<std::string, std::pair<int, int>> m_affinityIndex;
    std::unordered_map<std::string, int> m_groupIndex;
    int m_tasks = 0;
    ThinnedSamples<AffinitySample> m_affinity;
};

} // namespace mtw::gui
