#include "gui/views/task_panel_grid.h"

#include "gui/charts/axis_ticks.h"
#include "gui/export/figure_exporter.h"
#include "gui/views/chart_csv.h"

#include <QCoreApplication>
#include <QFile>
#include <QGridLayout>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace mtw::gui {

TaskPanelGrid::TaskPanelGrid(QWidget* parent)
    : QWidget(parent)
    , m_grid(new QGridLayout)
    , m_legend(new LegendStrip)
{
    m_grid->setSpacing(2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_grid, 1);
    layout->addWidget(m_legend);
}

int TaskPanelGrid::columns() const
{
    return std::max(1, static_cast<int>(std::ceil(std::sqrt(static_cast<double>(m_panels.size())))));
}

void TaskPanelGrid::setPanels(
    const QStringList& titles, const QList<QList<ChartSeries>>& series, const QList<LegendEntry>& legend)
{
    if (m_panels.size() != titles.size()) {
        qDeleteAll(m_panels);
        m_panels.clear();
        for (int k = 0; k < titles.size(); ++k) {
            auto* panel = new ChartPanel;
            panel->setMinimumSize(160, 120);
            panel->setLegendVisible(false);
            panel->setCompact(true);
            panel->setLogY(m_logY);
            link(panel);
            m_panels.append(panel);
        }
        setAxisTitles(m_xTitle, m_yTitle);
        const int cols = columns();
        for (int k = 0; k < m_panels.size(); ++k)
            m_grid->addWidget(m_panels[k], k / cols, k % cols);
    }
    for (int k = 0; k < m_panels.size(); ++k) {
        m_panels[k]->setChartTitle(titles[k]);
        m_panels[k]->setSeries(k < series.size() ? series[k] : QList<ChartSeries>());
    }
    // A caption first (an entry without a sample) says what the untitled x axes are.
    QList<LegendEntry> entries { LegendEntry {
        m_caption.isEmpty() ? tr("x: %1;").arg(m_xTitle) : m_caption, QColor() } };
    m_legend->setEntries(entries + legend);
    shareAxes();
}

void TaskPanelGrid::link(ChartPanel* panel)
{
    const auto follow = [this, panel](auto&& apply) {
        if (!m_sharedAxes || m_following)
            return;
        m_following = true;
        for (ChartPanel* other : std::as_const(m_panels))
            if (other != panel)
                apply(other);
        m_following = false;
    };
    connect(panel, &ChartPanel::viewRangesChanged, this, [panel, follow] {
        follow([panel](ChartPanel* other) { other->setViewRanges(panel->xRange(), panel->yRange()); });
    });
    connect(panel, &ChartPanel::zoomChanged, this, [follow](bool zoomed) {
        if (!zoomed)
            follow([](ChartPanel* other) { other->resetZoom(); });
    });
}

void TaskPanelGrid::setSharedAxes(bool shared)
{
    m_sharedAxes = shared;
    shareAxes();
}

void TaskPanelGrid::setCaption(const QString& caption)
{
    m_caption = caption;
}

// The union of the panels' data: x exactly, y padded (linear) or to whole decades (log); each
// panel fits its own data when the axes are not shared.
void TaskPanelGrid::shareAxes()
{
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    for (ChartPanel* panel : std::as_const(m_panels)) {
        panel->setFixedXRange(std::nullopt);
        panel->setFixedYRange(std::nullopt);
        if (const auto bounds = panel->dataBounds()) {
            x0 = std::min(x0, bounds->first.x());
            y0 = std::min(y0, bounds->first.y());
            x1 = std::max(x1, bounds->second.x());
            y1 = std::max(y1, bounds->second.y());
        }
    }
    if (!std::isfinite(x0) || !m_sharedAxes)
        return;
    if (!(x1 > x0))
        x1 = x0 + 1;
    std::pair<double, double> y;
    if (m_logY) {
        y = logDecades(y0, y1);
    } else {
        const AxisTicks t = linearAxis(y0, y1, 0.05, 5);
        y = { t.min, t.max };
    }
    for (ChartPanel* panel : std::as_const(m_panels)) {
        panel->setFixedXRange(std::make_pair(x0, x1));
        panel->setFixedYRange(y);
    }
}

// Shared axes are titled once, y beside the left column. The x title is left out: in a panel a
// few lines high it makes Qt elide the tick labels ("..."), and the caption says what x is.
void TaskPanelGrid::setAxisTitles(const QString& x, const QString& y)
{
    m_xTitle = x;
    m_yTitle = y;
    setAxisTitlesFor(columns());
}

void TaskPanelGrid::setAxisTitlesFor(int columns)
{
    for (int k = 0; k < m_panels.size(); ++k)
        m_panels[k]->setAxisTitles(QString(), k % columns == 0 ? m_yTitle : QString());
}

void TaskPanelGrid::setLogY(bool log)
{
    m_logY = log;
    for (ChartPanel* panel : std::as_const(m_panels))
        panel->setLogY(log);
    shareAxes();
}

void TaskPanelGrid::resetZoom()
{
    m_following = true; // each panel resets itself: no panel's reset is passed on to the others
    for (ChartPanel* panel : std::as_const(m_panels))
        panel->resetZoom();
    m_following = false;
}

PanelGridLayout TaskPanelGrid::paintTo(QPainter& painter, const QRectF& rect)
{
    QFont font = painter.font();
    font.setPointSizeF(9);
    const double legendHeight = LegendStrip::heightFor(rect.width(), m_legend->entries(), font);
    const QRectF grid = rect.adjusted(0, 0, 0, -legendHeight);
    const PanelGridLayout layout = panelGridLayout(static_cast<int>(m_panels.size()), grid.width(), grid.height(),
        minimumFigurePanelWidth, minimumFigurePanelHeight);
    if (layout.columns != columns())
        setAxisTitlesFor(layout.columns);
    paintChartGrid(painter, grid, m_panels, layout.columns);
    if (layout.columns != columns())
        setAxisTitlesFor(columns());
    LegendStrip::paint(painter, QRectF(rect.left(), rect.bottom() - legendHeight, rect.width(), legendHeight),
        m_legend->entries(), font);
    return layout;
}

bool keepReadablePanelFigure(
    const QString& path, const PanelGridLayout& layout, const ExportOptions& options, QString* error)
{
    if (layout.readable())
        return true;
    QFile::remove(path);
    if (error) {
        // Figure units are 1/96 in at the base text size, magnified to the chosen text size.
        const double inches = options.fontPointSize / FigureExporter::kBaseFontPoints / 96.0;
        const double needed = readablePanelGridHeight(layout.panels, layout.panelWidth * layout.columns,
            TaskPanelGrid::minimumFigurePanelWidth, TaskPanelGrid::minimumFigurePanelHeight);
        *error = QCoreApplication::translate("mtw::gui::TaskPanelGrid",
            "%1 panels do not fit readably: at %2 pt each gets %3 x %4 in and needs %5 x %6 in. At this width "
            "the panels need a grid %7 in tall: make the figure taller, its text smaller, or show one chart.")
                     .arg(layout.panels)
                     .arg(options.fontPointSize)
                     .arg(layout.panelWidth * inches, 0, 'f', 2)
                     .arg(layout.panelHeight * inches, 0, 'f', 2)
                     .arg(TaskPanelGrid::minimumFigurePanelWidth * inches, 0, 'f', 2)
                     .arg(TaskPanelGrid::minimumFigurePanelHeight * inches, 0, 'f', 2)
                     .arg(needed * inches, 0, 'f', 1);
    }
    return false;
}

void TaskPanelGrid::appendCsvRows(CsvTable& table, const QString& chartName) const
{
    for (const ChartPanel* panel : m_panels)
        appendChartRows(table, *panel, chartName + QLatin1Char(' ') + panel->chartTitle());
}

} // namespace mtw::gui
