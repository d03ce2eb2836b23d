#pragma once
// Small multiples: one chart per task in a grid (ceil(sqrt(T)) columns), all with the same x
// and y ranges so panels compare at a glance, and one legend of the runs below them instead of
// a legend in every panel. The alternative to one chart crowded with runs x tasks curves.
// With shared axes the panels' zoom is linked: zooming or panning one shows the same ranges in
// all, and resetting one (double-click, Home) resets all.
#include "gui/charts/chart_panel.h"
#include "gui/charts/legend_strip.h"

#include <QWidget>

class QGridLayout;

namespace mtw::gui {

class CsvTable;

class TaskPanelGrid : public QWidget {
    Q_OBJECT
public:
    explicit TaskPanelGrid(QWidget* parent = nullptr);

    // One panel per title with its series; panels are reused while the count stays the same.
    void setPanels(
        const QStringList& titles, const QList<QList<ChartSeries>>& series, const QList<LegendEntry>& legend);
    void setAxisTitles(const QString& x, const QString& y);
    // Shared axes (default): every panel spans the union of the data. Off: each fits its own
    // (a scatter-plot matrix, whose panels plot different quantities).
    void setSharedAxes(bool shared);
    // The legend's leading caption (default "x: <x title>;"), e.g. what the untitled axes are.
    void setCaption(const QString& caption);
    void setLogY(bool log);
    void resetZoom();

    const QList<ChartPanel*>& panels() const { return m_panels; }
    QList<LegendEntry> legend() const { return m_legend->entries().mid(1); } // the runs (after the caption)
    int columns() const;

    // The grid and its legend painted into rect (exports).
    void paintTo(QPainter& painter, const QRectF& rect);
    // One CSV block per panel: chart "<chartName> <panel title>".
    void appendCsvRows(CsvTable& table, const QString& chartName) const;

private:
    void shareAxes();
    void link(ChartPanel* panel);

    QGridLayout* m_grid;
    LegendStrip* m_legend;
    QList<ChartPanel*> m_panels;
    QString m_xTitle, m_yTitle;
    bool m_logY = false;
    bool m_sharedAxes = true;
    bool m_following = false; // the other panels are taking one panel's zoom (no echo back)
    QString m_caption; // empty: "x: <x title>;"
};

} // namespace mtw::gui
