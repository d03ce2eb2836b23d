#include "gui/known_runs.h"

namespace mtw::gui {

std::optional<KnownRuns::Known> KnownRuns::known(const std::string& name) const
{
    return m_lookup ? m_lookup(name) : std::nullopt;
}

bool KnownRuns::active(const std::string& name) const
{
    const std::optional<Known> run = known(name);
    return run && run->active;
}

const engine::RunRecord* KnownRuns::finished(const std::string& name) const
{
    auto found = m_finished.find(name);
    if (found == m_finished.end()) {
        std::optional<engine::RunRecord> record;
        const std::optional<Known> run = known(name);
        if (run && !run->directory.empty()) {
            try {
                record = engine::readRun(run->directory);
                if (record->status != "finished")
                    record.reset();
            } catch (const std::exception&) {
                record.reset(); // an unreadable run counts as missing
            }
        }
        // A run not finished yet is asked again next time (it may finish while the dialog is open).
        if (!record)
            return nullptr;
        found = m_finished.emplace(name, std::move(record)).first;
    }
    return found->second ? &*found->second : nullptr;
}

} // namespace mtw::gui
