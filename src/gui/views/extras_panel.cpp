#include "gui/views/extras_panel.h"

#include "gui/charts/chart_panel.h"
#include "gui/charts/legend_strip.h"
#include "gui/views/chart_csv.h"
#include "gui/views/factored_legend.h"
#include "gui/views/view_style.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace mtw::gui {

namespace {

QString familyText(const ExtraFamily& f)
{
    if (f.kind == ExtraFamily::Kind::Single)
        return f.name;
    return QStringLiteral("%1 (%2)").arg(f.name).arg(f.members.size());
}

} // namespace

ExtrasPanel::ExtrasPanel(QWidget* parent)
    : QWidget(parent)
    , m_selector(new QComboBox)
    , m_note(new QLabel)
    , m_chart(new ChartPanel)
{
    m_selector->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_selector->setToolTip(tr("Numbers the method or the training mode records every step, grouped by name prefix"));
    m_note->setStyleSheet(QStringLiteral("color: gray"));
    m_chart->setAxisTitles(tr("step"), tr("value"));
    m_chart->setMinimumHeight(180);
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Run extras:")));
    top->addWidget(m_selector);
    top->addWidget(m_note, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_chart, 1);
    connect(m_selector, &QComboBox::activated, this, [this](int index) {
        m_chosen = m_selector->itemData(index).toString();
        m_chart->resetZoom(); // another family has another scale
        drawFamily();
    });
}

void ExtrasPanel::setRuns(const QList<RunHistoryPtr>& runs, const QStringList& labels)
{
    m_runs.clear();
    m_labels.clear();
    for (int r = 0; r < runs.size(); ++r)
        if (runs[r]) {
            m_runs << runs[r];
            m_labels << labels.value(r, runs[r]->name());
        }
    rebuildSelector();
    drawFamily();
}

void ExtrasPanel::rebuildSelector()
{
    // The families of every run's names (a compare of EW and CAGrad runs offers dual_norm).
    int dropped = 0;
    QStringList names;
    for (const RunHistoryPtr& run : std::as_const(m_runs)) {
        dropped += run->extras().droppedNames();
        for (const QString& name : run->extras().names())
            if (!names.contains(name))
                names << name;
    }
    m_note->setText(dropped > 0 ? tr("%1 further names not kept (memory bound)").arg(dropped) : QString());
    const QStringList tasks = m_runs.isEmpty() ? QStringList() : m_runs.first()->taskNames();
    // Live updates usually bring no new names: leave the combo alone (an open popup stays open).
    if (names == m_names && tasks == m_tasks && m_selector->count() == m_families.size())
        return;
    m_names = names;
    m_tasks = tasks;
    m_families = groupExtraFamilies(names, tasks);
    int current = defaultExtraFamily(m_families);
    for (int i = 0; i < m_families.size(); ++i)
        if (m_families[i].name == m_chosen)
            current = i;
    const QSignalBlocker block(m_selector);
    m_selector->clear();
    for (const ExtraFamily& f : m_families)
        m_selector->addItem(familyText(f), f.name);
    m_selector->setCurrentIndex(current);
}

void ExtrasPanel::drawFamily()
{
    const int index = m_selector->currentIndex();
    if (m_runs.isEmpty() || index < 0 || index >= m_families.size()) {
        m_chart->setChartTitle(tr("Run extras"));
        m_chart->setSeries({});
        return;
    }
    const ExtraFamily& f = m_families[index];
    const bool affinity = f.name == QLatin1String("affinity");
    QList<ChartSeries> series;
    QList<LegendEntry> runKeys;
    QString affinityRun;
    for (int r = 0; r < m_runs.size(); ++r) {
        const RunHistory& run = *m_runs[r];
        const int drawnBefore = static_cast<int>(series.size());
        // T^2 affinity lines of several runs cannot be told apart: the first run's only.
        if (affinity && !affinityRun.isEmpty())
            break;
        for (int k = 0; k < f.members.size(); ++k) {
            const DecimatedSeries* values = run.extras().series(f.members[k]);
            if (!values)
                continue;
            ChartSeries s;
            const bool scalar = f.kind == ExtraFamily::Kind::Single;
            s.name = m_runs.size() < 2 || affinity ? f.labels[k]
                : scalar                           ? m_labels[r]
                                                   : m_labels[r] + QStringLiteral(" · ") + f.labels[k];
            // Per-task families keep the task colours of the other charts (a dash per run); the
            // T^2 affinity lines take the source task's colour and a line style per target; a
            // scalar of several runs takes each run's colour.
            const int task = static_cast<int>(run.taskNames().indexOf(f.labels[k]));
            if (affinity && run.taskCount() > 0) {
                s.color = style::taskColor(k / run.taskCount());
                s.style = style::runDash(k % run.taskCount());
            } else if (scalar && m_runs.size() > 1) {
                s.color = style::runColor(run, r);
            } else {
                s.color = style::taskColor(task >= 0 ? task : k);
                s.style = style::runDash(r);
            }
            s.points = values->points();
            series << s;
        }
        if (series.size() > drawnBefore) {
            runKeys.append({ m_labels[r], QColor(70, 70, 70), style::runDash(r) });
            if (affinity)
                affinityRun = m_labels[r];
        }
    }
    // Beyond a dozen names (T^2 affinities, per-task families of several runs) the legend no longer
    // fits the panel: the affinities leave it out and say how to read the lines instead, a
    // per-task family lists its members' colours and its runs' dashes.
    const bool crowded = series.size() > 12;
    if (crowded && !affinity && runKeys.size() > 1 && f.kind != ExtraFamily::Kind::Single) {
        QList<LegendEntry> keys;
        for (int k = 0; k < f.labels.size(); ++k) {
            const int task = static_cast<int>(m_runs.first()->taskNames().indexOf(f.labels[k]));
            keys.append({ f.labels[k], style::taskColor(task >= 0 ? task : k), Qt::SolidLine });
        }
        factorLegend(series, keys + runKeys);
    } else {
        for (ChartSeries& s : series)
            s.inLegend = !crowded;
    }
    QString title = f.kind == ExtraFamily::Kind::Single ? f.name : tr("%1 per task").arg(f.name);
    if (affinity)
        title = crowded ? tr("affinity A[s,t]: colour = source s, line style = target t")
                        : tr("affinity A[s,t] per task pair");
    if (affinity && m_runs.size() > 1)
        title += QStringLiteral(": ") + affinityRun;
    // Without a legend the hover tooltip (series name and value) is how a line is identified.
    m_chart->setToolTip(crowded ? tr("Hover a line for its source → target pair") : QString());
    m_chart->setChartTitle(title);
    m_chart->setAxisTitles(tr("step"), f.name);
    m_chart->setSeries(series);
}

QStringList ExtrasPanel::familyNames() const
{
    QStringList out;
    for (const ExtraFamily& f : m_families)
        out << f.name;
    return out;
}

QString ExtrasPanel::currentFamily() const
{
    return m_selector->currentData().toString();
}

void ExtrasPanel::setCurrentFamily(const QString& name)
{
    const int index = m_selector->findData(name);
    if (index < 0)
        return;
    m_selector->setCurrentIndex(index);
    m_chosen = name;
    m_chart->resetZoom();
    drawFamily();
}

void ExtrasPanel::appendCsvRows(CsvTable& table) const
{
    if (hasExtras())
        appendChartRows(table, *m_chart, QStringLiteral("extras:") + currentFamily());
}

} // namespace mtw::gui
