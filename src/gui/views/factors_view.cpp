#include "gui/views/factors_view.h"

#include "gui/charts/chart_panel.h"
#include "gui/export/figure_exporter.h"
#include "gui/views/chart_csv.h"
#include "gui/views/transfer_curves.h"
#include "gui/views/view_style.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>
#include <algorithm>
#include <optional>

namespace mtw::gui {

namespace {
constexpr int gridPoints = 60;
const QColor baselineColor(40, 40, 40);

QString number(double x)
{
    return QLocale::c().toString(x, 'g', 4);
}

QString factorLabel(const QString& name)
{
    if (name == QLatin1String("sharpness"))
        return QObject::tr("sharpness (top Hessian eigenvalue)");
    if (name.startsWith(QLatin1String("sam@")))
        return QObject::tr("SAM sharpness, rho %1").arg(name.mid(4));
    if (name == QLatin1String("fisher_trace"))
        return QObject::tr("Fisher information trace");
    if (name == QLatin1String("coherence"))
        return QObject::tr("per-example gradient coherence");
    if (name == QLatin1String("noise_scale"))
        return QObject::tr("gradient noise scale B_simple");
    if (name == QLatin1String("within_task_cosine"))
        return QObject::tr("within-task gradient cosine");
    if (name == QLatin1String("gradient_norm"))
        return QObject::tr("gradient norm");
    return name;
}

// The y-axis title: short enough for a small plot's height (the chart title has the long label).
QString factorAxisLabel(const QString& name)
{
    if (name.startsWith(QLatin1String("sam@")))
        return QObject::tr("SAM sharpness");
    if (name == QLatin1String("fisher_trace"))
        return QObject::tr("Fisher trace");
    return QString(name).replace(QLatin1Char('_'), QLatin1Char(' '));
}

// The run's measurements of one factor as (training loss, value) in step order, non-finite ones
// left out (a factor that failed at a step, or a loss not measured).
struct Measured {
    std::vector<double> loss, value;
};
Measured measured(const RunHistory& run, const QString& factor, int task)
{
    Measured m;
    for (const FactorPoint& p : run.factors().points(factor, task))
        if (std::isfinite(p.trainLoss) && std::isfinite(p.value)) {
            m.loss.push_back(p.trainLoss);
            m.value.push_back(p.value);
        }
    return m;
}

ChartSeries trajectory(const QString& name, const Measured& m, const QColor& color, Qt::PenStyle pen)
{
    ChartSeries s { name, color, ChartSeries::Kind::Line, pen, 1.8, 8, QScatterSeries::MarkerShapeCircle, true, {},
        {} };
    for (std::size_t i = 0; i < m.loss.size(); ++i)
        s.points.append({ m.loss[i], m.value[i] });
    return s;
}

ChartSeries markers(const QString& name, const Measured& m, const QColor& color)
{
    ChartSeries s = trajectory(name + QStringLiteral(" (measurements)"), m, color, Qt::SolidLine);
    s.kind = ChartSeries::Kind::Scatter;
    s.markerSize = 6;
    s.inLegend = false;
    return s;
}
} // namespace

FactorsView::FactorsView(QWidget* parent)
    : RunView(parent)
    , m_factorChart(new ChartPanel)
    , m_differenceChart(new ChartPanel)
    , m_task(new QComboBox)
    , m_factor(new QComboBox)
    , m_logX(new QCheckBox(tr("Log training loss")))
    , m_logY(new QCheckBox(tr("Log factor")))
    , m_summary(new QLabel)
{
    m_task->setMinimumContentsLength(12);
    m_factor->setMinimumContentsLength(24);
    m_logX->setChecked(true);
    m_factorChart->setLogX(true);
    m_differenceChart->setLogX(true);
    m_logY->setToolTip(tr("Logarithmic factor axis (values <= 0 are not drawn and counted in the title)"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* reset = new QPushButton(tr("Reset zoom"));
    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Task")));
    controls->addWidget(m_task);
    controls->addSpacing(12);
    controls->addWidget(new QLabel(tr("Factor")));
    controls->addWidget(m_factor);
    controls->addSpacing(12);
    controls->addWidget(m_logX);
    controls->addWidget(m_logY);
    controls->addStretch(1);
    controls->addWidget(reset);
    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_factorChart);
    splitter->addWidget(m_differenceChart);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(m_summary);
    layout->addWidget(splitter, 1);

    connect(m_task, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
    connect(m_factor, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
    connect(m_logX, &QCheckBox::toggled, this, &FactorsView::setLogX);
    connect(m_logY, &QCheckBox::toggled, this, &FactorsView::setLogY);
    connect(reset, &QPushButton::clicked, this, [this] {
        m_factorChart->resetZoom();
        m_differenceChart->resetZoom();
    });
    redraw();
}

void FactorsView::setRuns(const QList<RunHistoryPtr>& runs)
{
    m_runs = runs;
    redraw();
}

void FactorsView::setAvailableRuns(const QList<RunHistoryPtr>& runs)
{
    m_available = runs;
    redraw();
}

void FactorsView::refresh()
{
    if (changedSinceDrawn(m_runs + m_available))
        redraw();
}

void FactorsView::setTask(int task)
{
    m_task->setCurrentIndex(task);
}

void FactorsView::setFactor(const QString& name)
{
    m_factor->setCurrentIndex(std::max(0, m_factor->findData(name)));
}

void FactorsView::setLogX(bool log)
{
    if (m_logX->isChecked() != log)
        m_logX->setChecked(log); // re-enters through toggled
    m_factorChart->setLogX(log);
    m_differenceChart->setLogX(log);
    redraw();
}

void FactorsView::setLogY(bool log)
{
    if (m_logY->isChecked() != log)
        m_logY->setChecked(log);
    m_factorChart->setLogY(log);
    redraw();
}

QStringList FactorsView::factors() const
{
    QStringList names;
    for (int i = 0; i < m_factor->count(); ++i)
        names << m_factor->itemData(i).toString();
    return names;
}

void FactorsView::updateChoices()
{
    QStringList tasks, names;
    for (const RunHistoryPtr& run : m_runs) {
        if (!run)
            continue;
        if (tasks.isEmpty() || baselineTask(*run) < 0)
            tasks = run->taskNames();
        for (const QString& name : run->factors().names())
            // Not factors: the per-step similarity, and what the sharpness estimate cost.
            if (!names.contains(name) && name != QLatin1String("magnitude_similarity")
                && !name.endsWith(QLatin1String("_products")))
                names << name;
    }
    names.sort();
    if (!tasks.isEmpty())
        tasks << tr("total (sum of the task losses)");
    const auto refill = [](QComboBox* box, const QStringList& labels, const QStringList& keys) {
        QStringList current;
        for (int i = 0; i < box->count(); ++i)
            current << box->itemData(i).toString();
        if (current == keys)
            return;
        const QString selected = box->currentData().toString();
        const QSignalBlocker block(box);
        box->clear();
        for (int i = 0; i < labels.size(); ++i)
            box->addItem(labels[i], keys[i]);
        box->setCurrentIndex(std::max(0, static_cast<int>(keys.indexOf(selected))));
    };
    QStringList taskKeys;
    for (int i = 0; i < tasks.size(); ++i)
        taskKeys << QString::number(i);
    refill(m_task, tasks, taskKeys);
    QStringList labels;
    for (const QString& name : names)
        labels << factorLabel(name);
    refill(m_factor, labels, names);
}

void FactorsView::redraw()
{
    markDrawn(m_runs + m_available);
    updateChoices();
    m_differences.clear();
    const QString factor = m_factor->currentData().toString();
    const int taskCount = std::max(0, m_task->count() - 1);
    const int task = m_task->currentIndex() == taskCount ? -1 : m_task->currentIndex();
    QList<ChartSeries> curves, differences;
    QStringList lines;
    QList<RunHistoryPtr> drawnBaselines;
    int colourIndex = 0;
    for (const RunHistoryPtr& runPtr : m_runs) {
        if (!runPtr || factor.isEmpty())
            continue;
        const RunHistory& run = *runPtr;
        const bool isBaseline = baselineTask(run) >= 0;
        // A shown baseline belongs on the chart of the task it trains alone, nowhere else.
        if (isBaseline && (drawnBaselines.contains(runPtr) || baselineTask(run) != task))
            continue;
        const Measured mt = measured(run, factor, task);
        const QColor color = isBaseline ? baselineColor : style::runColor(run, colourIndex);
        if (!isBaseline)
            ++colourIndex;
        if (mt.loss.empty()) {
            lines << tr("%1: no '%2' measurements for this task (diagnostics.factors)").arg(run.name(), factor);
            continue;
        }
        const QString prefix = isBaseline ? QStringLiteral("ST: ") : QStringLiteral("MT: ");
        curves << trajectory(prefix + run.name(), mt, color, isBaseline ? Qt::DashLine : Qt::SolidLine)
               << markers(prefix + run.name(), mt, color);
        if (isBaseline) {
            drawnBaselines.append(runPtr);
            continue;
        }
        if (task < 0)
            continue;
        Difference d;
        d.run = run.name();
        const RunHistoryPtr baseline = findBaseline(run, task, m_runs, m_available);
        if (!baseline) {
            lines << tr("%1: no single-task baseline for task '%2' (Run > Single-task baselines)")
                         .arg(run.name(), m_task->currentText());
            m_differences.append(d);
            continue;
        }
        d.baseline = baseline->name();
        const Measured st = measured(*baseline, factor, task);
        if (!drawnBaselines.contains(baseline) && !st.loss.empty()) {
            curves << trajectory(QStringLiteral("ST: ") + baseline->name(), st, baselineColor, Qt::DashLine)
                   << markers(QStringLiteral("ST: ") + baseline->name(), st, baselineColor);
            drawnBaselines.append(baseline);
        }
        if (st.loss.empty()) {
            lines << tr("%1: its baseline %2 has no '%3' measurements").arg(run.name(), baseline->name(), factor);
            m_differences.append(d);
            continue;
        }
        const analysis::EqualLossCurve stCurve(st.loss, st.value), mtCurve(mt.loss, mt.value);
        const analysis::GapCurve curve = analysis::generalizationGap(stCurve, mtCurve, gridPoints, m_logX->isChecked());
        if (curve.empty()) {
            lines << tr("%1 and %2 reach no common training loss yet").arg(run.name(), baseline->name());
            m_differences.append(d);
            continue;
        }
        ChartSeries g { run.name() + QStringLiteral(" - ST"), color, ChartSeries::Kind::Line, Qt::SolidLine, 2.0, 8,
            QScatterSeries::MarkerShapeCircle, true, {}, {} };
        for (std::size_t k = 0; k < curve.trainLoss.size(); ++k)
            g.points.append({ curve.trainLoss[k], curve.gap[k] });
        differences << g;
        d.trainLoss = curve.trainLoss.back(); // the lowest common training loss
        d.factorDifference = curve.gap.back();
        const std::optional<analysis::EqualLossCurve> mtGap = equalLossCurve(run, task, false);
        const std::optional<analysis::EqualLossCurve> stGap = equalLossCurve(*baseline, task, false);
        if (mtGap && stGap)
            d.gap = analysis::gapAt(*stGap, *mtGap, d.trainLoss);
        lines << tr("%1 vs %2 at training loss %3: %4 MT - ST = %5; generalization gap (validation loss) %6")
                     .arg(run.name(), baseline->name(), number(d.trainLoss), factor, number(d.factorDifference),
                         std::isfinite(d.gap) ? number(d.gap) : tr("not available there"));
        lines << slowdownText(run, *baseline, task);
        m_differences.append(d);
    }
    m_blocker.clear();
    if (curves.isEmpty()) {
        if (factor.isEmpty())
            lines << tr("No shown run has trajectory factors: set diagnostics.factors.every in the experiment "
                        "(`mtw-cli run --list-diagnostics` lists them).");
        m_blocker = tr("nothing to show: %1").arg(lines.join(QStringLiteral("; ")));
    }
    const QString taskName = m_task->currentText();
    const QString label = factorLabel(factor);
    m_factorChart->setChartTitle(tr("Task %1: %2 against training loss").arg(taskName, label));
    m_factorChart->setAxisTitles(tr("training loss (factor sample)"), factorAxisLabel(factor));
    m_factorChart->setSeries(curves);
    m_differenceChart->setChartTitle(tr("%1 at equal training loss, MT - ST").arg(label));
    m_differenceChart->setAxisTitles(tr("training loss (factor sample)"), tr("MT - ST"));
    m_differenceChart->setSeries(differences);
    m_summary->setText(lines.join(QLatin1Char('\n')));
}

bool FactorsView::exportFigure(const QString& path, const ExportOptions& options, QString* error)
{
    return FigureExporter::exportFigure(
        path, options,
        [this](QPainter& p, const QRectF& rect) {
            paintChartGrid(p, rect, { m_factorChart, m_differenceChart }, 1);
        },
        error);
}

bool FactorsView::exportCsv(const QString& path, QString* error)
{
    CsvTable table(chartCsvHeader());
    appendChartRows(table, *m_factorChart, QStringLiteral("factor_vs_training_loss"));
    appendChartRows(table, *m_differenceChart, QStringLiteral("factor_mt_minus_st"));
    for (const QString& line : m_summary->text().split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        table.addRow({ QStringLiteral("note"), line, QString(), QString() });
    return table.save(path, error);
}

} // namespace mtw::gui
