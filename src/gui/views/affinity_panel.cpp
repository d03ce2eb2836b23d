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

// "t: s (+0.31)" lines: the source whose look-ahead step lowers task t's loss the most.
QString describeHelpers(const Eigen::MatrixXd& z, const QStringList& taskNames)
{
    QStringList lines;
    for (Eigen::Index t = 0; t < z.cols(); ++t) {
        Eigen::Index best = -1;
        for (Eigen::Index s = 0; s < z.rows(); ++s)
            if (s != t && std::isfinite(z(s, t)) && (best < 0 || z(s, t) > z(best, t)))
                best = s;
        if (best >= 0)
            lines << QStringLiteral("%1: %2 (%3)")
                         .arg(taskNames.value(static_cast<qsizetype>(t)), taskNames.value(static_cast<qsizetype>(best)))
                         .arg(QString::asprintf("%+.3g", z(best, t)));
    }
    return lines.join(QLatin1Char('\n'));
}

QString titleOf(AffinityKind kind)
{
    switch (kind) {
    case AffinityKind::Lookahead:
        return AffinityPanel::tr("TAG look-ahead affinity Z(s \u2192 t)");
    case AffinityKind::OptimizerLookahead:
        return AffinityPanel::tr("Optimizer-consistent look-ahead affinity Z(s \u2192 t)");
    case AffinityKind::Proximal:
        break;
    }
    return AffinityPanel::tr("Proximal inter-task affinity A[s,t]");
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

void AffinityPanel::setSample(
    long long step, const AffinitySample& sample, const QStringList& taskNames, AffinityKind kind)
{
    m_kind = kind;
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
    const bool proximal = kind == AffinityKind::Proximal;
    m_heatmap->setTitle(titleOf(kind));
    m_heatmap->setColorBarTitle(proximal ? tr("A[s,t], scale ±%1").arg(m_scale, 0, 'g', 3)
                                         : tr("Z(s\u2192t) / lr, scale ±%1").arg(m_scale, 0, 'g', 3));
    m_heatmap->setMatrix(sample.affinity, taskNames, taskNames);
    m_groups->setToolTip(proximal ? tr("Task groups of the shown step: each group is updated on its own summed loss")
                                  : tr("For each task t, the task s whose look-ahead step lowers t's loss the most"));
    // On screen the text reads at a glance: a bold heading, one larger line per group or task.
    const QStringList lines = groupsText().split(QLatin1Char('\n'));
    QString html = QStringLiteral("<p style='font-size:11pt'><b>%1</b></p>").arg(lines.first().toHtmlEscaped());
    html += lines.size() < 2 ? QString()
                             : QStringLiteral("<p style='font-size:11pt'>%1</p>")
                                   .arg(lines.mid(1)
                                            .join(QLatin1Char('\n'))
                                            .toHtmlEscaped()
                                            .replace(QLatin1Char('\n'), QStringLiteral("<br>")));
    m_groups->setText(html);
}

void AffinityPanel::clear()
{
    m_step = -1;
    m_scale = 0;
    m_sample = {};
    m_kind = AffinityKind::Proximal;
    m_heatmap->clear();
    m_groups->clear();
}

QString AffinityPanel::groupsText() const
{
    if (m_step < 0)
        return {};
    if (m_kind != AffinityKind::Proximal) {
        const QString helpers = describeHelpers(m_sample.affinity, m_taskNames);
        return helpers.isEmpty() ? tr("No look-ahead at step %1").arg(m_step)
                                 : tr("Strongest helper at step %1\n%2").arg(m_step).arg(helpers);
    }
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
    const QString chart = m_kind == AffinityKind::Lookahead ? QStringLiteral("tag_affinity")
        : m_kind == AffinityKind::OptimizerLookahead        ? QStringLiteral("tag_optimizer")
                                                            : QStringLiteral("affinity");
    const Eigen::MatrixXd& a = m_sample.affinity;
    for (Eigen::Index s = 0; s < a.rows(); ++s)
        for (Eigen::Index t = 0; t < a.cols(); ++t)
            table.addRow({ chart,
                m_taskNames.value(static_cast<qsizetype>(s)) + QLatin1Char('>')
                    + m_taskNames.value(static_cast<qsizetype>(t)),
                x, CsvTable::number(a(s, t)) });
    for (Eigen::Index t = 0; t < m_sample.groups.size(); ++t)
        table.addRow({ QStringLiteral("group"), m_taskNames.value(static_cast<qsizetype>(t)), x,
            CsvTable::number(m_sample.groups(t)) });
}

} // namespace mtw::gui
