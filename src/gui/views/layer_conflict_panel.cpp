#include "gui/views/layer_conflict_panel.h"

#include "engine/stored_conflict.h"
#include "gui/charts/color_scale.h"
#include "gui/charts/heatmap_plot.h"
#include "gui/export/csv_table.h"
#include "gui/views/chart_csv.h"

#include <QDoubleSpinBox>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPixmap>
#include <QScrollArea>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace mtw::gui {

namespace {

constexpr double scalesHeight = 42, scalesWidth = 560;

// The two shared scales side by side: every cosine heatmap's and the CKA's.
void paintScales(QPainter& painter, const QRectF& rect, bool cka)
{
    const double split = cka ? rect.width() * 0.58 : rect.width();
    paintColorScale(painter, QRectF(rect.left(), rect.top(), split, rect.height()), Colormap::redBlue(), -1, 1,
        { -1, -0.5, 0, 0.5, 1 }, QObject::tr("cosine (red: conflict)"));
    if (cka)
        paintColorScale(painter, QRectF(rect.left() + split + 12, rect.top(), rect.width() - split - 12, rect.height()),
            Colormap::viridis(), 0, 1, { 0, 0.5, 1 }, QObject::tr("linear CKA"));
}

} // namespace

void showCellValuesIfRoom(HeatmapPlot& heatmap, const QRectF& rect)
{
    const Eigen::Index cells = std::max<Eigen::Index>(1, std::max(heatmap.values().rows(), heatmap.values().cols()));
    const double side = heatmap.plotRectFor(rect).width() / static_cast<double>(cells);
    // "-0.53" at 9 pt is about 30 px wide; narrower cells get colours only.
    heatmap.setCellValuesVisible(side >= 36 ? static_cast<int>(cells) : 0);
}

LayerConflictPanel::LayerConflictPanel(QWidget* parent)
    : QWidget(parent)
    , m_scroll(new QScrollArea)
    , m_gridHost(new QWidget)
    , m_grid(new QGridLayout(m_gridHost))
    , m_cka(newHeatmap(false))
    , m_threshold(new QDoubleSpinBox)
    , m_groups(new QLabel)
    , m_scales(new QLabel)
{
    m_cka->setColormap(Colormap::viridis());
    m_cka->setColorRange(0.0, 1.0);
    m_cka->setTitle(tr("CKA of the task heads"));
    m_cka->hide();
    m_threshold->setRange(0.0, 1.0);
    m_threshold->setSingleStep(0.05);
    m_threshold->setDecimals(2);
    m_threshold->setValue(0.80);
    m_threshold->setToolTip(tr("FairBranch's grouping threshold: tasks whose heads' CKA is at least τ share a "
                               "branch (single linkage; Roy et al. 2024 use 0.8 for vision, 0.7 for tabular data)"));
    m_groups->setWordWrap(true);
    m_groups->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setSpacing(2);
    // Heatmaps too small to read scroll instead (12 tasks, 5 layers in a small window).
    m_scroll->setWidget(m_gridHost);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->viewport()->installEventFilter(this);
    updateScales();
    auto* threshold = new QHBoxLayout;
    threshold->addWidget(m_scales);
    threshold->addStretch(1);
    threshold->addWidget(new QLabel(tr("CKA grouping threshold τ")));
    threshold->addWidget(m_threshold);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_scroll, 1);
    layout->addLayout(threshold);
    layout->addWidget(m_groups);
    connect(m_threshold, &QDoubleSpinBox::valueChanged, this, [this] { updateGroups(); });
}

HeatmapPlot* LayerConflictPanel::newHeatmap(bool cosine)
{
    auto* heatmap = new HeatmapPlot(m_gridHost);
    if (cosine) {
        // The whole network's scale: a layer's colours compare with every other layer's.
        heatmap->setColormap(Colormap::redBlue());
        heatmap->setColorRange(-1.0, 1.0);
    }
    // One shared scale under the grid instead of a bar per heatmap (a third of a small panel).
    heatmap->setColorBarVisible(false);
    heatmap->setMinimumSize(120, 120); // arrange() keeps them readable, scrolling if need be
    heatmap->setAxisTitles(tr("task j"), tr("task i"));
    heatmap->installEventFilter(this);
    return heatmap;
}

void LayerConflictPanel::setStep(long long step, const Eigen::MatrixXd& whole,
    const std::vector<engine::NamedMatrix>& more, const QStringList& taskNames)
{
    m_step = step;
    m_taskNames = taskNames;
    QStringList titles { tr("All shared layers") };
    m_kinds = QStringList { QStringLiteral("cosine") };
    std::vector<const Eigen::MatrixXd*> values { &whole };
    const Eigen::MatrixXd* cka = nullptr;
    for (const engine::NamedMatrix& m : more) {
        if (engine::isLayerCosineKind(m.kind)) {
            titles << QString::fromStdString(engine::conflictKindTitle(m.kind));
            m_kinds << QString::fromStdString(m.kind);
            values.push_back(&m.values);
        } else if (m.kind == engine::ckaKind) {
            cka = &m.values;
        }
    }
    const bool reshaped = m_cosines.size() != titles.size() || m_cka->isHidden() == (cka != nullptr);
    while (m_cosines.size() < titles.size())
        m_cosines.append(newHeatmap(true));
    while (m_cosines.size() > titles.size())
        delete m_cosines.takeLast();
    for (qsizetype k = 0; k < titles.size(); ++k) {
        m_cosines[k]->setMatrix(*values[static_cast<std::size_t>(k)], taskNames, taskNames);
        m_cosines[k]->setTitle(titles[k]);
        showCellValuesIfRoom(*m_cosines[k], QRectF(m_cosines[k]->rect()));
    }
    if (cka) {
        m_cka->setMatrix(*cka, taskNames, taskNames);
        showCellValuesIfRoom(*m_cka, QRectF(m_cka->rect()));
    } else {
        m_cka->clear();
    }
    m_cka->setVisible(cka != nullptr);
    if (reshaped) {
        m_columns = 0;
        updateScales();
    }
    arrange();
    updateGroups();
}

void LayerConflictPanel::clear()
{
    m_step = -1;
    qDeleteAll(m_cosines);
    m_cosines.clear();
    m_kinds.clear();
    m_cka->clear();
    m_cka->hide();
    m_columns = 0;
    updateGroups();
    updateScales();
}

void LayerConflictPanel::updateScales()
{
    QPixmap pixmap(QSize(static_cast<int>(hasCka() ? scalesWidth : scalesWidth * 0.58), static_cast<int>(scalesHeight))
        * devicePixelRatioF());
    pixmap.setDevicePixelRatio(devicePixelRatioF());
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setFont(font());
    paintScales(painter, QRectF(0, 0, pixmap.deviceIndependentSize().width(), scalesHeight), hasCka());
    m_scales->setPixmap(pixmap);
}

// Panels big enough for the heatmap's row labels and a cell of 15 px per task (a label's height).
QSizeF LayerConflictPanel::minimumPanelSize() const
{
    if (m_cosines.isEmpty())
        return { 200, 200 };
    const HeatmapPlot& first = *m_cosines.first();
    const QRectF big(0, 0, 2000, 2000);
    const QRectF plot = first.plotRectFor(big);
    const double side = std::max(110.0, 15.0 * static_cast<double>(first.values().rows()));
    return { plot.left() + side + (big.right() - plot.right()), plot.top() + side + 52 };
}

bool LayerConflictPanel::hasCka() const
{
    return m_cka->hasData();
}

QList<HeatmapPlot*> LayerConflictPanel::shownHeatmaps() const
{
    QList<HeatmapPlot*> shown = m_cosines;
    if (hasCka())
        shown.append(m_cka);
    return shown;
}

// Resizing a heatmap decides again whether its cells can hold their values.
bool LayerConflictPanel::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::Resize) {
        if (auto* heatmap = qobject_cast<HeatmapPlot*>(watched))
            showCellValuesIfRoom(*heatmap, QRectF(heatmap->rect()));
        else if (watched == m_scroll->viewport())
            arrange();
    }
    return QWidget::eventFilter(watched, event);
}

// The column count that gives every heatmap the most room in the visible area (a wide window
// gets one row, a tall one a column); when even that is too small to read, as many columns of
// readable panels as fit and the rows scroll.
void LayerConflictPanel::arrange()
{
    const QList<HeatmapPlot*> shown = shownHeatmaps();
    const int count = static_cast<int>(shown.size());
    const QSizeF least = minimumPanelSize();
    const QSize room = m_scroll->viewport()->size();
    const PanelGridLayout fit
        = panelGridLayout(count, std::max(1, room.width()), std::max(1, room.height()), least.width(), least.height());
    int columns = fit.columns, height = 0;
    if (!fit.readable()) {
        columns = std::clamp(static_cast<int>(room.width() / least.width()), 1, std::max(1, count));
        height = static_cast<int>(std::ceil(least.height() * ((count + columns - 1) / columns)));
    }
    m_gridHost->setMinimumHeight(height);
    if (columns == m_columns)
        return;
    m_columns = columns;
    for (HeatmapPlot* heatmap : shown)
        m_grid->removeWidget(heatmap);
    for (int r = 0; r < m_grid->rowCount(); ++r)
        m_grid->setRowStretch(r, 0);
    for (int c = 0; c < m_grid->columnCount(); ++c)
        m_grid->setColumnStretch(c, 0);
    for (qsizetype k = 0; k < shown.size(); ++k) {
        const int row = static_cast<int>(k) / columns, column = static_cast<int>(k) % columns;
        m_grid->addWidget(shown[k], row, column);
        m_grid->setRowStretch(row, 1);
        m_grid->setColumnStretch(column, 1);
    }
}

QString LayerConflictPanel::groupsText() const
{
    if (!hasCka())
        return {};
    const double tau = m_threshold->value();
    std::vector<std::string> names;
    for (const QString& name : m_taskNames)
        names.push_back(name.toStdString());
    return tr("FairBranch groups at τ = %1: %2")
        .arg(tau, 0, 'f', 2)
        .arg(QString::fromStdString(engine::taskGroupsText(m_cka->values(), tau, names)));
}

void LayerConflictPanel::updateGroups()
{
    m_groups->setText(groupsText());
}

PanelGridLayout LayerConflictPanel::paint(QPainter& painter, const QRectF& rect)
{
    const QList<HeatmapPlot*> shown = shownHeatmaps();
    const QString groups = groupsText();
    QRectF grid = groups.isEmpty() ? rect : paintCaptionLine(painter, rect, groups, Qt::BottomEdge);
    grid.setBottom(grid.bottom() - scalesHeight);
    paintScales(painter, QRectF(grid.left() + 8, grid.bottom(), std::min(scalesWidth, grid.width() - 16), scalesHeight),
        hasCka());
    const QSizeF least = minimumPanelSize();
    const PanelGridLayout fit
        = panelGridLayout(static_cast<int>(shown.size()), grid.width(), grid.height(), least.width(), least.height());
    for (qsizetype k = 0; k < shown.size(); ++k) {
        const int row = static_cast<int>(k) / fit.columns, column = static_cast<int>(k) % fit.columns;
        const QRectF cell(
            grid.left() + column * fit.panelWidth, grid.top() + row * fit.panelHeight, fit.panelWidth, fit.panelHeight);
        showCellValuesIfRoom(*shown[k], cell);
        shown[k]->paint(painter, cell);
        showCellValuesIfRoom(*shown[k], QRectF(shown[k]->rect())); // back to what the screen shows
    }
    return fit;
}

void LayerConflictPanel::appendCsvRows(CsvTable& table) const
{
    const auto rows = [&](const QString& chart, const Eigen::MatrixXd& m) {
        for (Eigen::Index i = 0; i < m.rows(); ++i)
            for (Eigen::Index j = 0; j < m.cols(); ++j)
                table.addRow({ chart,
                    m_taskNames.value(static_cast<qsizetype>(i)) + QLatin1Char('|')
                        + m_taskNames.value(static_cast<qsizetype>(j)),
                    CsvTable::number(static_cast<double>(m_step)), CsvTable::number(m(i, j)) });
    };
    // The first heatmap is the whole-network matrix the view already writes as "cosine".
    for (qsizetype k = 1; k < m_cosines.size() && k < m_kinds.size(); ++k)
        rows(m_kinds[k], m_cosines[k]->values());
    if (hasCka())
        rows(QString::fromLatin1(engine::ckaKind), m_cka->values());
}

} // namespace mtw::gui
