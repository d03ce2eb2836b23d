#include "engine/run_collection.h"

#include "engine/run_discovery.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace mtw::engine {

namespace {

std::size_t editDistance(const std::string& a, const std::string& b)
{
    std::vector<std::size_t> previous(b.size() + 1), current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j)
            current[j]
                = std::min({ previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1) });
        std::swap(previous, current);
    }
    return previous[b.size()];
}

// "series.slowdown.tail25" -> "series.slowdown.mean" (the listed name that proves the series exists).
std::string listedSeriesName(const std::string& name)
{
    const std::size_t dot = name.rfind('.');
    if (name.compare(0, 7, "series.") != 0 || dot == std::string::npos || dot <= 7
        || !RunSeries::isStatistic(name.substr(dot + 1)))
        return {};
    return name.substr(0, dot) + ".mean";
}

} // namespace

RunCollection::RunCollection(const std::vector<std::string>& paths)
{
    for (const std::string& directory : findRunDirectories(paths)) {
        try {
            m_runs.push_back(std::make_unique<RunQuantities>(directory));
        } catch (const std::exception& error) {
            m_unreadable.push_back({ directory, error.what() });
        }
    }
    std::vector<const RunRecord*> records;
    for (const auto& run : m_runs)
        records.push_back(&run->record());
    m_transfer = std::make_unique<TransferQuantities>(records);
}

RunCollection::~RunCollection() = default;

std::vector<QuantityInfo> RunCollection::quantities() const
{
    std::map<std::string, QuantityInfo> all;
    for (std::size_t i = 0; i < m_runs.size(); ++i) {
        std::vector<QuantityInfo> infos = m_runs[i]->list();
        const std::vector<QuantityInfo> transfer = m_transfer->list(i);
        infos.insert(infos.end(), transfer.begin(), transfer.end());
        for (QuantityInfo& info : infos) {
            auto [it, inserted] = all.emplace(info.name, info);
            if (!inserted)
                ++it->second.runs;
        }
    }
    std::vector<QuantityInfo> result;
    for (auto& [name, info] : all)
        result.push_back(std::move(info));
    return result;
}

QuantityValue RunCollection::value(std::size_t run, const std::string& name) const
{
    if (name.compare(0, 9, "transfer.") == 0)
        return m_transfer->value(run, name);
    return m_runs.at(run)->value(name);
}

std::string RunCollection::resolve(const std::string& name) const
{
    const std::vector<QuantityInfo> all = quantities();
    const auto listed = [&all](const std::string& candidate) {
        return std::any_of(all.begin(), all.end(), [&](const QuantityInfo& info) { return info.name == candidate; });
    };
    if (listed(name))
        return name;
    const std::string series = listedSeriesName(name);
    if (!series.empty() && listed(series))
        return name;
    std::vector<std::string> aliases;
    for (const char* child : { ".name", ".type" })
        if (listed(name + child))
            aliases.push_back(name + child);
    if (aliases.size() == 1)
        return aliases.front();
    std::string message = "unknown quantity '" + name + "'";
    const std::vector<std::string> close = closeMatches(name);
    if (!close.empty()) {
        message += "; close matches:";
        for (const std::string& match : close)
            message += " " + match;
    }
    throw StudyError(message + " (`mtw-cli study DIR --list` lists them all)");
}

std::vector<std::string> RunCollection::closeMatches(const std::string& name, std::size_t count) const
{
    std::vector<std::tuple<int, std::size_t, std::string>> scored; // containment first, then by distance
    for (const QuantityInfo& info : quantities()) {
        const std::size_t distance = editDistance(name, info.name);
        const bool contains
            = !name.empty() && (info.name.find(name) != std::string::npos || name.find(info.name) != std::string::npos);
        if (contains || distance <= std::max<std::size_t>(2, name.size() / 3))
            scored.emplace_back(contains ? 0 : 1, distance, info.name);
    }
    std::sort(scored.begin(), scored.end());
    std::vector<std::string> names;
    for (std::size_t i = 0; i < scored.size() && i < count; ++i)
        names.push_back(std::get<2>(scored[i]));
    return names;
}

} // namespace mtw::engine
