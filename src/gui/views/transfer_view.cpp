#include "gui/views/transfer_view.h"

#include "gui/charts/chart_panel.h"
#include "gui/export/figure_exporter.h"
#include "gui/views/chart_csv.h"
#include "gui/views/transfer_curves.h"
#include "gui/views/view_style.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleValidator>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>
#include <algorithm>
#include <limits>

namespace mtw::gui {

namespace {
constexpr int gridPoints = 60;
constexpr int maxMarkers = 400; // checkpoints drawn as markers per curve (thinned beyond)
const QColor baselineColor(40, 40, 40);

QVector<QPointF> envelopePoints(const analysis::EqualLossCurve& curve)
{
    QVector<QPointF> points;
    for (std::size_t i = 0; i < curve.envelopeLosses().size(); ++i)
        points.append({ curve.envelopeLosses()[i], curve.envelopeValues()[i] });
    return points;
}

// Every checkpoint as a marker: the line is the monotone envelope the gap is computed from, the
// markers show what was left out (checkpoints where the training loss did not improve).
ChartSeries checkpointMarkers(const RunHistory& run, int task, bool metric, const QColor& color)
{
    ChartSeries s;
    s.name = run.name() + QStringLiteral(" checkpoints");
    s.kind = ChartSeries::Kind::Scatter;
    s.color = color;
    s.color.setAlpha(110);
    s.markerSize = 5;
    s.inLegend = false;
    const LossValuePoints p = lossValuePoints(run, task, metric);
    const std::size_t stride = std::max<std::size_t>(1, p.trainLoss.size() / maxMarkers + 1);
    for (std::size_t i = 0; i < p.trainLoss.size(); i += stride)
        s.points.append({ p.trainLoss[i], p.value[i] });
    return s;
}

QString number(double x) { return QLocale::c().toString(x, 'g', 4); }
} // namespace

TransferView::TransferView(QWidget* parent)
    : RunView(parent)
    , m_curves(new ChartPanel)
    , m_gapChart(new ChartPanel)
    , m_task(new QComboBox)
    , m_kind(new QComboBox)
    , m_logX(new QCheckBox(tr("Log training loss")))
    , m_at(new QLineEdit)
    , m_summary(new QLabel)
{
    m_curves->setAxisTitles(tr("training loss (fixed training subset)"), tr("validation loss"));
    m_gapChart->setAxisTitles(tr("training loss (fixed training subset)"), tr("MT - ST"));
    m_kind->addItems({ tr("Validation loss"), tr("Validation metric") });
    m_task->setMinimumContentsLength(12);
    m_at->setPlaceholderText(tr("lowest common"));
    m_at->setValidator(new QDoubleValidator(0.0, 1e300, 12, m_at));
    m_at->setMaximumWidth(120);
    m_at->setToolTip(tr("Training loss at which the gap is read; empty: the lowest training loss both runs reach"));
    m_logX->setToolTip(tr("Logarithmic training-loss axis and a log-spaced gap grid"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* reset = new QPushButton(tr("Reset zoom"));

    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Task")));
    controls->addWidget(m_task);
    controls->addSpacing(12);
    controls->addWidget(m_kind);
    controls->addSpacing(12);
    controls->addWidget(m_logX);
    controls->addSpacing(12);
    controls->addWidget(new QLabel(tr("Gap at training loss")));
    controls->addWidget(m_at);
    controls->addStretch(1);
    controls->addWidget(reset);
    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_curves);
    splitter->addWidget(m_gapChart);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(m_summary);
    layout->addWidget(splitter, 1);

    connect(m_task, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
    connect(m_logX, &QCheckBox::toggled, this, &TransferView::setLogX);
    connect(m_at, &QLineEdit::editingFinished, this, [this] { redraw(); });
    connect(reset, &QPushButton::clicked, this, [this] {
        m_curves->resetZoom();
        m_gapChart->resetZoom();
    });
    redraw();
}

void TransferView::setRuns(const QList<RunHistoryPtr>& runs)
{
    m_runs = runs;
    redraw();
}

void TransferView::setAvailableRuns(const QList<RunHistoryPtr>& runs)
{
    m_available = runs;
    redraw();
}

void TransferView::refresh()
{
    if (changedSinceDrawn(m_runs + m_available))
        redraw();
}

void TransferView::setTask(int task) { m_task->setCurrentIndex(task); }

void TransferView::setValidationMetric(bool metric) { m_kind->setCurrentIndex(metric ? 1 : 0); }

void TransferView::setLogX(bool log)
{
    if (m_logX->isChecked() != log)
        m_logX->setChecked(log); // re-enters through toggled
    m_curves->setLogX(log);
    m_gapChart->setLogX(log);
    redraw();
}

void TransferView::setGapLoss(double trainLoss)
{
    m_at->setText(std::isfinite(trainLoss) ? QLocale::c().toString(trainLoss, 'g', 12) : QString());
    redraw();
}

QStringList TransferView::tasks() const
{
    QStringList names;
    for (int i = 0; i < m_task->count(); ++i)
        names << m_task->itemText(i);
    return names;
}

void TransferView::updateTasks()
{
    // The tasks of the first multi-task run (baselines have the same heads).
    QStringList names;
    for (const RunHistoryPtr& run : m_runs)
        if (run && (names.isEmpty() || baselineTask(*run) < 0) && run->taskCount() > 0) {
            names = run->taskNames();
            if (baselineTask(*run) < 0)
                break;
        }
    if (names == tasks())
        return;
    const QString current = m_task->currentText();
    const QSignalBlocker block(m_task);
    m_task->clear();
    m_task->addItems(names);
    m_task->setCurrentIndex(std::max(0, static_cast<int>(names.indexOf(current))));
}

void TransferView::redraw()
{
    markDrawn(m_runs + m_available);
    updateTasks();
    m_gaps.clear();
    const int task = m_task->currentIndex();
    const bool metric = m_kind->currentIndex() == 1;
    const bool logX = m_logX->isChecked();
    bool atOk = false;
    const double chosen = QLocale::c().toDouble(m_at->text().trimmed(), &atOk);

    QList<RunHistoryPtr> multi;
    for (const RunHistoryPtr& run : m_runs)
        if (run && baselineTask(*run) < 0)
            multi.append(run);

    QList<ChartSeries> curves, gapSeries;
    QList<RunHistoryPtr> drawnBaselines;
    QStringList lines;
    double low = std::numeric_limits<double>::infinity(), high = -low;
    bool higherIsBetter = false;
    QString valueName = tr("validation loss");
    for (int i = 0; task >= 0 && i < multi.size(); ++i) {
        const RunHistory& run = *multi[i];
        const QColor color = style::runColor(run, i);
        if (metric && !run.metricName(task).isEmpty())
            valueName = tr("validation %1").arg(run.metricName(task));
        higherIsBetter = metric && run.metricHigherIsBetter(task);
        Gap gap;
        gap.run = run.name();
        const std::optional<analysis::EqualLossCurve> mt = equalLossCurve(run, task, metric);
        if (!mt) {
            lines << tr("%1: no checkpoints with both training and validation loss (data problems only)").arg(run.name());
            m_gaps.append(gap);
            continue;
        }
        curves.append({ QStringLiteral("MT: ") + run.name(), color, ChartSeries::Kind::Line, Qt::SolidLine, 2.0, 8,
            QScatterSeries::MarkerShapeCircle, true, envelopePoints(*mt), {} });
        curves.append(checkpointMarkers(run, task, metric, color));
        const RunHistoryPtr baseline = findBaseline(run, task, m_runs, m_available, &gap.exactBaseline);
        if (!baseline) {
            lines << tr("%1: no single-task baseline for task '%2' (Run > Single-task baselines)").arg(run.name(), m_task->currentText());
            m_gaps.append(gap);
            continue;
        }
        gap.baseline = baseline->name();
        const std::optional<analysis::EqualLossCurve> st = equalLossCurve(*baseline, task, metric);
        if (st && !drawnBaselines.contains(baseline)) {
            const Qt::PenStyle pen = style::runPenStyle(static_cast<int>(drawnBaselines.size()) + 1);
            curves.append({ QStringLiteral("ST: ") + baseline->name(), baselineColor, ChartSeries::Kind::Line, pen, 2.0, 8,
                QScatterSeries::MarkerShapeCircle, true, envelopePoints(*st), {} });
            curves.append(checkpointMarkers(*baseline, task, metric, baselineColor));
            drawnBaselines.append(baseline);
        }
        if (!st) {
            lines << tr("%1: the baseline %2 has no checkpoints yet").arg(run.name(), baseline->name());
            m_gaps.append(gap);
            continue;
        }
        gap.low = std::max(st->minimumLoss(), mt->minimumLoss());
        gap.high = std::min(st->maximumLoss(), mt->maximumLoss());
        const analysis::GapCurve curve = analysis::generalizationGap(*st, *mt, gridPoints, logX);
        if (curve.empty()) {
            lines << tr("%1: the runs reach no common training loss yet").arg(run.name());
            m_gaps.append(gap);
            continue;
        }
        ChartSeries g { run.name() + QStringLiteral(" - ST"), color, ChartSeries::Kind::Line, Qt::SolidLine, 2.0, 8,
            QScatterSeries::MarkerShapeCircle, true, {}, {} };
        for (std::size_t k = 0; k < curve.trainLoss.size(); ++k)
            g.points.append({ curve.trainLoss[k], curve.gap[k] });
        gapSeries.append(g);
        low = std::min(low, gap.low);
        high = std::max(high, gap.high);
        gap.trainLoss = atOk ? chosen : gap.low;
        gap.gap = analysis::gapAt(*st, *mt, gap.trainLoss);
        if (std::isfinite(gap.gap)) {
            ChartSeries marker { run.name() + QStringLiteral(" at ") + number(gap.trainLoss), color, ChartSeries::Kind::Scatter,
                Qt::SolidLine, 1, 10, QScatterSeries::MarkerShapeRectangle, false, { QPointF(gap.trainLoss, gap.gap) }, {} };
            gapSeries.append(marker);
            const bool better = higherIsBetter ? gap.gap > 0 : gap.gap < 0;
            lines << tr("%1 vs %2: gap %3 at training loss %4 (%5)%6")
                         .arg(run.name(), baseline->name(), number(gap.gap), number(gap.trainLoss),
                             gap.gap == 0 ? tr("equal") : better ? tr("MT generalizes better") : tr("ST generalizes better"),
                             gap.exactBaseline ? QString() : tr("; the baseline's set-up differs"));
        } else {
            lines << tr("%1: training loss %2 is outside the common range [%3, %4]")
                         .arg(run.name(), number(gap.trainLoss), number(gap.low), number(gap.high));
        }
        // Optimization next to generalization: how far MT's training lags ST's (Mueller et al.).
        lines << slowdownText(run, *baseline, task);
        m_gaps.append(gap);
    }
    if (multi.isEmpty()) {
        // Only baselines shown: draw them, so the selection still shows something useful.
        int k = 0;
        for (const RunHistoryPtr& run : m_runs)
            if (task >= 0 && run && baselineTask(*run) >= 0)
                if (const auto st = equalLossCurve(*run, task, metric))
                    curves.append({ QStringLiteral("ST: ") + run->name(), style::runColor(k++), ChartSeries::Kind::Line,
                        Qt::SolidLine, 2.0, 8, QScatterSeries::MarkerShapeCircle, true, envelopePoints(*st), {} });
        lines << tr("Select a multi-task run (its single-task baselines are found among all runs).");
    }
    // Without a single gap curve the figure is not an ST-vs-MT comparison (at most some curves
    // on empty gap axes): exporters skip it and say why instead of writing empty axes.
    m_blocker.clear();
    if (gapSeries.isEmpty()) {
        if (task < 0)
            lines << tr("No run with tasks is shown.");
        m_blocker = tr("nothing to compare: %1").arg(lines.join(QStringLiteral("; ")));
    }
    if (std::isfinite(low))
        gapSeries.append({ tr("zero"), QColor(150, 150, 150), ChartSeries::Kind::Line, Qt::DotLine, 1.0, 8,
            QScatterSeries::MarkerShapeCircle, false, { QPointF(low, 0), QPointF(high, 0) }, {} });

    const QString taskName = m_task->currentText();
    m_curves->setChartTitle(tr("Task %1: %2 against training loss").arg(taskName, valueName));
    m_curves->setAxisTitles(tr("training loss (fixed training subset)"), valueName);
    m_curves->setSeries(curves);
    const QString sign = higherIsBetter ? tr("above 0: MT better") : tr("below 0: MT better");
    QString gapTitle = tr("Gap at equal training loss, MT - ST (%1)").arg(sign);
    if (m_gaps.size() == 1 && std::isfinite(m_gaps.front().gap))
        gapTitle += tr("; %1 at %2").arg(number(m_gaps.front().gap), number(m_gaps.front().trainLoss));
    m_gapChart->setChartTitle(gapTitle);
    m_gapChart->setAxisTitles(tr("training loss (fixed training subset)"), tr("MT - ST"));
    m_gapChart->setSeries(gapSeries);
    m_summary->setText(lines.join(QLatin1Char('\n')));
}

bool TransferView::exportFigure(const QString& path, const ExportOptions& options, QString* error)
{
    return FigureExporter::exportFigure(path, options,
        [this](QPainter& p, const QRectF& rect) { paintChartGrid(p, rect, { m_curves, m_gapChart }, 1); }, error);
}

bool TransferView::exportCsv(const QString& path, QString* error)
{
    CsvTable table(chartCsvHeader());
    appendChartRows(table, *m_curves, QStringLiteral("validation_vs_training_loss"));
    appendChartRows(table, *m_gapChart, QStringLiteral("gap_mt_minus_st"));
    // The status lines too: they give the gap's verdict, or why nothing is drawn (no baseline, a
    // problem without a validation split), so the file never silently comes out empty.
    for (const QString& line : m_summary->text().split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        table.addRow({ QStringLiteral("note"), line, QString(), QString() });
    return table.save(path, error);
}

} // namespace mtw::gui
