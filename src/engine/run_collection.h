#pragma once
// The runs of a cross-run study: every run directory below the given paths
// (engine/run_discovery.h), each with its quantities (engine/run_quantities.h) and the transfer
// quantities against the baselines among them (engine/transfer_quantities.h). engine/quantity.h
// lists the quantity names. Made once (it reads every run's experiment and evaluations), then
// asked for values; `value` may be called from one worker thread at a time per collection.
#include "engine/quantity.h"
#include "engine/run_quantities.h"
#include "engine/transfer_quantities.h"

#include <memory>
#include <vector>

namespace mtw::engine {

struct UnreadableRun {
    std::string directory;
    std::string reason;
};

class RunCollection {
public:
    // Throws StudyError for a path that does not exist or holds no run. A run directory that cannot
    // be read (a malformed experiment.json, a damaged database) is kept in unreadable() instead.
    explicit RunCollection(const std::vector<std::string>& paths);
    ~RunCollection();

    std::size_t size() const { return m_runs.size(); }
    const RunQuantities& run(std::size_t index) const { return *m_runs.at(index); }
    const std::vector<UnreadableRun>& unreadable() const { return m_unreadable; }

    // Every quantity at least one run has, sorted by name, with the number of runs having it.
    std::vector<QuantityInfo> quantities() const;
    QuantityValue value(std::size_t run, const std::string& name) const;

    // The quantity `name` stands for: the name itself when a run has it (any series.<s>.tail<k>
    // of a listed series included), or the unique setting <name>.name / <name>.type ("method"
    // means method.name). Throws StudyError naming the close matches otherwise.
    std::string resolve(const std::string& name) const;
    // Names of quantities() close to `name` (edit distance or containment), best first, at most `count`.
    std::vector<std::string> closeMatches(const std::string& name, std::size_t count = 5) const;

private:
    std::vector<std::unique_ptr<RunQuantities>> m_runs;
    std::vector<UnreadableRun> m_unreadable;
    std::unique_ptr<TransferQuantities> m_transfer;
};

} // namespace mtw::engine
