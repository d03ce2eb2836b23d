#include "gui/factor_history.h"

#include <cmath>
#include <set>

namespace mtw::gui {

void FactorHistory::append(const std::vector<engine::FactorRecord>& records)
{
    std::map<std::pair<long long, int>, double> losses;
    for (const engine::FactorRecord& r : records)
        if (r.name == "loss")
            losses[{ r.step, r.task }] = r.value;
    for (const engine::FactorRecord& r : records) {
        if (r.name == "loss")
            continue;
        const auto loss = losses.find({ r.step, r.task });
        const double x = loss != losses.end() ? loss->second : std::nan("");
        m_points[{ QString::fromStdString(r.name), r.task }].push_back({ r.step, x, r.value });
    }
}

QStringList FactorHistory::names() const
{
    QStringList list;
    for (const auto& entry : m_points)
        if (list.isEmpty() || list.back() != entry.first.first)
            list << entry.first.first;
    return list;
}

const std::vector<FactorPoint>& FactorHistory::points(const QString& name, int task) const
{
    const auto it = m_points.find({ name, task });
    return it != m_points.end() ? it->second : m_none;
}

} // namespace mtw::gui
