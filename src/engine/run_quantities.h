#pragma once
// The run-level quantities of one run directory that need no other run (engine/quantity.h lists
// the names): its experiment settings (axes), final outcomes and summaries of its per-step series.
// The transfer quantities, which need the study's baselines, are engine/transfer_quantities.h.
// Axes and outcomes are read when the object is made; a series is read from the database when a
// summary of it is first asked for, once, and kept.
#include "engine/quantity.h"
#include "engine/run_reader.h"
#include "engine/run_series.h"

#include <map>
#include <mutex>
#include <vector>

namespace mtw::engine {

// Every setting of the experiment document by its dotted key path ("optimizer.lr",
// "method.params.c", "training.seed"): numbers (booleans as 0/1) and text (strings; arrays as their
// JSON text, "[32,16]"), without the schema tag. The axes of studies and of the runs table.
std::vector<std::pair<std::string, QuantityValue>> experimentSettings(const Experiment& experiment);

class RunQuantities {
public:
    // Throws RunStoreError when the directory is not a readable run.
    explicit RunQuantities(const std::string& directory);

    const std::string& directory() const { return m_record.directory; }
    const RunRecord& record() const { return m_record; }

    // The quantities this run has (series summaries as mean, last and tail10; any tail<k> works).
    std::vector<QuantityInfo> list() const;
    // Unavailable, with the reason, for a name this run lacks.
    QuantityValue value(const std::string& name) const;

private:
    void addAxes();
    void addOutcomes();
    void add(const std::string& name, QuantityValue value, std::string description);

    RunRecord m_record;
    RunSeries m_series;
    std::map<std::string, QuantityValue> m_values; // axes and outcomes
    std::map<std::string, std::string> m_descriptions;
    mutable std::mutex m_cacheMutex; // a study view may ask from a worker thread
    mutable std::map<std::string, std::vector<double>> m_seriesCache;
};

} // namespace mtw::engine
