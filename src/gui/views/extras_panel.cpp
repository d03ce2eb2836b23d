#include "gui/views/extras_panel.h"

#include "gui/charts/chart_panel.h"
#include "gui/views/chart_csv.h"
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

void ExtrasPanel::setRun(const RunHistoryPtr& run)
{
    m_run = run;
    rebuildSelector();
    drawFamily();
}

void ExtrasPanel::rebuildSelector()
{
    const int dropped = m_run ? m_run->extras().droppedNames() : 0;
    m_note->setText(dropped > 0 ? tr("%1 further names not kept (memory bound)").arg(dropped) : QString());
    const QStringList names = m_run ? m_run->extras().names() : QStringList();
    const QStringList tasks = m_run ? m_run->taskNames() : QStringList();
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
    if (!m_run || index < 0 || index >= m_families.size()) {
        m_chart->setChartTitle(tr("Run extras"));
        m_chart->setSeries({});
        return;
    }
    const ExtraFamily& f = m_families[index];
    QList<ChartSeries> series;
    for (int k = 0; k < f.members.size(); ++k) {
        const DecimatedSeries* values = m_run->extras().series(f.members[k]);
        if (!values)
            continue;
        ChartSeries s;
        s.name = f.labels[k];
        // Per-task families keep the task colours of the other charts; the T^2 affinity lines
        // take the source task's colour and a line style per target.
        const int task = static_cast<int>(m_run->taskNames().indexOf(f.labels[k]));
        if (f.name == QLatin1String("affinity") && m_run->taskCount() > 0) {
            s.color = style::taskColor(k / m_run->taskCount());
            s.style = style::runDash(k % m_run->taskCount());
        } else {
            s.color = style::taskColor(task >= 0 ? task : k);
        }
        s.points = values->points();
        series << s;
    }
    // Beyond a dozen names (T^2 affinities) the legend no longer fits the panel and gets cut:
    // leave it out and say how to read the lines instead.
    const bool crowded = series.size() > 12;
    for (ChartSeries& s : series)
        s.inLegend = !crowded;
    QString title = f.kind == ExtraFamily::Kind::Single ? f.name : tr("%1 per task").arg(f.name);
    if (f.name == QLatin1String("affinity"))
        title = crowded ? tr("affinity A[s,t]: colour = source s, line style = target t")
                        : tr("affinity A[s,t] per task pair");
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
