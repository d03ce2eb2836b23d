#include "gui/seed_groups.h"

#include "engine/experiment.h"
#include "mtl/method_registry.h"
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
    const mtl::MethodSpec* spec = mtl::MethodRegistry::instance().find(e.method);
    QString label = spec ? QString::fromStdString(spec->displayName) : QString::fromStdString(e.method);
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
        group.label = group.runs.size() == 1 ? group.runs.front()->name() : groupLabel(group.runs.front()->experiment(), static_cast<int>(group.runs.size()));
    return groups;
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
            if (std::isfinite(s[i].y()))
                values.push_back(s[i].y());
        }
        if (!aligned)
            break; // the runs recorded different steps from here on
        if (values.empty())
            continue;
        double sum = 0;
        for (double v : values)
            sum += v;
        const double mean = sum / static_cast<double>(values.size());
        double low = mean, high = mean;
        if (spread == SeedGrouping::MeanMinMax) {
            low = *std::min_element(values.begin(), values.end());
            high = *std::max_element(values.begin(), values.end());
        } else if (values.size() > 1) {
            double squares = 0;
            for (double v : values)
                squares += (v - mean) * (v - mean);
            const double s = std::sqrt(squares / static_cast<double>(values.size() - 1));
            low = mean - s;
            high = mean + s;
        }
        band.mean << QPointF(x, mean);
        band.lower << QPointF(x, low);
        band.upper << QPointF(x, high);
    }
    return band;
}

} // namespace mtw::gui
