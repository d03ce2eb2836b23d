#pragma once
// Small multiples: one chart per task in a grid (ceil(sqrt(T)) columns on screen; in a figure the
// columns that give each panel the most room, gui/charts/panel_grid_layout.h), all with the same
// x and y ranges so panels compare at a glance, and one legend of the runs below them instead of
// a legend in every panel. The alternative to one chart crowded with runs x tasks curves.
// With shared axes the panels' zoom is linked: zooming or panning one shows the same ranges in
// all, and resetting one (double-click, Home) resets all.
#include "gui/charts/chart_panel.h"
#include "gui/charts/legend_strip.h"
#include "gui/charts/panel_grid_layout.h"
#include "gui/export/export_options.h"

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

    // The grid and its legend painted into rect (exports, figure units at the 9 pt base text), in
    // the columns that give the panels the most room; returns that layout.
    PanelGridLayout paintTo(QPainter& painter, const QRectF& rect);
    // The least panel size a figure can read at the base text (1.56 x 1.04 in at 9 pt): below it
    // Qt elides the tick labels ("1...") and the y title, as exports at 3.25 in showed.
    static constexpr double minimumFigurePanelWidth = 150, minimumFigurePanelHeight = 100;
    // One CSV block per panel: chart "<chartName> <panel title>".
    void appendCsvRows(CsvTable& table, const QString& chartName) const;

private:
    void setAxisTitlesFor(int columns); // the y title on the left column's panels only
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

// After an export that painted a panel grid (TaskPanelGrid::paintTo's layout): when its panels came
// out too small to read, the file is removed and false returned with what the panels got, what
// they need and the grid height that would hold them at the figure's width.
bool keepReadablePanelFigure(
    const QString& path, const PanelGridLayout& layout, const ExportOptions& options, QString* error);

} // namespace mtw::gui
