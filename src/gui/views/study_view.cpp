#include "gui/views/study_view.h"

#include "gui/charts/chart_panel.h"
#include "gui/charts/heatmap_plot.h"
#include "gui/export/csv_table.h"
#include "gui/export/figure_exporter.h"
#include "gui/views/study_parallel_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace mtw::gui {

namespace {
constexpr int maxHeatmapColumns = 24; // more distinct x values are not a grid of settings

QString text(const std::string& s)
{
    return QString::fromStdString(s);
}

QComboBox* quantityCombo()
{
    // Editable, completing on any part of the name: a study lists hundreds of quantities.
    auto* combo = new QComboBox;
    combo->setEditable(true);
    combo->setInsertPolicy(QComboBox::NoInsert);
    combo->setMinimumContentsLength(24);
    combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    combo->completer()->setFilterMode(Qt::MatchContains);
    combo->completer()->setCompletionMode(QCompleter::PopupCompletion);
    return combo;
}

// Replaces the items, keeping `wanted` (or else the first of `defaults` present) selected.
void setItems(QComboBox* combo, const QStringList& items, const QString& wanted, const QStringList& defaults)
{
    const QSignalBlocker block(combo);
    combo->clear();
    combo->addItems(items);
    QString choice = items.contains(wanted) ? wanted : QString();
    for (const QString& d : defaults)
        if (choice.isEmpty() && items.contains(d))
            choice = d;
    if (choice.isEmpty() && !items.isEmpty())
        choice = items.front();
    combo->setCurrentIndex(static_cast<int>(items.indexOf(choice)));
    combo->setEditText(choice);
}

// The runs' directories below their common parent folder, for a readable table.
QStringList shortRunNames(const std::vector<engine::StudyPoint>& points)
{
    QList<QStringList> parts;
    for (const engine::StudyPoint& p : points)
        parts << text(p.run).split(QLatin1Char('/'));
    qsizetype common = parts.isEmpty() ? 0 : parts.front().size() - 1;
    for (const QStringList& p : parts) {
        qsizetype k = 0;
        while (k < common && k < p.size() - 1 && p[k] == parts.front()[k])
            ++k;
        common = k;
    }
    QStringList names;
    for (const QStringList& p : parts)
        names << p.mid(common).join(QLatin1Char('/'));
    return names;
}
} // namespace

StudyView::StudyView(QWidget* parent)
    : RunView(parent)
    , m_x(quantityCombo())
    , m_y(quantityCombo())
    , m_group(quantityCombo())
    , m_logX(new QCheckBox(tr("Log x")))
    , m_tabs(new QTabWidget)
    , m_scatter(new ChartPanel)
    , m_heatmap(new HeatmapPlot)
    , m_table(new QTableWidget)
    , m_parallel(new StudyParallelPanel)
    , m_statistics(new QLabel)
    , m_skipped(new QListWidget)
{
    m_x->setToolTip(tr("Quantity on the x axis (a number; type to search, as in mtw-cli study --list)"));
    m_y->setToolTip(tr("Quantity on the y axis (a number)"));
    m_group->setToolTip(tr("Colour the runs by, and compute the statistics per value of, this quantity"));
    m_logX->setToolTip(tr("Logarithmic x axis (learning rates); the least-squares lines stay fitted in linear x"));
    auto* reload = new QPushButton(tr("Refresh"));
    reload->setToolTip(tr("Read every run again (runs are otherwise read when they appear or end)"));
    m_table->setColumnCount(4);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSortingEnabled(true);
    m_table->verticalHeader()->setVisible(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_scatter->setMarginX(0.05);
    m_heatmap->setCellValuesVisible(12);
    m_heatmap->setCellValueFormat('g', 4);
    m_statistics->setTextFormat(Qt::RichText);
    m_statistics->setWordWrap(true);
    m_statistics->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_statistics->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_skipped->setToolTip(tr("Runs left out of the study, with the reason"));
    m_tabs->addTab(m_scatter, tr("Scatter"));
    m_tabs->addTab(m_heatmap, tr("Heat map"));
    m_tabs->addTab(m_table, tr("Points"));
    m_tabs->addTab(m_parallel, tr("Parallel coordinates"));

    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("x")));
    controls->addWidget(m_x, 1);
    controls->addWidget(new QLabel(tr("y")));
    controls->addWidget(m_y, 1);
    controls->addWidget(new QLabel(tr("Colour / group by")));
    controls->addWidget(m_group, 1);
    controls->addWidget(m_logX);
    controls->addWidget(reload);
    auto* skippedBox = new QWidget;
    auto* skippedLayout = new QVBoxLayout(skippedBox);
    skippedLayout->setContentsMargins(0, 0, 0, 0);
    skippedLayout->addWidget(new QLabel(tr("Skipped runs")));
    skippedLayout->addWidget(m_skipped);
    auto* bottom = new QSplitter(Qt::Horizontal);
    bottom->addWidget(m_statistics);
    bottom->addWidget(skippedBox);
    bottom->setStretchFactor(0, 3);
    bottom->setStretchFactor(1, 1);
    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_tabs);
    splitter->addWidget(bottom);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(splitter, 1);

    for (QComboBox* combo : { m_x, m_y, m_group }) {
        connect(combo, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
        // A typed name that is no item ("method", a series.<s>.tail<k>) is resolved by the engine.
        connect(combo->lineEdit(), &QLineEdit::returnPressed, this, [this] { redraw(); });
    }
    connect(m_logX, &QCheckBox::toggled, this, &StudyView::setLogX);
    connect(reload, &QPushButton::clicked, this, &StudyView::reload);
    redraw();
}

void StudyView::setRuns(const QList<RunHistoryPtr>& runs)
{
    (void)runs;
}

void StudyView::setAvailableRuns(const QList<RunHistoryPtr>& runs)
{
    m_available = runs; // read on the next refresh(), only if the directories changed
}

void StudyView::refresh()
{
    if (m_runs.update(m_available)) {
        updateQuantityChoices();
        redraw();
    }
}

void StudyView::reload()
{
    m_runs.update(m_available);
    m_runs.reload();
    updateQuantityChoices();
    redraw();
}

void StudyView::setQuantities(const QString& x, const QString& y, const QString& groupBy)
{
    for (auto [combo, name] : { std::pair { m_x, x }, std::pair { m_y, y }, std::pair { m_group, groupBy } }) {
        const QSignalBlocker block(combo);
        const int index = combo->findText(name.isEmpty() ? tr("(none)") : name);
        combo->setCurrentIndex(index);
        combo->setEditText(name.isEmpty() ? tr("(none)") : name);
    }
    redraw();
}

void StudyView::setLogX(bool log)
{
    if (m_logX->isChecked() != log)
        m_logX->setChecked(log); // re-enters through toggled
    m_scatter->setLogX(log);
    redraw();
}

QStringList StudyView::numericQuantities() const
{
    QStringList names;
    if (const engine::RunCollection* runs = m_runs.collection())
        for (const engine::QuantityInfo& q : runs->quantities())
            if (q.kind == engine::QuantityKind::Number)
                names << text(q.name);
    return names;
}

void StudyView::updateQuantityChoices()
{
    QStringList all { tr("(none)") };
    if (const engine::RunCollection* runs = m_runs.collection())
        for (const engine::QuantityInfo& q : runs->quantities())
            all << text(q.name);
    const QStringList numbers = numericQuantities();
    setItems(m_x, numbers, m_x->currentText(), { "optimizer.lr", "series.conflict_fraction.mean" });
    setItems(m_y, numbers, m_y->currentText(), { "final.loss.mean", "final.validation.loss.mean" });
    setItems(m_group, all, m_group->currentText(), { "method.name", tr("(none)") });
}

void StudyView::showMessage(const QString& message)
{
    m_blocker = message;
    m_scatter->setChartTitle(message);
    m_scatter->setSeries({});
    m_heatmap->clear();
    m_heatmap->setPlaceholderText(message);
    m_table->setRowCount(0);
    m_statistics->setText(message.toHtmlEscaped());
    m_parallel->clear(message);
}

void StudyView::redraw()
{
    m_result.reset();
    m_cells = {};
    m_skipped->clear();
    for (const QString& refused : m_runs.refused())
        m_skipped->addItem(refused);
    const engine::RunCollection* runs = m_runs.collection();
    if (!runs) {
        showMessage(tr("No run with a run directory: a study reads stored runs (File > Open run, or runs trained "
                       "with a workspace)"));
        return;
    }
    const QString x = m_x->currentText().trimmed(), y = m_y->currentText().trimmed();
    QString groupBy = m_group->currentText().trimmed();
    if (groupBy == tr("(none)"))
        groupBy.clear();
    if (x.isEmpty() || y.isEmpty()) {
        showMessage(tr("Choose the quantities on the x and y axes"));
        return;
    }
    try {
        m_result = engine::runStudy(*runs, { x.toStdString(), y.toStdString(), groupBy.toStdString(), m_bootstrap });
    } catch (const std::exception& error) {
        showMessage(text(error.what()));
        return;
    }
    const engine::StudyResult& r = *m_result;
    for (const engine::SkippedRun& s : r.skipped) {
        auto* item = new QListWidgetItem(QStringLiteral("%1: %2").arg(text(s.run), text(s.reason)));
        item->setToolTip(item->text());
        m_skipped->addItem(item);
    }
    if (m_skipped->count() == 0)
        m_skipped->addItem(
            tr("none: every run has both quantities%1").arg(r.groupBy.empty() ? QString() : tr(" and a group")));
    const analysis::CorrelationSummary& all = r.overall.statistics;
    m_blocker = r.points.size() < 3
        ? tr("fewer than 3 runs have both %1 and %2 (%3 do)").arg(text(r.x), text(r.y)).arg(r.points.size())
        : QString();
    // The axes name the quantities; the title keeps to the statistics, so that it fits (with two
    // long quantity names it was cut off in the middle of rho).
    m_scatter->setChartTitle(tr("Pearson r = %1, Spearman \u03c1 = %2 (n = %3)")
                                 .arg(studyNumber(all.pearson.value), studyNumber(all.spearman.value))
                                 .arg(all.n));
    m_scatter->setAxisTitles(text(r.x), text(r.y));
    m_scatter->setSeries(studyScatterSeries(r, m_logX->isChecked()));
    m_statistics->setText(studyStatisticsHtml(r, m_bootstrap));
    fillHeatmap();
    fillTable();
    QStringList groups;
    for (const engine::StudyGroup& g : r.groups)
        groups << text(g.label);
    m_parallel->setStudy(runs, text(r.x), text(r.y), r.groupBy, groups);
}

void StudyView::fillHeatmap()
{
    const engine::StudyResult& r = *m_result;
    m_cells = studyCellMeans(r);
    const QString rows = r.groupBy.empty() ? QString() : text(r.groupBy);
    m_heatmap->setTitle(
        tr("Mean %1 per %2%3").arg(text(r.y), text(r.x), rows.isEmpty() ? QString() : tr(" and ") + rows));
    m_heatmap->setAxisTitles(text(r.x), rows);
    m_heatmap->setColorBarTitle(tr("mean %1").arg(text(r.y)));
    if (m_cells.columns.isEmpty() || m_cells.columns.size() > maxHeatmapColumns) {
        m_heatmap->clear();
        m_heatmap->setPlaceholderText(m_cells.columns.isEmpty()
                ? tr("No run has both quantities")
                : tr("%1 has %2 distinct values: the heat map needs a grid of settings (at most %3 values)")
                      .arg(text(r.x))
                      .arg(m_cells.columns.size())
                      .arg(maxHeatmapColumns));
        return;
    }
    m_heatmap->setMatrix(m_cells.mean, m_cells.rows, m_cells.columns);
}

void StudyView::fillTable()
{
    const engine::StudyResult& r = *m_result;
    m_table->setSortingEnabled(false);
    m_table->setHorizontalHeaderLabels(
        { tr("run"), text(r.x), text(r.y), r.groupBy.empty() ? tr("group") : text(r.groupBy) });
    m_table->setRowCount(static_cast<int>(r.points.size()));
    const QStringList names = shortRunNames(r.points);
    for (int i = 0; i < static_cast<int>(r.points.size()); ++i) {
        const engine::StudyPoint& p = r.points[static_cast<std::size_t>(i)];
        auto* run = new QTableWidgetItem(names[i]);
        run->setToolTip(text(p.run));
        m_table->setItem(i, 0, run);
        for (int c = 1; c <= 2; ++c) {
            auto* item = new QTableWidgetItem;
            item->setData(Qt::DisplayRole, c == 1 ? p.x : p.y); // sorts numerically
            m_table->setItem(i, c, item);
        }
        m_table->setItem(i, 3, new QTableWidgetItem(text(p.group)));
    }
    m_table->resizeColumnsToContents();
    m_table->setSortingEnabled(true);
}

bool StudyView::exportFigure(const QString& path, const ExportOptions& options, QString* error)
{
    return FigureExporter::exportFigure(
        path, options, [this](QPainter& p, const QRectF& rect) { m_scatter->renderTo(p, rect); }, error);
}

bool StudyView::exportCsv(const QString& path, QString* error)
{
    if (!m_result) {
        if (error)
            *error = m_blocker;
        return false;
    }
    // The columns of `mtw-cli study --csv`: run, x, y, group (named after the grouping quantity).
    const engine::StudyResult& r = *m_result;
    CsvTable table(
        { QStringLiteral("run"), text(r.x), text(r.y), r.groupBy.empty() ? QStringLiteral("group") : text(r.groupBy) });
    for (const engine::StudyPoint& p : r.points)
        table.addRow({ text(p.run), CsvTable::number(p.x), CsvTable::number(p.y), text(p.group) });
    return table.save(path, error);
}

} // namespace mtw::gui
