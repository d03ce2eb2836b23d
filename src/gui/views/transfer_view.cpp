#include "gui/views/transfer_view.h"

#include "gui/charts/chart_panel.h"
#include "gui/export/figure_exporter.h"
#include "gui/views/chart_csv.h"
#include "gui/views/transfer_comparison.h"
#include "gui/views/transfer_curves.h"

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

namespace mtw::gui {

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

void TransferView::setTask(int task)
{
    m_task->setCurrentIndex(task);
}

void TransferView::setValidationMetric(bool metric)
{
    m_kind->setCurrentIndex(metric ? 1 : 0);
}

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
    TransferRequest request;
    request.task = m_task->currentIndex();
    request.taskName = m_task->currentText();
    request.metric = m_kind->currentIndex() == 1;
    request.logX = m_logX->isChecked();
    bool atOk = false;
    const double at = QLocale::c().toDouble(m_at->text().trimmed(), &atOk);
    request.at = atOk ? at : NAN;
    const TransferComparison comparison = buildTransferComparison(m_runs, m_available, request);
    m_gaps = comparison.gaps;
    m_blocker = comparison.blocker;

    m_curves->setChartTitle(tr("Task %1: %2 against training loss").arg(request.taskName, comparison.valueName));
    m_curves->setAxisTitles(tr("training loss (fixed training subset)"), comparison.valueName);
    m_curves->setSeries(comparison.curves);
    const QString sign = comparison.higherIsBetter ? tr("above 0: MT better") : tr("below 0: MT better");
    QString gapTitle = tr("Gap at equal training loss, MT - ST (%1)").arg(sign);
    if (m_gaps.size() == 1 && std::isfinite(m_gaps.front().gap))
        gapTitle += tr("; %1 at %2")
                        .arg(QLocale::c().toString(m_gaps.front().gap, 'g', 4),
                            QLocale::c().toString(m_gaps.front().trainLoss, 'g', 4));
    m_gapChart->setChartTitle(gapTitle);
    m_gapChart->setAxisTitles(tr("training loss (fixed training subset)"), tr("MT - ST"));
    m_gapChart->setSeries(comparison.gapSeries);
    m_summary->setText(comparison.lines.join(QLatin1Char('\n')));
}

bool TransferView::exportFigure(const QString& path, const ExportOptions& options, QString* error)
{
    return FigureExporter::exportFigure(
        path, options,
        [this](QPainter& p, const QRectF& rect) {
            paintChartGrid(p, rect, { m_curves, m_gapChart }, 1);
        },
        error);
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
