#include "gui/views/weights_view.h"

#include "gui/charts/chart_legend.h"
#include "gui/charts/chart_panel.h"
#include "gui/charts/legend_strip.h"
#include "gui/export/figure_exporter.h"
#include "gui/run_labels.h"
#include "gui/views/chart_csv.h"
#include "gui/views/extras_panel.h"
#include "gui/views/factored_legend.h"
#include "gui/views/task_panel_grid.h"
#include "gui/views/view_style.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScopeGuard>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace mtw::gui {

namespace {
// The quantities in chart order, with the layout box's items and the CSV names.
const TaskSeries quantities[4]
    = { TaskSeries::Weight, TaskSeries::GradientNorm, TaskSeries::Alignment, TaskSeries::Slowdown };
const char* const csvNames[4] = { "weights", "gradient_norms", "alignment", "slowdown" };

int quantityIndex(TaskSeries quantity)
{
    for (int k = 0; k < 4; ++k)
        if (quantities[k] == quantity)
            return k;
    return -1;
}
} // namespace

WeightsView::WeightsView(QWidget* parent)
    : RunView(parent)
    , m_layout(new QComboBox)
    , m_pages(new QStackedWidget)
    , m_panels(new TaskPanelGrid)
    , m_nonConflicting(new QLabel)
    , m_nonConflictingBar(new QProgressBar)
    , m_extras(new ExtrasPanel(this)) // a child even while it is out of the layout
    , m_grid(new QGridLayout)
{
    const QString titles[4] = { tr("Task weights"), tr("Gradient norms |g_t|"), tr("Alignment cos(g_t, d)"),
        tr("Slow-down ⟨g_t, d⟩ / |g_t|²") };
    const QString yTitles[4] = { tr("weight"), tr("norm"), tr("cosine"), tr("ratio") };
    for (int k = 0; k < 4; ++k) {
        auto* c = new ChartPanel;
        c->setChartTitle(titles[k]);
        c->setAxisTitles(tr("step"), yTitles[k]);
        m_charts.append(c);
    }
    m_charts[1]->setLogY(true);
    m_charts[2]->setFixedYRange(std::make_pair(-1.0, 1.0));
    m_nonConflictingBar->setRange(0, 1000);
    m_nonConflictingBar->setTextVisible(false);
    m_nonConflictingBar->setMaximumWidth(220);
    m_nonConflictingBar->setToolTip(
        tr("Share of recorded steps with J d >= 0 (no task's loss increases to first order)"));
    auto* reset = new QPushButton(tr("Reset zoom"));
    connect(reset, &QPushButton::clicked, this, [this] {
        for (ChartPanel* c : m_charts)
            c->resetZoom();
        m_extras->chart()->resetZoom();
        m_panels->resetZoom();
    });
    // A few large weights or slow-down ratios (thousands, where |g_t| is nearly 0) flatten every
    // other curve on a linear axis. Log says how many points <= 0 it cannot show; symlog keeps
    // the negative slow-downs (conflicting steps) too.
    m_scale = new QComboBox;
    m_scale->addItems({ tr("Linear"), tr("Log"), tr("Symlog") });
    m_scale->setToolTip(tr("y axis of the weights and slow-down charts"));
    connect(m_scale, &QComboBox::currentIndexChanged, this, [this](int index) {
        for (ChartPanel* chart : { m_charts[0], m_charts[3] })
            chart->setYScale(static_cast<ChartPanel::YScale>(index)); // the items are in YScale's order
    });
    m_colourBy = new QComboBox;
    m_colourBy->addItems({ tr("Colour: task, style: run"), tr("Colour: run, style: task") });
    m_colourBy->setToolTip(tr("With many runs, colour them (by the runs table's colouring when one is set) and tell "
                              "the tasks apart by line style"));
    connect(m_colourBy, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
    m_layout->addItem(tr("Charts: all tasks"));
    for (int k = 0; k < 4; ++k)
        m_layout->addItem(tr("A panel per task: %1").arg(titles[k]));
    m_layout->setToolTip(tr("With many tasks and runs: one quantity in a small chart per task, a line per run"));
    connect(m_layout, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Non-conflicting steps:")));
    top->addWidget(m_nonConflictingBar);
    top->addWidget(m_nonConflicting);
    top->addStretch(1);
    top->addWidget(new QLabel(tr("Weights, slow-down axis")));
    top->addWidget(m_scale);
    top->addWidget(m_colourBy);
    top->addWidget(m_layout);
    top->addWidget(reset);
    auto* charts = new QWidget;
    charts->setLayout(m_grid);
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_pages->addWidget(charts);
    m_pages->addWidget(m_panels);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_pages, 1);
    arrangeCharts(false);
}

// Two rows either way, so every chart keeps the height its axis labels need (Qt Charts elides
// them when ticks are closer than a line of text): 2 x 2 without extras; with extras three
// charts on top and the slow-down next to the wide extras chart below.
void WeightsView::arrangeCharts(bool withExtras)
{
    if (m_grid->count() > 0 && withExtras == m_extrasShown)
        return;
    m_extrasShown = withExtras;
    for (ChartPanel* c : m_charts)
        m_grid->removeWidget(c);
    m_grid->removeWidget(m_extras);
    if (withExtras) {
        for (int k = 0; k < 3; ++k)
            m_grid->addWidget(m_charts[k], 0, k);
        m_grid->addWidget(m_charts[3], 1, 0);
        m_grid->addWidget(m_extras, 1, 1, 1, 2);
    } else {
        for (int k = 0; k < 4; ++k)
            m_grid->addWidget(m_charts[k], k / 2, k % 2);
    }
    for (int column = 0; column < 3; ++column)
        m_grid->setColumnStretch(column, column < 2 || withExtras ? 1 : 0);
    m_extras->setVisible(withExtras);
}

void WeightsView::setScale(Scale scale)
{
    m_scale->setCurrentIndex(static_cast<int>(scale));
}

void WeightsView::setColourByRun(bool byRun)
{
    m_colourBy->setCurrentIndex(byRun ? 1 : 0);
}

void WeightsView::setRuns(const QList<RunHistoryPtr>& runs)
{
    m_runs = runs;
    redraw();
}

void WeightsView::refresh()
{
    if (changedSinceDrawn(m_runs))
        redraw();
}

QString WeightsView::nonConflictingText() const
{
    return m_nonConflicting->text();
}

void WeightsView::setPanelPerTask(std::optional<TaskSeries> quantity)
{
    m_layout->setCurrentIndex(quantity ? quantityIndex(*quantity) + 1 : 0);
}

QStringList WeightsView::layoutNames()
{
    return { QStringLiteral("charts"), QStringLiteral("weights"), QStringLiteral("norms"), QStringLiteral("alignment"),
        QStringLiteral("slowdown") }; // in the layout box's order
}

bool WeightsView::setLayoutByName(const QString& name)
{
    const int index = static_cast<int>(layoutNames().indexOf(name));
    if (index < 0)
        return false;
    m_layout->setCurrentIndex(index);
    return true;
}

std::optional<TaskSeries> WeightsView::panelQuantity() const
{
    const int k = m_layout->currentIndex() - 1;
    return k >= 0 ? std::optional<TaskSeries>(quantities[k]) : std::nullopt;
}

// One panel per task of the first run's tasks, a line per run in its colour.
void WeightsView::drawPanels(TaskSeries quantity, const QStringList& labels)
{
    const int k = quantityIndex(quantity);
    QStringList tasks;
    QList<QList<ChartSeries>> perTask;
    QList<LegendEntry> legend;
    for (int r = 0; r < m_runs.size(); ++r) {
        const RunHistoryPtr& run = m_runs[r];
        if (!run)
            continue;
        const QColor colour = style::runColor(*run, r);
        legend.append({ labels[r], colour, Qt::SolidLine });
        for (int t = 0; t < run->taskCount(); ++t) {
            if (perTask.size() <= t) {
                perTask.append(QList<ChartSeries>());
                tasks << run->taskNames()[t];
            }
            ChartSeries s;
            s.name = labels[r];
            s.color = colour;
            s.points = run->series(quantity, t).points();
            perTask[t].append(s);
        }
    }
    m_panels->setLogY(quantity == TaskSeries::GradientNorm);
    m_panels->setAxisTitles(tr("step"), m_charts[k]->axisTitleY());
    m_panels->setCaption(tr("%1, x: step;").arg(m_charts[k]->chartTitle()));
    m_panels->setPanels(tasks, perTask, legend);
}

void WeightsView::redraw()
{
    markDrawn(m_runs);
    const std::optional<TaskSeries> panels = panelQuantity();
    m_pages->setCurrentIndex(panels ? 1 : 0);
    m_scale->setEnabled(!panels); // the panels colour by run, and take a log axis for the norms only
    m_colourBy->setEnabled(!panels);
    const QStringList labels = runLabels(m_runs);
    // Only the page shown is drawn: switching the layout redraws.
    if (panels)
        drawPanels(*panels, labels);
    else
        drawCharts(labels);
    updateNonConflicting(labels);
}

// The four charts of every task, and the runs' extras next to them.
void WeightsView::drawCharts(const QStringList& labels)
{
    QList<ChartSeries> series[4];
    const bool several = m_runs.size() > 1;
    const bool byRun = m_colourBy->currentIndex() == 1;
    QList<QColor> colours;
    for (int r = 0; r < m_runs.size(); ++r)
        colours << (m_runs[r] ? style::runColor(*m_runs[r], r) : QColor());
    for (int r = 0; r < m_runs.size(); ++r) {
        const RunHistoryPtr& run = m_runs[r];
        if (!run)
            continue;
        const QString prefix = several ? labels[r] + QStringLiteral(" · ") : QString();
        for (int k = 0; k < 4; ++k)
            for (int t = 0; t < run->taskCount(); ++t) {
                ChartSeries s;
                s.name = prefix + run->taskNames()[t];
                s.color = byRun ? style::runColor(*run, r) : style::taskColor(t);
                s.style = byRun ? style::taskDash(t) : style::runDash(r);
                s.points = run->series(quantities[k], t).points();
                series[k].append(s);
            }
    }
    if (several) {
        QStringList tasks;
        for (const RunHistoryPtr& run : std::as_const(m_runs))
            if (run && tasks.isEmpty())
                tasks = run->taskNames();
        const QList<LegendEntry> keys = factoredLegendKeys(labels, colours, tasks, byRun);
        for (auto& chartSeries : series)
            factorLegend(chartSeries, keys);
    }
    for (int k = 0; k < 4; ++k)
        m_charts[k]->setSeries(series[k]);
    // Extras are method- and mode-specific: each run that records the chosen family, named.
    m_extras->setRuns(m_runs, labels);
    arrangeCharts(m_extras->hasExtras());
}

void WeightsView::updateNonConflicting(const QStringList& labels)
{
    if (!m_runs.isEmpty() && m_runs.first() && m_runs.first()->recordedSteps() > 0) {
        const double f = m_runs.first()->nonConflictingFraction();
        m_nonConflictingBar->setValue(static_cast<int>(f * 1000 + 0.5));
        // With several runs overlaid, each run's share: one number would describe the first run only.
        QStringList shares;
        for (int r = 0; r < m_runs.size(); ++r)
            if (m_runs[r] && m_runs[r]->recordedSteps() > 0 && shares.size() < 8)
                shares << QStringLiteral("%1 %2 %").arg(labels[r]).arg(
                    100 * m_runs[r]->nonConflictingFraction(), 0, 'f', 1);
        m_nonConflicting->setText(m_runs.size() == 1
                ? QStringLiteral("%1 % of %2 steps").arg(100 * f, 0, 'f', 1).arg(m_runs.first()->recordedSteps())
                : shares.join(QStringLiteral(", "))
                    + (m_runs.size() > shares.size() ? QStringLiteral(", ...") : QString()));
    } else {
        m_nonConflictingBar->setValue(0);
        m_nonConflicting->setText(tr("no steps yet"));
    }
}

namespace {
// Whether every drawn curve of `chart` has a curve of the same name and pen in `reference` (legend
// keys, empty curves, are skipped): a legend that names the reference's curves names these too.
bool curvesHaveTwins(const ChartPanel& chart, const ChartPanel& reference)
{
    bool any = false;
    for (int i = 0; i < chart.seriesCount(); ++i) {
        if (chart.seriesPoints(i).isEmpty())
            continue;
        any = true;
        bool twin = false;
        for (int j = 0; j < reference.seriesCount() && !twin; ++j)
            twin = reference.seriesName(j) == chart.seriesName(i) && reference.seriesPen(j) == chart.seriesPen(i);
        if (!twin)
            return false;
    }
    return any;
}
} // namespace

bool WeightsView::exportFigure(const QString& path, const ExportOptions& options, QString* error)
{
    const QString note = tr("Non-conflicting steps: %1").arg(m_nonConflicting->text());
    PanelGridLayout panels;
    const bool written = FigureExporter::exportFigure(
        path, options,
        [this, note, &panels](QPainter& p, const QRectF& rect) {
            QRectF area = paintCaptionLine(p, rect, note, Qt::TopEdge);
            if (panelQuantity()) {
                panels = m_panels->paintTo(p, area);
                return;
            }
            // The four charts draw the same runs and tasks: one legend under the figure instead of
            // one per chart (with 8 runs each took half its chart, and the axes became "...").
            const QList<LegendEntry> shared = m_charts.front()->legendItem()->entries();
            const bool oneLegend = !shared.isEmpty()
                && std::all_of(m_charts.begin(), m_charts.end(),
                    [&](const ChartPanel* chart) { return chart->legendItem()->entries() == shared; });
            if (oneLegend) {
                const double h = LegendStrip::heightFor(area.width(), shared, p.font());
                LegendStrip::paint(p, QRectF(area.left(), area.bottom() - h, area.width(), h), shared, p.font());
                area.setBottom(area.bottom() - h);
            }
            for (ChartPanel* chart : m_charts)
                chart->setLegendVisible(!oneLegend);
            // The extras chart too, when the shared legend already names its curves: a per-task
            // family of several runs draws "<run> · <task>" in the pens of the weights chart (four
            // runs' names in its own legend squeezed its plot to a strip), or lists the same keys.
            const QList<LegendEntry> extraKeys = m_extras->chart()->legendItem()->entries();
            const bool extrasShared = oneLegend
                && (curvesHaveTwins(*m_extras->chart(), *m_charts.front())
                    || std::all_of(
                        extraKeys.begin(), extraKeys.end(), [&](const LegendEntry& e) { return shared.contains(e); }));
            m_extras->chart()->setLegendVisible(!extrasShared);
            const auto restoreLegends = qScopeGuard([this] {
                for (ChartPanel* chart : m_charts)
                    chart->setLegendVisible(true);
                m_extras->chart()->setLegendVisible(true);
            });
            if (!m_extras->hasExtras()) {
                paintChartGrid(p, area, m_charts, 2);
                return;
            }
            // Five charts in two rows of the usual height (a third row would squeeze the axis
            // labels into ellipses): three on top, the slow-down and the wide extras chart below.
            const double w = area.width() / 3, rowHeight = area.height() / 2;
            for (int k = 0; k < 3; ++k)
                m_charts[k]->renderTo(p, QRectF(area.left() + k * w, area.top(), w, rowHeight));
            m_charts[3]->renderTo(p, QRectF(area.left(), area.top() + rowHeight, w, rowHeight));
            m_extras->chart()->renderTo(p, QRectF(area.left() + w, area.top() + rowHeight, 2 * w, rowHeight));
        },
        error);
    return written && keepReadablePanelFigure(path, panels, options, error);
}

bool WeightsView::exportCsv(const QString& path, QString* error)
{
    CsvTable table(chartCsvHeader());
    if (const std::optional<TaskSeries> panels = panelQuantity())
        m_panels->appendCsvRows(table, QString::fromLatin1(csvNames[quantityIndex(*panels)]));
    else
        for (int k = 0; k < 4; ++k)
            appendChartRows(table, *m_charts[k], QString::fromLatin1(csvNames[k]));
    m_extras->appendCsvRows(table);
    return table.save(path, error);
}

} // namespace mtw::gui
