#pragma once
// The workbench's runs of an experiment name, for dialogs that plan derived runs (pairwise
// transfer): the directory of a stored one (a finished one where there is one) and whether one is
// queued or running, through a lookup the main window provides; the finished runs read from their
// stores once and kept. An unreadable or unfinished store counts as missing.
#include "engine/run_reader.h"

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace mtw::gui {

class KnownRuns {
public:
    struct Known {
        std::string directory; // "" while it has none
        bool active = false; // queued, running or paused
    };
    using Lookup = std::function<std::optional<Known>(const std::string& name)>;

    explicit KnownRuns(Lookup lookup = {})
        : m_lookup(std::move(lookup))
    {
    }

    std::optional<Known> known(const std::string& name) const;
    // The finished run of that name (read once), or null.
    const engine::RunRecord* finished(const std::string& name) const;
    bool active(const std::string& name) const;
    void forget() { m_finished.clear(); } // read the stores again (runs finished since)

private:
    Lookup m_lookup;
    mutable std::map<std::string, std::optional<engine::RunRecord>> m_finished;
};

} // namespace mtw::gui
