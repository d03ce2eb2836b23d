#include "gui/views/conflict_view.h"

#include "gui/charts/chart_panel.h"
#include "gui/charts/heatmap_plot.h"
#include "gui/export/figure_exporter.h"
#include "gui/run_labels.h"
#include "gui/views/affinity_panel.h"
#include "gui/views/angle_box_panel.h"
#include "gui/views/chart_csv.h"
#include "gui/views/layer_conflict_panel.h"
#include "gui/views/view_style.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <limits>

namespace mtw::gui {

ConflictView::ConflictView(QWidget* parent)
    : RunView(parent)
    , m_heatmap(new HeatmapPlot)
    , m_layerPanel(new LayerConflictPanel)
    , m_matrixStack(new QStackedWidget)
    , m_perLayer(new QCheckBox(tr("Per layer")))
    , m_frequency(new ChartPanel)
    , m_angleBoxes(new AngleBoxPanel)
    , m_overTime(new QTabWidget)
    , m_slider(new QSlider(Qt::Horizontal))
    , m_stepLabel(new QLabel)
    , m_affinityPanel(new AffinityPanel)
    , m_affinityChoice(new QComboBox)
{
    m_heatmap->setColormap(Colormap::redBlue());
    m_heatmap->setColorRange(-1.0, 1.0);
    m_heatmap->setTitle(tr("Cosine similarity of task gradients"));
    m_heatmap->setColorBarTitle(tr("cosine of g_i and g_j"));
    m_heatmap->setAxisTitles(tr("task j"), tr("task i"));
    m_heatmap->setPlaceholderText(tr("No cosine matrix recorded yet (diagnostics.matrix_every)"));
    m_frequency->setChartTitle(tr("Conflict frequency over time"));
    m_frequency->setAxisTitles(tr("step"), tr("pairs in conflict"));
    m_frequency->setFixedYRange(std::make_pair(0.0, 1.0));
    m_slider->setRange(0, 0);
    m_slider->setToolTip(tr("Replay the recorded matrices; at the right end the view follows the run"));
    m_stepLabel->setMinimumWidth(160);

    auto* scrub = new QHBoxLayout;
    scrub->addWidget(new QLabel(tr("Time")));
    scrub->addWidget(m_slider, 1);
    scrub->addWidget(m_stepLabel);
    m_perLayer->setToolTip(tr("One heatmap per shared layer and the CKA of the task heads, at the same step "
                              "(network runs record them at diagnostics.matrix_every)"));
    m_perLayer->setEnabled(false);
    scrub->addWidget(m_perLayer);
    m_affinityChoice->setToolTip(tr("Which inter-task affinity the lower heatmap shows"));
    m_affinityChoice->hide();
    scrub->addWidget(m_affinityChoice);
    // Side by side: the square heatmap leaves the right half free for the time series.
    auto* splitter = new QSplitter(Qt::Horizontal);
    m_matrixStack->addWidget(m_heatmap);
    m_matrixStack->addWidget(m_layerPanel);
    splitter->addWidget(m_matrixStack);
    m_overTime->addTab(m_frequency, tr("Conflict frequency"));
    m_overTime->addTab(m_angleBoxes, tr("Angle box plots"));
    splitter->addWidget(m_overTime);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    // Half and half from the start (the heatmap's size hint would otherwise claim most of it).
    splitter->setSizes({ 1000, 1000 });
    // The affinity heatmap (selective-groups runs only) below, its groups on the right; one
    // scrubber under both replays them together.
    auto* rows = new QSplitter(Qt::Vertical);
    rows->addWidget(splitter);
    rows->addWidget(m_affinityPanel);
    rows->setStretchFactor(0, 1);
    rows->setStretchFactor(1, 1);
    rows->setSizes({ 1000, 1000 });
    m_affinityPanel->hide();
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(rows, 1);
    layout->addLayout(scrub);
    connect(m_slider, &QSlider::valueChanged, this, [this](int v) {
        m_follow = v >= m_slider->maximum();
        showMatrix();
    });
    connect(m_affinityChoice, &QComboBox::activated, this,
        [this](int index) { showAffinityKind(static_cast<AffinityKind>(m_affinityChoice->itemData(index).toInt())); });
    connect(m_perLayer, &QCheckBox::toggled, this, [this, splitter](bool on) {
        // The small multiples need the room more than the time series does.
        splitter->setSizes(on ? QList<int> { 1300, 700 } : QList<int> { 1000, 1000 });
        showMatrix();
    });
}

void ConflictView::showAffinityKind(AffinityKind kind)
{
    m_affinityKind = kind;
    redraw();
}

void ConflictView::chooseAffinity()
{
    m_affinity = nullptr;
    const QSignalBlocker block(m_affinityChoice);
    m_affinityChoice->clear();
    if (m_runs.isEmpty() || !m_runs.first())
        return;
    const RunHistory& run = *m_runs.first();
    const std::pair<AffinityKind, const ThinnedSamples<AffinitySample>*> sources[] = {
        { AffinityKind::Proximal, &run.extras().affinitySamples() },
        { AffinityKind::Lookahead, &run.factors().affinitySamples(AffinityKind::Lookahead) },
        { AffinityKind::OptimizerLookahead, &run.factors().affinitySamples(AffinityKind::OptimizerLookahead) },
    };
    const QString labels[] = { tr("Proximal affinity"), tr("TAG look-ahead"), tr("Optimizer-consistent look-ahead") };
    for (const auto& [kind, samples] : sources) {
        if (samples->isEmpty())
            continue;
        m_affinityChoice->addItem(labels[static_cast<int>(kind)], static_cast<int>(kind));
        // The chosen kind, else the first the run has.
        if (!m_affinity || kind == m_affinityKind)
            m_affinity = samples;
    }
    const int shown = m_affinityChoice->findData(static_cast<int>(m_affinityKind));
    if (shown < 0 && m_affinityChoice->count() > 0)
        m_affinityKind = static_cast<AffinityKind>(m_affinityChoice->itemData(0).toInt());
    m_affinityChoice->setCurrentIndex(std::max(shown, 0));
    m_affinityChoice->setVisible(m_affinityChoice->count() > 1);
}

void ConflictView::setRuns(const QList<RunHistoryPtr>& runs)
{
    m_runs = runs;
    m_follow = true;
    redraw();
}

void ConflictView::refresh()
{
    if (changedSinceDrawn(m_runs))
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
    markDrawn(m_runs);
    QList<ChartSeries> series;
    const QStringList labels = runLabels(m_runs);
    for (int r = 0; r < m_runs.size(); ++r) {
        const RunHistoryPtr& run = m_runs[r];
        if (!run)
            continue;
        // Per step the share is one of a few values (0 or 1 for two tasks), so the raw series is
        // drawn faintly and a smoothed rate (debiased EMA of the bucket means) on top.
        ChartSeries raw;
        raw.name = (m_runs.size() > 1 ? labels[r] + QStringLiteral(" · ") : QString()) + tr("per step");
        raw.color = run->colour().isValid() ? run->colour() : r == 0 ? QColor(178, 24, 43) : style::runColor(r);
        raw.color.setAlpha(50);
        raw.width = 1.0;
        raw.inLegend = r == 0;
        raw.points = run->conflictFraction().points();
        // Only the current run's raw 0/1 steps: overlaid runs' raw series hide everything else.
        if (r == 0)
            series.append(raw);
        ChartSeries s = raw;
        s.name = (m_runs.size() > 1 ? labels[r] + QStringLiteral(" · ") : QString()) + tr("smoothed (EMA 0.98)");
        s.color.setAlpha(255);
        s.width = 2.2;
        s.style = style::runDash(r);
        s.inLegend = true;
        s.points = style::smoothEma(run->conflictFraction().means(), 0.98);
        series.append(s);
    }
    m_frequency->setSeries(series);

    // The heatmap shows the current (first) run only.
    m_history = nullptr;
    m_layers = nullptr;
    const RunHistory* current = m_runs.isEmpty() ? nullptr : m_runs.first().get();
    if (current) { // m_runs keeps the run, so the samples stay valid
        m_history = &current->cosineSamples();
        m_layers = &current->layerMatrixSamples();
    }
    m_perLayer->setEnabled(current && current->hasLayerMatrices());
    m_angleBoxes->setRun(current);
    chooseAffinity();
    // The scrubber walks the cosine matrices; a run without them walks the affinity samples.
    const std::size_t timeline = timelineLength();
    const int last = std::max(0, static_cast<int>(timeline) - 1);
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
    if (timelineLength() == 0) {
        m_heatmap->clear();
        m_layerPanel->clear();
        m_matrixStack->setCurrentWidget(m_heatmap);
        m_stepLabel->setText(tr("no matrices"));
        m_shownStep = -1;
        showAffinity(-1);
        return;
    }
    const std::size_t timeline = timelineLength();
    const int index = std::clamp(m_slider->value(), 0, static_cast<int>(timeline) - 1);
    if (m_history->isEmpty()) {
        m_heatmap->clear();
        m_shownStep = m_affinity->at(static_cast<std::size_t>(index)).first;
    } else {
        const auto& [step, matrix] = m_history->at(static_cast<std::size_t>(index));
        const QStringList names = m_runs.first()->taskNames();
        m_heatmap->setMatrix(matrix, names, names);
        m_shownStep = step;
        // Which run and step: with several runs overlaid the matrix is the current run's only.
        m_heatmap->setTitle(
            tr("Cosine similarity of task gradients: %1, step %2").arg(m_runs.first()->name()).arg(step));
    }
    showLayers(static_cast<std::size_t>(index));
    m_stepLabel->setText(tr("step %1 (%2 / %3)").arg(m_shownStep).arg(index + 1).arg(timeline));
    // Following the run shows the newest affinity, which is recorded more often than cosines.
    showAffinity(m_follow ? std::numeric_limits<long long>::max() : m_shownStep);
}

bool ConflictView::showsLayers() const
{
    return m_perLayer->isEnabled() && m_perLayer->isChecked();
}

// The layer panel follows the scrubber whenever the run has layer matrices, shown or not, so the
// CSV export holds them either way.
void ConflictView::showLayers(std::size_t index)
{
    if (m_perLayer->isEnabled() && m_layers && index < m_layers->size() && index < m_history->size())
        m_layerPanel->setStep(
            m_shownStep, m_history->at(index).second, m_layers->at(index).second, m_runs.first()->taskNames());
    else
        m_layerPanel->clear();
    m_matrixStack->setCurrentWidget(showsLayers() ? static_cast<QWidget*>(m_layerPanel) : m_heatmap);
}

bool ConflictView::showsAffinity() const
{
    return m_affinity && !m_affinity->isEmpty();
}

int ConflictView::matrixCount() const
{
    return m_history ? static_cast<int>(m_history->size()) : 0;
}

std::size_t ConflictView::timelineLength() const
{
    if (!m_history)
        return 0;
    if (!m_history->isEmpty())
        return m_history->size();
    return m_affinity ? m_affinity->size() : 0;
}

void ConflictView::showAffinity(long long step)
{
    if (!showsAffinity() || step < 0) {
        m_affinityPanel->clear();
        m_affinityPanel->hide();
        return;
    }
    // The last sample at or before the step (the first one for steps before it).
    const auto& [sampleStep, sample] = m_affinity->at(m_affinity->indexAtOrBefore(step));
    m_affinityPanel->setSample(sampleStep, sample, m_runs.first()->taskNames(), m_affinityKind);
    m_affinityPanel->show();
}

bool ConflictView::exportFigure(const QString& path, const ExportOptions& options, QString* error)
{
    const QString caption = m_stepLabel->text();
    m_angleBoxes->refreshNow();
    PanelGridLayout layerGrid;
    const bool written = FigureExporter::exportFigure(
        path, options,
        [this, caption, &layerGrid](QPainter& p, const QRectF& fullRect) {
            // The affinity heatmap, when shown, takes the bottom half; the top half leaves room
            // for the step caption under the cosine heatmap.
            QRectF rect = fullRect;
            if (showsAffinity()) {
                const double half = fullRect.height() / 2;
                rect.setHeight(half - p.fontMetrics().height() * 1.5);
                m_affinityPanel->paint(
                    p, QRectF(fullRect.left(), fullRect.top() + half + 6, fullRect.width(), half - 6));
            }
            // Heatmap on the left (square), or the layers' small multiples in 60 %; on the right the
            // time series the tabs show.
            const double captionHeight = p.fontMetrics().height() * 1.5;
            const bool layers = showsLayers();
            const double split = layers ? rect.width() * 0.6 : std::min(rect.width() * 0.5, rect.height() + 140);
            const double side = layers ? rect.height() - captionHeight
                                       : std::min(rect.height(), split - 120); // square plot + its margins
            const QRectF left(rect.left(), rect.top(), split, side);
            if (layers)
                layerGrid = m_layerPanel->paint(p, left);
            else
                m_heatmap->paint(p, left);
            p.setPen(Qt::black);
            p.drawText(QRectF(left.left(), left.bottom(), left.width(), captionHeight), Qt::AlignCenter, caption);
            const QRectF right(rect.left() + split, rect.top(), rect.width() - split, rect.height());
            if (m_overTime->currentWidget() == m_angleBoxes)
                m_angleBoxes->paint(p, right);
            else
                m_frequency->renderTo(p, right);
        },
        error);
    if (!written || layerGrid.readable())
        return written;
    // Small multiples too small to read (a narrow paper column): no figure rather than a mess.
    QFile::remove(path);
    if (error) {
        const double inches = options.fontPointSize / FigureExporter::kBaseFontPoints / 96.0;
        *error = tr("the %1 per-layer heatmaps do not fit readably: at %2 pt each gets %3 x %4 in. Make the figure "
                    "larger or its text smaller, or export without Per layer.")
                     .arg(layerGrid.panels)
                     .arg(options.fontPointSize)
                     .arg(layerGrid.panelWidth * inches, 0, 'f', 2)
                     .arg(layerGrid.panelHeight * inches, 0, 'f', 2);
    }
    return false;
}

bool ConflictView::exportCsv(const QString& path, QString* error)
{
    // Long format: the shown matrix (chart "cosine", series "task_i|task_j", x = step), the
    // layer matrices of that step ("cosine@<layer>", "cka"), the conflict-frequency series and
    // the angle boxes' statistics ("angle_box").
    CsvTable table(chartCsvHeader());
    m_angleBoxes->refreshNow();
    if (m_heatmap->hasData() && !m_runs.isEmpty() && m_runs.first()) {
        const QStringList names = m_runs.first()->taskNames();
        const Eigen::MatrixXd& m = m_heatmap->values();
        for (int i = 0; i < m.rows(); ++i)
            for (int j = 0; j < m.cols(); ++j)
                table.addRow({ QStringLiteral("cosine"), names.value(i) + QLatin1Char('|') + names.value(j),
                    CsvTable::number(static_cast<double>(m_shownStep)), CsvTable::number(m(i, j)) });
    }
    m_layerPanel->appendCsvRows(table);
    appendChartRows(table, *m_frequency, QStringLiteral("conflict_frequency"));
    m_angleBoxes->appendCsvRows(table);
    if (showsAffinity())
        m_affinityPanel->appendCsvRows(table);
    return table.save(path, error);
}

} // namespace mtw::gui
