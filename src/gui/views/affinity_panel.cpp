#include "gui/views/affinity_panel.h"

#include "gui/charts/heatmap_plot.h"
#include "gui/export/csv_table.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <algorithm>
#include <cmath>
#include <map>

namespace mtw::gui {

namespace {

// "G1: a, c" lines, groups numbered from 1 in the engine's order (by their first task).
QString describeGroups(const Eigen::VectorXd& groups, const QStringList& taskNames)
{
    std::map<long long, QStringList> members;
    for (Eigen::Index t = 0; t < groups.size(); ++t)
        if (std::isfinite(groups(t)))
            members[std::llround(groups(t))] << taskNames.value(static_cast<qsizetype>(t), QString::number(t));
    QStringList lines;
    for (const auto& [group, tasks] : members)
        lines << QStringLiteral("G%1: %2").arg(group + 1).arg(tasks.join(QStringLiteral(", ")));
    return lines.join(QLatin1Char('\n'));
}

} // namespace

AffinityPanel::AffinityPanel(QWidget* parent)
    : QWidget(parent)
    , m_heatmap(new HeatmapPlot)
    , m_groups(new QLabel)
{
    m_heatmap->setColormap(Colormap::redBlue());
    m_heatmap->setTitle(tr("Proximal inter-task affinity A[s,t]"));
    m_heatmap->setAxisTitles(tr("target t"), tr("source s"));
    m_heatmap->setCellValueFormat('g', 2);
    m_heatmap->setPlaceholderText(tr("No affinity recorded yet"));
    m_groups->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_groups->setTextFormat(Qt::RichText);
    m_groups->setContentsMargins(8, 28, 8, 8); // level with the heatmap's plot, below its title
    m_groups->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_groups->setMinimumWidth(180);
    m_groups->setToolTip(tr("Task groups of the shown step: each group is updated on its own summed loss"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    // Half and half, so in the Conflict view the heatmap lines up with the cosine one above and
    // the groups read next to it.
    layout->addWidget(m_heatmap, 1);
    layout->addWidget(m_groups, 1);
}

void AffinityPanel::setSample(long long step, const AffinitySample& sample, const QStringList& taskNames)
{
    m_step = step;
    m_sample = sample;
    m_taskNames = taskNames;
    m_scale = 0;
    for (Eigen::Index k = 0; k < sample.affinity.size(); ++k)
        if (std::isfinite(sample.affinity.data()[k]))
            m_scale = std::max(m_scale, std::abs(sample.affinity.data()[k]));
    // A starts at zero: keep a non-empty range so the first steps draw white, not a division by 0.
    const double scale = m_scale > 0 ? m_scale : 1.0;
    m_heatmap->setColorRange(-scale, scale);
    m_heatmap->setColorBarTitle(tr("A[s,t], scale ±max|A| = %1").arg(m_scale, 0, 'g', 3));
    m_heatmap->setMatrix(sample.affinity, taskNames, taskNames);
    // On screen the groups read at a glance: a bold heading, one larger line per group.
    QString html = QStringLiteral("<p style='font-size:11pt'><b>%1</b></p>").arg(tr("Groups at step %1").arg(step).toHtmlEscaped());
    const QString groups = describeGroups(sample.groups, taskNames);
    html += groups.isEmpty() ? tr("<p>none recorded</p>")
                             : QStringLiteral("<p style='font-size:11pt'>%1</p>").arg(groups.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>")));
    m_groups->setText(html);
}

void AffinityPanel::clear()
{
    m_step = -1;
    m_scale = 0;
    m_sample = {};
    m_heatmap->clear();
    m_groups->clear();
}

QString AffinityPanel::groupsText() const
{
    if (m_step < 0)
        return {};
    const QString groups = describeGroups(m_sample.groups, m_taskNames);
    if (groups.isEmpty())
        return tr("No groups recorded at step %1").arg(m_step);
    return tr("Groups at step %1\n%2").arg(m_step).arg(groups);
}

void AffinityPanel::paint(QPainter& painter, const QRectF& rect) const
{
    // The heatmap's plot is square: give it the width that square needs (its margins and colour
    // bar take about 90 px more than the height) and write the groups right after it.
    const double textWidth = std::min(260.0, rect.width() * 0.3);
    const double heatmapWidth = std::min(rect.width() - textWidth, rect.height() + 90);
    m_heatmap->paint(painter, QRectF(rect.left(), rect.top(), heatmapWidth, rect.height()));
    painter.setPen(Qt::black);
    painter.drawText(QRectF(rect.left() + heatmapWidth + 10, rect.top() + 30, textWidth, rect.height() - 30),
        Qt::AlignLeft | Qt::AlignTop, groupsText());
}

void AffinityPanel::appendCsvRows(CsvTable& table) const
{
    if (m_step < 0)
        return;
    const QString x = CsvTable::number(static_cast<double>(m_step));
    const Eigen::MatrixXd& a = m_sample.affinity;
    for (Eigen::Index s = 0; s < a.rows(); ++s)
        for (Eigen::Index t = 0; t < a.cols(); ++t)
            table.addRow({ QStringLiteral("affinity"),
                m_taskNames.value(static_cast<qsizetype>(s)) + QLatin1Char('>') + m_taskNames.value(static_cast<qsizetype>(t)), x,
                CsvTable::number(a(s, t)) });
    for (Eigen::Index t = 0; t < m_sample.groups.size(); ++t)
        table.addRow({ QStringLiteral("group"), m_taskNames.value(static_cast<qsizetype>(t)), x, CsvTable::number(m_sample.groups(t)) });
}

} // namespace mtw::gui
