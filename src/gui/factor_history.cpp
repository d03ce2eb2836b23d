#include "gui/factor_history.h"

#include "engine/factor_probe.h"

#include <cmath>
#include <limits>

namespace mtw::gui {

void FactorHistory::append(const std::vector<engine::FactorRecord>& records, const QStringList& taskNames)
{
    const int tasks = static_cast<int>(taskNames.size());
    std::map<std::pair<long long, int>, double> losses;
    // Per step, the two look-ahead matrices (NaN where a record is missing).
    std::map<long long, AffinitySample> lookahead, optimizer;
    const QString plainPrefix = QString::fromLatin1(engine::tagAffinityPrefix);
    const QString optimizerPrefix = QString::fromLatin1(engine::tagOptimizerPrefix);
    const auto enter
        = [&](std::map<long long, AffinitySample>& samples, const engine::FactorRecord& r, const QString& target) {
              const int t = static_cast<int>(taskNames.indexOf(target));
              if (t < 0 || r.task < 0 || r.task >= tasks)
                  return;
              AffinitySample& sample = samples[r.step];
              if (sample.affinity.size() == 0)
                  sample.affinity = Eigen::MatrixXd::Constant(tasks, tasks, std::numeric_limits<double>::quiet_NaN());
              sample.affinity(r.task, t) = r.value;
          };
    for (const engine::FactorRecord& r : records)
        if (r.name == "loss")
            losses[{ r.step, r.task }] = r.value;
    for (const engine::FactorRecord& r : records) {
        if (r.name == "loss")
            continue;
        const QString name = QString::fromStdString(r.name);
        if (name.startsWith(plainPrefix)) {
            enter(lookahead, r, name.mid(plainPrefix.size()));
            continue;
        }
        if (name.startsWith(optimizerPrefix)) {
            enter(optimizer, r, name.mid(optimizerPrefix.size()));
            continue;
        }
        const auto loss = losses.find({ r.step, r.task });
        const double x = loss != losses.end() ? loss->second : std::nan("");
        m_points[{ name, r.task }].push_back({ r.step, x, r.value });
    }
    for (auto& [step, sample] : lookahead)
        m_lookahead.append(step, std::move(sample));
    for (auto& [step, sample] : optimizer)
        m_optimizerLookahead.append(step, std::move(sample));
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

const ThinnedSamples<AffinitySample>& FactorHistory::affinitySamples(AffinityKind kind) const
{
    return kind == AffinityKind::OptimizerLookahead ? m_optimizerLookahead : m_lookahead;
}

} // namespace mtw::gui
