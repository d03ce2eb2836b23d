#include "gui/views/losses_view.h"

#include "gui/charts/chart_panel.h"
#include "gui/export/figure_exporter.h"
#include "gui/run_labels.h"
#include "gui/views/chart_csv.h"
#include "gui/views/factored_legend.h"
#include "gui/views/task_panel_grid.h"
#include "gui/views/view_style.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace mtw::gui {

LossesView::LossesView(QWidget* parent)
    : RunView(parent)
    , m_train(new ChartPanel)
    , m_validation(new ChartPanel)
    , m_log(new QCheckBox(tr("Log scale")))
    , m_smoothSlider(new QSlider(Qt::Horizontal))
    , m_smoothLabel(new QLabel)
    , m_validationKind(new QComboBox)
    , m_colourBy(new QComboBox)
    , m_layout(new QComboBox)
    , m_panels(new TaskPanelGrid)
    , m_trainStack(new QStackedWidget)
{
    m_train->setChartTitle(tr("Training loss (mini-batch)"));
    m_train->setAxisTitles(tr("step"), tr("loss"));
    m_validation->setChartTitle(tr("Evaluation"));
    m_validation->setAxisTitles(tr("step"), tr("loss"));
    m_smoothSlider->setRange(0, 999);
    m_smoothSlider->setToolTip(tr("Debiased exponential moving average, as in TensorBoard"));
    m_smoothLabel->setMinimumWidth(40);
    m_validationKind->addItems({ tr("Loss"), tr("Metric"), tr("Metric and worst group") });
    m_validationKind->setItemData(2,
        tr("Each task's metric and, dotted, its worst-group accuracy (data sets with sample groups: a CSV group "
           "column, Fashion MTL's spurious border)"),
        Qt::ToolTipRole);
    m_colourBy->addItems({ tr("Colour: task, style: run"), tr("Colour: run, style: task") });
    m_colourBy->setToolTip(tr("With many runs, colour them (by the runs table's colouring when one is set) and tell "
                              "the tasks apart by line style"));
    m_layout->addItems({ tr("One chart"), tr("A panel per task") });
    m_layout->setToolTip(tr("Small multiples: one training-loss panel per task with shared axes, runs coloured"));
    m_panels->setAxisTitles(tr("step"), tr("loss"));
    m_trainStack->addWidget(m_train);
    m_trainStack->addWidget(m_panels);
    auto* reset = new QPushButton(tr("Reset zoom"));

    auto* controls = new QHBoxLayout;
    controls->addWidget(m_log);
    controls->addSpacing(12);
    controls->addWidget(new QLabel(tr("Smoothing")));
    controls->addWidget(m_smoothSlider, 1);
    controls->addWidget(m_smoothLabel);
    controls->addSpacing(12);
    controls->addWidget(new QLabel(tr("Evaluation shows")));
    controls->addWidget(m_validationKind);
    controls->addSpacing(12);
    controls->addWidget(m_colourBy);
    controls->addWidget(m_layout);
    controls->addWidget(reset);
    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_trainStack);
    splitter->addWidget(m_validation);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(splitter, 1);

    connect(m_log, &QCheckBox::toggled, this, &LossesView::setLogScale);
    connect(m_smoothSlider, &QSlider::valueChanged, this, [this](int v) { setSmoothing(v / 1000.0); });
    connect(m_validationKind, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
    connect(m_colourBy, &QComboBox::currentIndexChanged, this, [this](int i) { setColourByRun(i == 1); });
    connect(m_layout, &QComboBox::currentIndexChanged, this, [this](int i) { setPanelPerTask(i == 1); });
    connect(reset, &QPushButton::clicked, this, [this] {
        m_train->resetZoom();
        m_panels->resetZoom();
        m_validation->resetZoom();
    });
    setSmoothing(0);
}

void LossesView::setRuns(const QList<RunHistoryPtr>& runs)
{
    m_runs = runs;
    forgetDrawn();
    redraw();
}

void LossesView::refresh()
{
    if (changedSinceDrawn(m_runs))
        redraw();
}

void LossesView::setLogScale(bool log)
{
    if (m_log->isChecked() != log)
        m_log->setChecked(log); // re-enters through toggled
    m_train->setLogY(log);
    m_panels->setLogY(log);
    m_validation->setLogY(log);
    redraw();
}

void LossesView::setSmoothing(double weight)
{
    m_smoothing = std::clamp(weight, 0.0, 0.999);
    const int v = static_cast<int>(std::lround(m_smoothing * 1000));
    if (m_smoothSlider->value() != v)
        m_smoothSlider->setValue(v);
    m_smoothLabel->setText(QString::number(m_smoothing, 'f', 3));
    redraw();
}

void LossesView::setValidationMetric(bool metric)
{
    if (m_validationKind->currentIndex() != (metric ? 1 : 0))
        m_validationKind->setCurrentIndex(metric ? 1 : 0); // redraws through currentIndexChanged
}

void LossesView::setWorstGroupShown(bool shown)
{
    m_validationKind->setCurrentIndex(shown ? 2 : 1);
}

void LossesView::setColourByRun(bool byRun)
{
    if (m_colourBy->currentIndex() != (byRun ? 1 : 0))
        m_colourBy->setCurrentIndex(byRun ? 1 : 0); // re-enters through currentIndexChanged
    redraw();
}

void LossesView::setPanelPerTask(bool panels)
{
    if (m_layout->currentIndex() != (panels ? 1 : 0))
        m_layout->setCurrentIndex(panels ? 1 : 0);
    m_trainStack->setCurrentIndex(panels ? 1 : 0);
    m_colourBy->setEnabled(!panels); // panels are coloured by run
    redraw();
}

bool LossesView::isColourByRun() const
{
    return m_colourBy->currentIndex() == 1;
}
bool LossesView::isPanelPerTask() const
{
    return m_layout->currentIndex() == 1;
}

void LossesView::setSeedGrouping(SeedGrouping grouping)
{
    m_grouping = grouping;
    redraw();
}

namespace {
// A group of seeds as its mean line plus the spread band behind it (same colour, translucent).
void appendGroup(
    QList<ChartSeries>& out, const QString& name, const QColor& color, const LineDash& style, const SeriesBand& band)
{
    ChartSeries area;
    area.kind = ChartSeries::Kind::Band;
    area.name = name + QStringLiteral(" (spread)");
    area.color = color;
    area.color.setAlpha(50);
    area.inLegend = false;
    area.points = band.upper;
    area.lower = band.lower;
    out.append(area);
    ChartSeries mean;
    mean.name = name;
    mean.color = color;
    mean.style = style;
    mean.points = band.mean;
    out.append(mean);
}
} // namespace

// One label per group: what differs between the overlaid runs (run_labels.h).
QStringList LossesView::groupLabels(const QList<SeedGroup>& groups) const
{
    QList<LabelledRun> runs;
    for (const SeedGroup& group : groups)
        runs.append({ group.runs.front()->name(), &group.runs.front()->experiment() });
    QStringList labels = distinguishingLabels(runs, m_grouping != SeedGrouping::Separate);
    for (int g = 0; g < groups.size(); ++g)
        if (groups[g].runs.size() > 1)
            labels[g]
                = groups.size() > 1 ? tr("%1 (n = %2)").arg(labels[g]).arg(groups[g].runs.size()) : groups[g].label;
    return labels;
}

void LossesView::redraw()
{
    markDrawn(m_runs);
    const bool worstGroup = m_validationKind->currentIndex() == 2;
    const bool metric = m_validationKind->currentIndex() >= 1;
    const bool panels = m_layout->currentIndex() == 1;
    bool anyWorstGroup = false;
    const bool byRun = panels || m_colourBy->currentIndex() == 1;
    QList<SeedGroup> groups;
    if (m_grouping == SeedGrouping::Separate) {
        for (const RunHistoryPtr& run : std::as_const(m_runs))
            if (run)
                groups.append(SeedGroup { run->name(), { run } });
    } else {
        groups = groupBySeed(m_runs);
    }
    const QStringList labels = groupLabels(groups);
    const bool several = groups.size() > 1;
    QList<ChartSeries> train, validation;
    QList<QList<ChartSeries>> perTask;
    QStringList taskTitles;
    QList<LegendEntry> legend;
    QString metricName;
    for (int r = 0; r < groups.size(); ++r) {
        const SeedGroup& group = groups[r];
        const RunHistoryPtr& run = group.runs.front();
        const QString prefix = several || group.runs.size() > 1 ? labels[r] + QStringLiteral(" · ") : QString();
        const QColor runColour = style::runColor(*run, r);
        legend.append({ labels[r], runColour, Qt::SolidLine });
        for (int t = 0; t < run->taskCount(); ++t) {
            const QString task = run->taskNames()[t];
            if (perTask.size() <= t) {
                perTask.append(QList<ChartSeries>());
                taskTitles << task;
            }
            if (metric && metricName.isEmpty())
                metricName = run->metricName(t);
            const QColor color = byRun ? runColour : style::taskColor(t);
            // The dash tells apart what the colour does not; a task's own panel needs none.
            const LineDash pen = panels ? Qt::SolidLine : byRun ? style::taskDash(t) : style::runDash(r);
            // Under the panels the evaluations stay one overview chart (a second grid of 12 panels
            // would double a paper figure's height), coloured by task as in one-chart mode: the
            // panels' encoding there (run colour, a dash per task) made 12 tasks one colour with
            // repeating dashes. Colour finds a task, the dash its run, the panels above the detail.
            const bool evaluationByRun = byRun && !panels;
            const QColor evaluationColour = evaluationByRun ? runColour : style::taskColor(t);
            const LineDash evaluationPen = evaluationByRun ? style::taskDash(t) : style::runDash(r);
            QList<ChartSeries>& trainTarget = panels ? perTask[t] : train;
            const QString trainName = panels ? labels[r] : prefix + task;
            if (group.runs.size() > 1) {
                QList<QVector<QPointF>> losses, evaluations;
                for (const RunHistoryPtr& member : group.runs) {
                    const QVector<QPointF> means = member->series(TaskSeries::Loss, t).means();
                    losses << (m_smoothing > 0 ? style::smoothEma(means, m_smoothing) : means);
                    evaluations << member->evaluation(metric ? EvalSeries::Metric : EvalSeries::Loss, t).points();
                }
                appendGroup(trainTarget, trainName, color, pen, bandOf(losses, m_grouping));
                const SeriesBand evaluation = bandOf(evaluations, m_grouping);
                if (!evaluation.mean.isEmpty())
                    appendGroup(validation, prefix + task, evaluationColour, evaluationPen, evaluation);
                continue;
            }
            const DecimatedSeries& loss = run->series(TaskSeries::Loss, t);
            ChartSeries s;
            s.color = color;
            s.style = pen;
            if (m_smoothing > 0 && (r == 0 || panels)) {
                // The raw series stays visible, faint, behind the smoothed one (as TensorBoard).
                ChartSeries raw = s;
                raw.name = trainName + tr(" (raw)");
                raw.color.setAlpha(60);
                raw.width = 1.0;
                raw.inLegend = false;
                raw.points = loss.points();
                trainTarget.append(raw);
            }
            s.name = trainName;
            s.points = m_smoothing > 0 ? style::smoothEma(loss.means(), m_smoothing) : loss.points();
            trainTarget.append(s);

            const DecimatedSeries& eval = run->evaluation(metric ? EvalSeries::Metric : EvalSeries::Loss, t);
            if (eval.isEmpty())
                continue;
            ChartSeries v;
            v.name = prefix + task;
            v.color = evaluationColour;
            v.style = evaluationPen;
            v.points = eval.points();
            validation.append(v);
            const DecimatedSeries& worst = run->evaluation(EvalSeries::WorstGroup, t);
            if (worstGroup && !worst.isEmpty()) {
                // Next to its metric, in its colour, dotted and thinner; one legend key says so.
                ChartSeries w = v;
                w.name = v.name + tr(" (worst group)");
                w.style = Qt::DotLine;
                w.width = 1.2;
                w.inLegend = false;
                w.points = worst.points();
                validation.append(w);
                anyWorstGroup = true;
            }
        }
    }
    if (several) {
        QList<QColor> colours;
        for (const LegendEntry& e : std::as_const(legend))
            colours << e.color;
        factorLegend(train, factoredLegendKeys(labels, colours, taskTitles, byRun));
        factorLegend(validation, factoredLegendKeys(labels, colours, taskTitles, byRun && !panels));
    }
    if (panels)
        m_panels->setPanels(taskTitles, perTask, legend);
    else
        m_train->setSeries(train);
    if (anyWorstGroup) {
        ChartSeries key;
        key.name = tr("dotted: worst-group accuracy");
        key.color = Qt::darkGray;
        key.style = Qt::DotLine;
        validation.append(key);
    }
    m_validation->setAxisTitles(tr("step"), metric ? (metricName.isEmpty() ? tr("metric") : metricName) : tr("loss"));
    const bool onValidation
        = !m_runs.isEmpty() && m_runs.first() && m_runs.first()->evaluationSplit() == problem::Split::Validation;
    const QString split = onValidation ? tr("Validation") : tr("Evaluation (training set)");
    m_validation->setChartTitle(split + (metric ? tr(" metric") : tr(" loss")));
    m_validation->setSeries(validation);
}

bool LossesView::exportFigure(const QString& path, const ExportOptions& options, QString* error)
{
    PanelGridLayout panels;
    const bool written = FigureExporter::exportFigure(
        path, options,
        [this, &panels](QPainter& p, const QRectF& rect) {
            if (!isPanelPerTask()) {
                paintChartGrid(p, rect, { m_train, m_validation }, 1);
                return;
            }
            // The validation chart below takes 38% of a figure, but at most 2.6 in at the base text:
            // a tall figure (12 panels in a paper column) gives the rest to the panels.
            const double validationHeight = std::min(rect.height() * 0.38, 250.0);
            const QRectF top(rect.left(), rect.top(), rect.width(), rect.height() - validationHeight);
            panels = m_panels->paintTo(p, top);
            m_validation->renderTo(p, QRectF(rect.left(), top.bottom(), rect.width(), rect.height() - top.height()));
        },
        error);
    return written && keepReadablePanelFigure(path, panels, options, error);
}

bool LossesView::exportCsv(const QString& path, QString* error)
{
    CsvTable table(chartCsvHeader());
    if (isPanelPerTask())
        m_panels->appendCsvRows(table, QStringLiteral("train_loss"));
    else
        appendChartRows(table, *m_train, QStringLiteral("train_loss"));
    appendChartRows(table, *m_validation,
        m_validationKind->currentIndex() >= 1 ? QStringLiteral("evaluation_metric")
                                              : QStringLiteral("evaluation_loss"));
    return table.save(path, error);
}

} // namespace mtw::gui
