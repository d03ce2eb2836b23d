#include "gui/seed_groups.h"

#include "engine/experiment.h"
#include "gui/parameter_text.h"

#include <QHash>
#include <algorithm>
#include <cmath>

namespace mtw::gui {

namespace {

std::string configurationKey(const engine::Experiment& experiment)
{
    engine::Experiment key = experiment;
    key.seed = 0;
    key.name.clear();
    key.threads = 0;
    key.matrixEvery = 1;
    key.snapshotMilliseconds = 0;
    return engine::experimentToJsonText(key);
}

QString groupLabel(const engine::Experiment& e, int runs)
{
    QString label = methodDisplayName(e.method);
    for (const auto& [name, value] : e.methodParams)
        label += QStringLiteral(" %1=%2").arg(QString::fromStdString(name), parameterToText(value));
    label += QStringLiteral(" lr=%1").arg(e.optimizer.learningRate);
    return label + QStringLiteral(" (n = %1 seeds)").arg(runs);
}

} // namespace

QList<SeedGroup> groupBySeed(const QList<RunHistoryPtr>& runs)
{
    QList<SeedGroup> groups;
    QHash<QString, int> byKey;
    for (const RunHistoryPtr& run : runs) {
        if (!run)
            continue;
        const QString key = QString::fromStdString(configurationKey(run->experiment()));
        auto it = byKey.find(key);
        if (it == byKey.end()) {
            it = byKey.insert(key, static_cast<int>(groups.size()));
            groups.append(SeedGroup {});
        }
        groups[it.value()].runs.append(run);
    }
    for (SeedGroup& group : groups)
        group.label = group.runs.size() == 1
            ? group.runs.front()->name()
            : groupLabel(group.runs.front()->experiment(), static_cast<int>(group.runs.size()));
    return groups;
}

Spread spreadOf(const std::vector<double>& all, SeedGrouping spread)
{
    std::vector<double> values;
    for (double v : all)
        if (std::isfinite(v))
            values.push_back(v);
    if (values.empty())
        return { std::nan(""), std::nan(""), std::nan("") };
    double sum = 0;
    for (double v : values)
        sum += v;
    const double mean = sum / static_cast<double>(values.size());
    if (spread == SeedGrouping::MeanMinMax)
        return { mean, *std::min_element(values.begin(), values.end()),
            *std::max_element(values.begin(), values.end()) };
    if (values.size() < 2)
        return { mean, mean, mean };
    double squares = 0;
    for (double v : values)
        squares += (v - mean) * (v - mean);
    const double s = std::sqrt(squares / static_cast<double>(values.size() - 1));
    return { mean, mean - s, mean + s };
}

SeriesBand bandOf(const QList<QVector<QPointF>>& series, SeedGrouping spread)
{
    SeriesBand band;
    if (series.isEmpty())
        return band;
    qsizetype common = series.front().size();
    for (const QVector<QPointF>& s : series)
        common = std::min(common, s.size());
    std::vector<double> values;
    for (qsizetype i = 0; i < common; ++i) {
        const double x = series.front()[i].x();
        values.clear();
        bool aligned = true;
        for (const QVector<QPointF>& s : series) {
            aligned = aligned && std::abs(s[i].x() - x) <= 1e-9 * std::max(1.0, std::abs(x));
            values.push_back(s[i].y());
        }
        if (!aligned)
            break; // the runs recorded different steps from here on
        const auto [mean, low, high] = spreadOf(values, spread);
        if (std::isnan(mean))
            continue;
        band.mean << QPointF(x, mean);
        band.lower << QPointF(x, low);
        band.upper << QPointF(x, high);
    }
    return band;
}

} // namespace mtw::gui
