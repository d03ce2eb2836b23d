#pragma once
// A legend for runs x tasks curves: past `limit` entries a legend cannot list every curve (Qt
// drops what does not fit), so it lists the encoding instead, one entry per task (its colour or
// dash) and one per run (its dash or colour). The entries are empty series named like the parts
// of the curves' names ("<run> · <task>"), so clicking one hides that task in every run, or
// every task of that run (ChartPanel::hiddenByUser).
#include "gui/charts/chart_panel.h"
#include "gui/charts/legend_strip.h"
#include "gui/views/view_style.h"

namespace mtw::gui {

// The legend keys of runs x tasks: colour by run (tasks by dash) or by task (runs by dash).
inline QList<LegendEntry> factoredLegendKeys(
    const QStringList& runs, const QList<QColor>& runColours, const QStringList& tasks, bool byRun)
{
    const QColor neutral(70, 70, 70);
    QList<LegendEntry> keys;
    for (int t = 0; t < tasks.size(); ++t)
        keys.append({ tasks[t], byRun ? neutral : style::taskColor(t), byRun ? style::taskDash(t) : Qt::SolidLine });
    for (int r = 0; r < runs.size(); ++r)
        keys.append({ runs[r], byRun ? runColours.value(r) : neutral, byRun ? Qt::SolidLine : style::runDash(r) });
    return keys;
}

// Replaces the curves' own legend entries by the keys when there are more than `limit` of them.
inline void factorLegend(QList<ChartSeries>& series, const QList<LegendEntry>& keys, int limit = 12)
{
    const auto entries = std::count_if(series.begin(), series.end(), [](const ChartSeries& s) { return s.inLegend; });
    if (entries <= limit)
        return;
    for (ChartSeries& s : series)
        s.inLegend = false;
    for (const LegendEntry& key : keys) {
        ChartSeries entry;
        entry.name = key.label;
        entry.color = key.color;
        entry.style = key.style;
        series.append(entry);
    }
}

} // namespace mtw::gui
