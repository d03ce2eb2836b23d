#include "gui/views/study_parallel.h"

#include "engine/study.h"
#include "gui/views/study_figures.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mtw::gui {

namespace {
QString text(const std::string& s)
{
    return QString::fromStdString(s);
}

// Outcomes and summaries are what a study measures; the other names are experiment settings
// (engine/quantity.h), the axes a sweep varies.
bool isSetting(const std::string& name)
{
    for (const char* prefix : { "final.", "series.", "transfer.", "status" })
        if (name.rfind(prefix, 0) == 0)
            return false;
    return true;
}
} // namespace

double StudyParallel::normalised(int run, int axis) const
{
    const ParallelAxis& a = axes[static_cast<std::size_t>(axis)];
    return a.max > a.min ? (values(run, axis) - a.min) / (a.max - a.min) : 0.5;
}

int StudyParallel::axisIndex(const QString& name) const
{
    for (std::size_t a = 0; a < axes.size(); ++a)
        if (axes[a].name == name)
            return static_cast<int>(a);
    return -1;
}

QStringList defaultParallelAxes(const engine::RunCollection& runs, const QString& x, const QString& y)
{
    QStringList names;
    for (const engine::QuantityInfo& q : runs.quantities()) {
        if (q.kind != engine::QuantityKind::Number || !isSetting(q.name))
            continue;
        double low = std::numeric_limits<double>::infinity(), high = -low;
        for (std::size_t r = 0; r < runs.size(); ++r) {
            const engine::QuantityValue v = runs.value(r, q.name);
            if (v.available && v.kind == engine::QuantityKind::Number) {
                low = std::min(low, v.number);
                high = std::max(high, v.number);
            }
        }
        if (high > low)
            names << text(q.name);
    }
    for (const QString& name : { x, y })
        if (!name.isEmpty() && !names.contains(name))
            names << name;
    return names;
}

StudyParallel studyParallel(const engine::RunCollection& runs, const QStringList& axes, const std::string& groupBy)
{
    StudyParallel p;
    std::vector<std::string> names;
    for (const QString& axis : axes) {
        const std::string name = runs.resolve(axis.toStdString());
        for (const engine::QuantityInfo& q : runs.quantities())
            if (q.name == name && q.kind != engine::QuantityKind::Number)
                throw engine::StudyError(name + " is text: it can colour the lines, not be an axis");
        if (std::find(names.begin(), names.end(), name) == names.end())
            names.push_back(name);
    }
    for (const std::string& name : names)
        p.axes.push_back({ text(name), 0, 0 });
    std::vector<std::vector<double>> rows;
    for (std::size_t r = 0; r < runs.size(); ++r) {
        const QString run = text(runs.run(r).directory());
        std::vector<double> row;
        QString missing;
        for (const std::string& name : names) {
            const engine::QuantityValue v = runs.value(r, name);
            if (!v.available || v.kind != engine::QuantityKind::Number || !std::isfinite(v.number)) {
                missing = QStringLiteral("%1: no %2").arg(run, text(name));
                break;
            }
            row.push_back(v.number);
        }
        QString group;
        if (missing.isEmpty() && !groupBy.empty()) {
            const engine::QuantityValue g = runs.value(r, groupBy);
            if (g.available)
                group = text(engine::quantityText(g));
            else
                missing = QStringLiteral("%1: no %2").arg(run, text(groupBy));
        }
        if (!missing.isEmpty()) {
            p.leftOut << missing;
            continue;
        }
        p.runs << run;
        p.groups << group;
        rows.push_back(std::move(row));
    }
    p.values.resize(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(names.size()));
    for (std::size_t r = 0; r < rows.size(); ++r)
        for (std::size_t a = 0; a < names.size(); ++a)
            p.values(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(a)) = rows[r][a];
    for (std::size_t a = 0; a < names.size() && !rows.empty(); ++a) {
        p.axes[a].min = p.values.col(static_cast<Eigen::Index>(a)).minCoeff();
        p.axes[a].max = p.values.col(static_cast<Eigen::Index>(a)).maxCoeff();
    }
    return p;
}

std::vector<bool> parallelKept(const StudyParallel& p, const QMap<QString, ParallelBrush>& brushes)
{
    std::vector<bool> kept(static_cast<std::size_t>(p.runs.size()), true);
    for (auto it = brushes.begin(); it != brushes.end(); ++it) {
        const int a = p.axisIndex(it.key());
        if (a < 0)
            continue;
        for (int r = 0; r < p.runs.size(); ++r) {
            const double v = p.values(r, a);
            if (v < it->low || v > it->high)
                kept[static_cast<std::size_t>(r)] = false;
        }
    }
    return kept;
}

QStringList parallelAxisLabels(const StudyParallel& p)
{
    QStringList labels;
    for (const ParallelAxis& a : p.axes) {
        // A long name on one line per dotted part, so the axes do not cut each other's labels.
        const QString name = a.name.toHtmlEscaped();
        const QString low = studyNumber(a.min), high = studyNumber(a.max);
        labels << QStringLiteral("%1<br>%2 \u2026%3%4")
                      .arg(name.size() > 16 ? name.split(QLatin1Char('.')).join(QStringLiteral(".<br>")) : name, low,
                          low.size() + high.size() > 12 ? QStringLiteral("<br>") : QStringLiteral(" "), high);
    }
    return labels;
}

QList<ChartSeries> parallelSeries(const StudyParallel& p, const std::vector<bool>& kept, const QStringList& groupOrder)
{
    QList<ChartSeries> faint, bright;
    for (int r = 0; r < p.runs.size(); ++r) {
        const bool in = kept.at(static_cast<std::size_t>(r));
        ChartSeries s;
        s.name = p.runs[r];
        s.inLegend = false;
        s.color = in ? studyGroupColor(static_cast<int>(std::max<qsizetype>(0, groupOrder.indexOf(p.groups[r]))))
                     : QColor(150, 150, 150, 70);
        s.width = in ? 2.0 : 1.0;
        for (int a = 0; a < static_cast<int>(p.axes.size()); ++a)
            s.points.append({ static_cast<double>(a), p.normalised(r, a) });
        (in ? bright : faint).append(s);
    }
    for (int g = 0; g < groupOrder.size(); ++g) {
        ChartSeries legend;
        legend.name = groupOrder[g];
        legend.color = studyGroupColor(g);
        bright.append(legend);
    }
    return faint + bright;
}

} // namespace mtw::gui
