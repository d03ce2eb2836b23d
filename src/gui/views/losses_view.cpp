#include "gui/views/losses_view.h"

#include "gui/charts/chart_panel.h"
#include "gui/export/figure_exporter.h"
#include "gui/views/chart_csv.h"
#include "gui/views/view_style.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QSplitter>
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
{
    m_train->setChartTitle(tr("Training loss (mini-batch)"));
    m_train->setAxisTitles(tr("step"), tr("loss"));
    m_validation->setChartTitle(tr("Evaluation"));
    m_validation->setAxisTitles(tr("step"), tr("loss"));
    m_smoothSlider->setRange(0, 999);
    m_smoothSlider->setToolTip(tr("Debiased exponential moving average, as in TensorBoard"));
    m_smoothLabel->setMinimumWidth(40);
    m_validationKind->addItems({ tr("Loss"), tr("Metric") });
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
    controls->addWidget(reset);
    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_train);
    splitter->addWidget(m_validation);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(splitter, 1);

    connect(m_log, &QCheckBox::toggled, this, &LossesView::setLogScale);
    connect(m_smoothSlider, &QSlider::valueChanged, this, [this](int v) { setSmoothing(v / 1000.0); });
    connect(m_validationKind, &QComboBox::currentIndexChanged, this, [this](int i) { setValidationMetric(i == 1); });
    connect(reset, &QPushButton::clicked, this, [this] {
        m_train->resetZoom();
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
        m_validationKind->setCurrentIndex(metric ? 1 : 0);
    redraw();
}

void LossesView::setSeedGrouping(SeedGrouping grouping)
{
    m_grouping = grouping;
    redraw();
}

namespace {
// A group of seeds as its mean line plus the spread band behind it (same colour, translucent).
void appendGroup(QList<ChartSeries>& out, const QString& name, const QColor& color, Qt::PenStyle style, const SeriesBand& band)
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

void LossesView::redraw()
{
    markDrawn(m_runs);
    const bool metric = m_validationKind->currentIndex() == 1;
    QList<SeedGroup> groups;
    if (m_grouping == SeedGrouping::Separate) {
        for (const RunHistoryPtr& run : std::as_const(m_runs))
            if (run)
                groups.append(SeedGroup { run->name(), { run } });
    } else {
        groups = groupBySeed(m_runs);
    }
    const bool several = groups.size() > 1;
    QList<ChartSeries> train, validation;
    QString metricName;
    for (int r = 0; r < groups.size(); ++r) {
        const SeedGroup& group = groups[r];
        const RunHistoryPtr& run = group.runs.front();
        const QString prefix = several || group.runs.size() > 1 ? group.label + QStringLiteral(" · ") : QString();
        for (int t = 0; t < run->taskCount(); ++t) {
            const QString task = run->taskNames()[t];
            const QColor color = style::taskColor(t);
            if (group.runs.size() > 1) {
                QList<QVector<QPointF>> losses, evaluations;
                for (const RunHistoryPtr& member : group.runs) {
                    const QVector<QPointF> means = member->series(TaskSeries::Loss, t).means();
                    losses << (m_smoothing > 0 ? style::smoothEma(means, m_smoothing) : means);
                    evaluations << member->evaluation(metric ? EvalSeries::Metric : EvalSeries::Loss, t).points();
                }
                appendGroup(train, prefix + task, color, style::runPenStyle(r), bandOf(losses, m_grouping));
                const SeriesBand evaluation = bandOf(evaluations, m_grouping);
                if (!evaluation.mean.isEmpty())
                    appendGroup(validation, prefix + task, color, style::runPenStyle(r), evaluation);
                if (metric && metricName.isEmpty())
                    metricName = run->metricName(t);
                continue;
            }
            const DecimatedSeries& loss = run->series(TaskSeries::Loss, t);
            ChartSeries s;
            s.color = color;
            s.style = style::runPenStyle(r);
            if (m_smoothing > 0 && r == 0) {
                // The raw series stays visible, faint, behind the smoothed one (as TensorBoard).
                ChartSeries raw = s;
                raw.name = prefix + task + tr(" (raw)");
                raw.color.setAlpha(60);
                raw.width = 1.0;
                raw.inLegend = false;
                raw.points = loss.points();
                train.append(raw);
            }
            s.name = prefix + task;
            s.points = m_smoothing > 0 ? style::smoothEma(loss.means(), m_smoothing) : loss.points();
            train.append(s);

            const DecimatedSeries& eval = run->evaluation(metric ? EvalSeries::Metric : EvalSeries::Loss, t);
            if (eval.isEmpty())
                continue;
            ChartSeries v;
            v.name = prefix + task;
            v.color = color;
            v.style = style::runPenStyle(r);
            v.points = eval.points();
            validation.append(v);
            if (metric && metricName.isEmpty())
                metricName = run->metricName(t);
        }
    }
    m_train->setSeries(train);
    m_validation->setAxisTitles(tr("step"), metric ? (metricName.isEmpty() ? tr("metric") : metricName) : tr("loss"));
    const bool onValidation = !m_runs.isEmpty() && m_runs.first() && m_runs.first()->evaluationSplit() == problem::Split::Validation;
    const QString split = onValidation ? tr("Validation") : tr("Evaluation (training set)");
    m_validation->setChartTitle(split + (metric ? tr(" metric") : tr(" loss")));
    m_validation->setSeries(validation);
}

bool LossesView::exportFigure(const QString& path, const ExportOptions& options, QString* error)
{
    return FigureExporter::exportFigure(path, options,
        [this](QPainter& p, const QRectF& rect) { paintChartGrid(p, rect, { m_train, m_validation }, 1); }, error);
}

bool LossesView::exportCsv(const QString& path, QString* error)
{
    CsvTable table(chartCsvHeader());
    appendChartRows(table, *m_train, QStringLiteral("train_loss"));
    appendChartRows(table, *m_validation, m_validationKind->currentIndex() == 1 ? QStringLiteral("evaluation_metric") : QStringLiteral("evaluation_loss"));
    return table.save(path, error);
}

} // namespace mtw::gui
