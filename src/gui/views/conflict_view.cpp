#include "gui/views/conflict_view.h"

#include "gui/charts/chart_panel.h"
#include "gui/charts/heatmap_plot.h"
#include "gui/export/figure_exporter.h"
#include "gui/views/chart_csv.h"
#include "gui/views/view_style.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QSplitter>
#include <QVBoxLayout>
#include <algorithm>

namespace mtw::gui {

ConflictView::ConflictView(QWidget* parent)
    : RunView(parent)
    , m_heatmap(new HeatmapPlot)
    , m_frequency(new ChartPanel)
    , m_slider(new QSlider(Qt::Horizontal))
    , m_stepLabel(new QLabel)
{
    m_heatmap->setColormap(Colormap::redBlue());
    m_heatmap->setColorRange(-1.0, 1.0);
    m_heatmap->setTitle(tr("Cosine similarity of task gradients"));
    m_heatmap->setColorBarTitle(tr("cos(g_i, g_j)"));
    m_heatmap->setAxisTitles(tr("task j"), tr("task i"));
    m_heatmap->setPlaceholderText(tr("No cosine matrix recorded yet (diagnostics.matrix_every)"));
    m_frequency->setChartTitle(tr("Conflict frequency over time"));
    m_frequency->setAxisTitles(tr("step"), tr("share of task pairs in conflict"));
    m_frequency->setFixedYRange(std::make_pair(0.0, 1.0));
    m_slider->setRange(0, 0);
    m_slider->setToolTip(tr("Replay the recorded matrices; at the right end the view follows the run"));
    m_stepLabel->setMinimumWidth(160);

    auto* scrub = new QHBoxLayout;
    scrub->addWidget(new QLabel(tr("Time")));
    scrub->addWidget(m_slider, 1);
    scrub->addWidget(m_stepLabel);
    auto* top = new QWidget;
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(m_heatmap, 1);
    topLayout->addLayout(scrub);
    // Side by side: the square heatmap leaves the right half free for the time series.
    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(top);
    splitter->addWidget(m_frequency);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter);
    connect(m_slider, &QSlider::valueChanged, this, [this](int v) {
        m_follow = v >= m_slider->maximum();
        showMatrix();
    });
}

void ConflictView::setRuns(const QList<RunHistoryPtr>& runs)
{
    m_runs = runs;
    m_follow = true;
    redraw();
}

void ConflictView::refresh()
{
    QList<long long> revisions;
    for (const RunHistoryPtr& r : m_runs)
        revisions.append(r ? r->revision() : -1);
    if (revisions != m_revisions)
        redraw();
}

void ConflictView::scrubTo(int index)
{
    m_slider->setValue(index); // valueChanged updates m_follow and the matrix
    m_follow = index >= m_slider->maximum();
    showMatrix();
}

void ConflictView::redraw()
{
    m_revisions.clear();
    QList<ChartSeries> series;
    for (int r = 0; r < m_runs.size(); ++r) {
        const RunHistoryPtr& run = m_runs[r];
        m_revisions.append(run ? run->revision() : -1);
        if (!run)
            continue;
        // Per step the share is one of a few values (0 or 1 for two tasks), so the raw series is
        // drawn faintly and a smoothed rate (debiased EMA of the bucket means) on top.
        ChartSeries raw;
        raw.name = (m_runs.size() > 1 ? run->name() + QStringLiteral(" · ") : QString()) + tr("per step");
        raw.color = r == 0 ? QColor(178, 24, 43) : style::runColor(r);
        raw.color.setAlpha(50);
        raw.width = 1.0;
        raw.inLegend = r == 0;
        raw.points = run->conflictFraction().points();
        // Only the current run's raw 0/1 steps: overlaid runs' raw series hide everything else.
        if (r == 0)
            series.append(raw);
        ChartSeries s = raw;
        s.name = (m_runs.size() > 1 ? run->name() + QStringLiteral(" · ") : QString()) + tr("smoothed (EMA 0.98)");
        s.color.setAlpha(255);
        s.width = 2.2;
        s.style = style::runPenStyle(r);
        s.inLegend = true;
        s.points = style::smoothEma(run->conflictFraction().means(), 0.98);
        series.append(s);
    }
    m_frequency->setSeries(series);

    // The heatmap shows the current (first) run only.
    m_history.clear();
    if (!m_runs.isEmpty() && m_runs.first())
        m_history = m_runs.first()->cosineHistory();
    const int last = std::max(0, static_cast<int>(m_history.size()) - 1);
    const bool follow = m_follow;
    {
        const QSignalBlocker block(m_slider);
        m_slider->setRange(0, last);
        if (follow)
            m_slider->setValue(last);
    }
    m_follow = follow;
    showMatrix();
}

void ConflictView::showMatrix()
{
    if (m_history.empty() || m_runs.isEmpty() || !m_runs.first()) {
        m_heatmap->clear();
        m_stepLabel->setText(tr("no matrices"));
        m_shownStep = -1;
        return;
    }
    const int index = std::clamp(m_slider->value(), 0, static_cast<int>(m_history.size()) - 1);
    const auto& [step, matrix] = m_history[static_cast<std::size_t>(index)];
    const QStringList names = m_runs.first()->taskNames();
    m_heatmap->setMatrix(matrix, names, names);
    m_shownStep = step;
    m_stepLabel->setText(tr("step %1 (%2 / %3)").arg(step).arg(index + 1).arg(m_history.size()));
}

bool ConflictView::exportFigure(const QString& path, const ExportOptions& options, QString* error)
{
    const QString caption = m_stepLabel->text();
    return FigureExporter::exportFigure(path, options,
        [this, caption](QPainter& p, const QRectF& rect) {
            // Heatmap on the left (square), conflict frequency on the right.
            const double split = std::min(rect.width() * 0.5, rect.height() + 140);
            const double side = std::min(rect.height(), split - 120); // square plot + its margins
            const QRectF left(rect.left(), rect.top(), split, side);
            m_heatmap->paint(p, left);
            p.setPen(Qt::black);
            p.drawText(QRectF(left.left(), left.bottom(), left.width(), p.fontMetrics().height() * 1.5), Qt::AlignCenter, caption);
            m_frequency->renderTo(p, QRectF(rect.left() + split, rect.top(), rect.width() - split, rect.height()));
        },
        error);
}

bool ConflictView::exportCsv(const QString& path, QString* error)
{
    // Long format: the shown matrix (chart "cosine", series "task_i|task_j", x = step) and the
    // conflict-frequency series.
    CsvTable table(chartCsvHeader());
    if (m_heatmap->hasData() && !m_runs.isEmpty() && m_runs.first()) {
        const QStringList names = m_runs.first()->taskNames();
        const Eigen::MatrixXd& m = m_heatmap->values();
        for (int i = 0; i < m.rows(); ++i)
            for (int j = 0; j < m.cols(); ++j)
                table.addRow({ QStringLiteral("cosine"), names.value(i) + QLatin1Char('|') + names.value(j),
                    CsvTable::number(static_cast<double>(m_shownStep)), CsvTable::number(m(i, j)) });
    }
    appendChartRows(table, *m_frequency, QStringLiteral("conflict_frequency"));
    return table.save(path, error);
}

} // namespace mtw::gui
