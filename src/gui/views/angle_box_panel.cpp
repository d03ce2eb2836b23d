#include "gui/views/angle_box_panel.h"

#include "engine/snapshot.h"
#include "engine/stored_conflict.h"
#include "gui/export/csv_table.h"
#include "gui/run_history.h"
#include "gui/views/chart_csv.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QVBoxLayout>
#include <algorithm>

namespace mtw::gui {

QList<ChartSeries> angleBoxSeries(const std::vector<analysis::AngleBox>& boxes)
{
    QList<ChartSeries> series;
    double lastX = 1;
    for (std::size_t b = 0; b < boxes.size(); ++b) {
        const analysis::AngleBox& box = boxes[b];
        const double centre = (box.firstEpoch + box.lastEpoch) / 2.0 + 1.0;
        const double half = 0.35 * (box.lastEpoch - box.firstEpoch + 1);
        lastX = centre + half;
        ChartSeries band;
        band.name = QObject::tr("quartiles");
        band.kind = ChartSeries::Kind::Band;
        band.color = QColor(67, 147, 195, 110);
        band.inLegend = false;
        band.points = { { centre - half, box.upperQuartile }, { centre + half, box.upperQuartile } };
        band.lower = { { centre - half, box.lowerQuartile }, { centre + half, box.lowerQuartile } };
        series.append(band);
        ChartSeries median;
        median.name = QObject::tr("median");
        median.color = QColor(20, 20, 20);
        median.width = 2.2;
        median.inLegend = b == 0;
        median.points = { { centre - half, box.median }, { centre + half, box.median } };
        series.append(median);
        // Each whisker ends in a cap half the box wide: the cap, then back to the middle and on
        // to the box.
        const double cap = half / 2;
        ChartSeries whisker;
        whisker.name = QObject::tr("whiskers: min and max");
        whisker.color = QColor(90, 90, 90);
        whisker.width = 1.2;
        whisker.inLegend = b == 0;
        whisker.points = { { centre - cap, box.minimum }, { centre + cap, box.minimum }, { centre, box.minimum },
            { centre, box.lowerQuartile } };
        series.append(whisker);
        whisker.inLegend = false;
        whisker.points = { { centre, box.upperQuartile }, { centre, box.maximum }, { centre - cap, box.maximum },
            { centre + cap, box.maximum } };
        series.append(whisker);
    }
    if (!boxes.empty()) {
        ChartSeries orthogonal;
        orthogonal.name = QObject::tr("90°: orthogonal; above: conflict");
        orthogonal.color = QColor(178, 24, 43);
        orthogonal.style = Qt::DashLine;
        orthogonal.width = 1.4;
        orthogonal.points = { { 0.5, 90.0 }, { lastX + 0.15, 90.0 } };
        series.append(orthogonal);
    }
    return series;
}

AngleBoxPanel::AngleBoxPanel(QWidget* parent)
    : QWidget(parent)
    , m_source(new QComboBox)
    , m_chart(new ChartPanel)
    , m_caption(new QLabel)
{
    m_chart->setChartTitle(tr("Conflict angles per epoch"));
    m_chart->setAxisTitles(tr("epoch"), tr("angle between task gradients (°)"));
    m_chart->setFixedYRange(std::make_pair(0.0, 180.0));
    m_source->setToolTip(tr("Which cosines give the angles: the whole network's or one shared layer's"));
    m_source->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_caption->setWordWrap(true);
    m_caption->setText(caption());
    auto* choice = new QHBoxLayout;
    choice->addWidget(new QLabel(tr("Angles of")));
    choice->addWidget(m_source);
    choice->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(choice);
    layout->addWidget(m_chart, 1);
    layout->addWidget(m_caption);
    connect(m_source, &QComboBox::activated, this, [this] { redraw(); });
}

QString AngleBoxPanel::caption() const
{
    return tr("Boxes: lower to upper quartile of the pairwise angles acos(cos_ij) over the matrices stored in each "
              "epoch (thinned on long runs); bar: median; whiskers: minimum and maximum.");
}

QString AngleBoxPanel::source() const
{
    return m_source->currentData().toString();
}

void AngleBoxPanel::setSource(const QString& kind)
{
    const int index = m_source->findData(kind);
    if (index >= 0)
        m_source->setCurrentIndex(index);
    redraw();
}

void AngleBoxPanel::setRun(const RunHistory* run)
{
    m_run = run;
    const QString chosen = source();
    const QSignalBlocker block(m_source);
    m_source->clear();
    m_source->addItem(tr("All shared layers"), QString());
    if (run && !run->layerMatrixSamples().isEmpty()) {
        for (const engine::NamedMatrix& m : run->layerMatrixSamples().latest().second)
            if (engine::isLayerCosineKind(m.kind))
                m_source->addItem(
                    QString::fromStdString(engine::conflictKindTitle(m.kind)), QString::fromStdString(m.kind));
    }
    m_source->setCurrentIndex(std::max(0, m_source->findData(chosen)));
    m_source->setEnabled(m_source->count() > 1);
    m_stale = true;
    if (isVisible())
        redraw();
}

void AngleBoxPanel::refreshNow()
{
    if (m_stale)
        redraw();
}

void AngleBoxPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    refreshNow();
}

void AngleBoxPanel::redraw()
{
    m_stale = false;
    m_boxes.clear();
    std::vector<std::pair<int, Eigen::MatrixXd>> matrices;
    const std::string kind = source().toStdString();
    if (m_run) {
        const ThinnedSamples<Eigen::MatrixXd>& cosines = m_run->cosineSamples();
        const ThinnedSamples<std::vector<engine::NamedMatrix>>& more = m_run->layerMatrixSamples();
        for (std::size_t i = 0; i < cosines.size(); ++i) {
            const int epoch = m_run->epochAt(cosines.at(i).first);
            if (kind.empty()) {
                matrices.emplace_back(epoch, cosines.at(i).second);
                continue;
            }
            if (i >= more.size())
                continue;
            for (const engine::NamedMatrix& m : more.at(i).second)
                if (m.kind == kind)
                    matrices.emplace_back(epoch, m.values);
        }
        m_boxes = analysis::angleBoxesPerEpoch(matrices);
    }
    m_chart->setChartTitle(tr("Conflict angles per epoch: %1").arg(m_source->currentText()));
    m_chart->setSeries(angleBoxSeries(m_boxes));
}

void AngleBoxPanel::paint(QPainter& painter, const QRectF& rect)
{
    m_chart->renderTo(painter, paintCaptionLine(painter, rect, caption(), Qt::BottomEdge));
}

void AngleBoxPanel::appendCsvRows(CsvTable& table) const
{
    for (const analysis::AngleBox& box : m_boxes) {
        const QString x = CsvTable::number((box.firstEpoch + box.lastEpoch) / 2.0 + 1.0);
        const std::pair<const char*, double> statistics[]
            = { { "minimum", box.minimum }, { "lower_quartile", box.lowerQuartile }, { "median", box.median },
                  { "upper_quartile", box.upperQuartile }, { "maximum", box.maximum },
                  { "count", static_cast<double>(box.count) }, { "conflict_share", box.conflictShare } };
        for (const auto& [name, value] : statistics)
            table.addRow({ QStringLiteral("angle_box"), QString::fromLatin1(name), x, CsvTable::number(value) });
    }
}

} // namespace mtw::gui
