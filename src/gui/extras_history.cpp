#include "gui/extras_history.h"

#include <algorithm>
#include <limits>

namespace mtw::gui {

namespace {
const std::string affinityPrefix = "affinity:";
const std::string groupPrefix = "group:";

bool startsWith(const std::string& text, const std::string& prefix)
{
    return text.compare(0, prefix.size(), prefix) == 0;
}
} // namespace

ExtrasHistory::ExtrasHistory(int bucketCapacity, int maxSeries, std::size_t affinityCapacity)
    : m_capacity(std::max(2, bucketCapacity))
    , m_maxSeries(std::max(1, maxSeries))
    , m_affinity(affinityCapacity)
{
}

void ExtrasHistory::setTaskNames(const std::vector<std::string>& names)
{
    m_tasks = static_cast<int>(names.size());
    m_affinityIndex.clear();
    m_groupIndex.clear();
    for (int s = 0; s < m_tasks; ++s) {
        const std::string& source = names[static_cast<std::size_t>(s)];
        m_groupIndex[groupPrefix + source] = s;
        for (int t = 0; t < m_tasks; ++t)
            m_affinityIndex[affinityPrefix + source + ">" + names[static_cast<std::size_t>(t)]] = { s, t };
    }
}

void ExtrasHistory::append(const engine::StepRecord& record)
{
    if (record.extras.empty())
        return;
    const double x = static_cast<double>(record.step);
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    AffinitySample sample;
    bool anyAffinity = false;
    for (const auto& [name, value] : record.extras) {
        auto it = m_series.find(name);
        if (it == m_series.end()) {
            if (static_cast<int>(m_series.size()) >= m_maxSeries) {
                if (static_cast<int>(m_dropped.size()) < m_maxSeries)
                    m_dropped.insert(name);
            } else {
                it = m_series.emplace(name, DecimatedSeries(m_capacity)).first;
            }
        }
        if (it != m_series.end())
            it->second.append(x, value);
        if (startsWith(name, affinityPrefix)) {
            const auto found = m_affinityIndex.find(name);
            if (found == m_affinityIndex.end())
                continue;
            if (!anyAffinity) {
                sample.affinity = Eigen::MatrixXd::Constant(m_tasks, m_tasks, nan);
                anyAffinity = true;
            }
            sample.affinity(found->second.first, found->second.second) = value;
        } else if (startsWith(name, groupPrefix)) {
            const auto found = m_groupIndex.find(name);
            if (found == m_groupIndex.end())
                continue;
            if (sample.groups.size() == 0)
                sample.groups = Eigen::VectorXd::Constant(m_tasks, nan);
            sample.groups(found->second) = value;
        }
    }
    // Groups alone (alternating mode) have no matrix to show; they stay in the series.
    if (!anyAffinity)
        return;
    if (sample.groups.size() == 0)
        sample.groups = Eigen::VectorXd::Constant(m_tasks, nan);
    m_affinity.append(record.step, std::move(sample));
}

QStringList ExtrasHistory::names() const
{
    QStringList out;
    out.reserve(static_cast<qsizetype>(m_series.size()));
    for (const auto& entry : m_series)
        out << QString::fromStdString(entry.first);
    return out;
}

const DecimatedSeries* ExtrasHistory::series(const QString& name) const
{
    const auto it = m_series.find(name.toStdString());
    return it == m_series.end() ? nullptr : &it->second;
}

} // namespace mtw::gui
