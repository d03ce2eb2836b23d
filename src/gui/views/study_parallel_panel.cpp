#include "gui/views/study_parallel_panel.h"

#include "engine/quantity.h"
#include "gui/views/study_figures.h"

#include <QComboBox>
#include <QCompleter>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace mtw::gui {

namespace {
enum Column { AxisColumn, MinColumn, MaxColumn, FromColumn, ToColumn };

QTableWidgetItem* readOnly(const QString& s)
{
    auto* item = new QTableWidgetItem(s);
    item->setFlags(item->flags() & ~Qt::ItemIsEditable);
    return item;
}

// An empty cell is unbounded; anything else must be a number.
std::optional<double> bound(const QTableWidgetItem* item, bool* ok)
{
    const QString s = item ? item->text().trimmed() : QString();
    *ok = true;
    if (s.isEmpty())
        return std::nullopt;
    const double v = QLocale::c().toDouble(s, ok);
    return *ok ? std::optional<double>(v) : std::nullopt;
}
} // namespace

StudyParallelPanel::StudyParallelPanel(QWidget* parent)
    : QWidget(parent)
    , m_chart(new ChartPanel)
    , m_add(new QComboBox)
    , m_table(new QTableWidget(0, 5))
    , m_note(new QLabel)
{
    m_chart->setFixedYRange(std::make_pair(-0.02, 1.02));
    m_chart->setAxisTitles(QString(), tr("min-max normalised"));
    m_add->setEditable(true);
    m_add->setInsertPolicy(QComboBox::NoInsert);
    m_add->setMinimumContentsLength(20);
    m_add->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_add->completer()->setFilterMode(Qt::MatchContains);
    m_add->completer()->setCompletionMode(QCompleter::PopupCompletion);
    m_add->setToolTip(tr("A number quantity to add as an axis (type to search)"));
    auto* add = new QPushButton(tr("Add axis"));
    auto* remove = new QPushButton(tr("Remove axis"));
    remove->setToolTip(tr("Remove the axis selected in the table"));
    auto* defaults = new QPushButton(tr("Default axes"));
    defaults->setToolTip(tr("The settings that differ between runs, then x and y"));
    auto* clearRanges = new QPushButton(tr("Clear ranges"));
    m_table->setHorizontalHeaderLabels({ tr("axis"), tr("min"), tr("max"), tr("keep from"), tr("keep to") });
    m_table->setToolTip(tr("Type a range in \"keep from\" / \"keep to\" to keep only the runs inside it on that "
                           "axis (empty: unbounded); the others turn grey"));
    m_table->verticalHeader()->setVisible(false);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_note->setWordWrap(true);

    auto* controls = new QHBoxLayout;
    controls->addWidget(m_add, 1);
    controls->addWidget(add);
    controls->addWidget(remove);
    controls->addWidget(defaults);
    controls->addWidget(clearRanges);
    controls->addWidget(m_note, 2);
    // The chart takes the width (one axis per quantity); the table stays a narrow column.
    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(m_chart);
    splitter->addWidget(m_table);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 0);
    splitter->setSizes({ 1000, 400 });
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addWidget(splitter, 1);

    connect(add, &QPushButton::clicked, this, [this] {
        const QString name = m_add->currentText().trimmed();
        if (name.isEmpty())
            return;
        QStringList axes = m_axes;
        if (axes.isEmpty())
            for (const ParallelAxis& a : m_data.axes)
                axes << a.name;
        axes << name;
        setAxes(axes);
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        const int row = m_table->currentRow();
        if (row < 0 || row >= static_cast<int>(m_data.axes.size()))
            return;
        QStringList axes;
        for (const ParallelAxis& a : m_data.axes)
            axes << a.name;
        axes.removeAt(row);
        if (!axes.isEmpty())
            setAxes(axes);
    });
    connect(defaults, &QPushButton::clicked, this, [this] { setAxes({}); });
    connect(clearRanges, &QPushButton::clicked, this, &StudyParallelPanel::clearBrushes);
    connect(m_table, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
        if (item->column() == FromColumn || item->column() == ToColumn)
            readBrushes();
    });
}

void StudyParallelPanel::setStudy(const engine::RunCollection* runs, const QString& x, const QString& y,
    const std::string& groupBy, const QStringList& groupOrder)
{
    m_runs = runs;
    m_x = x;
    m_y = y;
    m_groupBy = groupBy;
    m_groupOrder = groupOrder;
    const QSignalBlocker block(m_add);
    const QString typed = m_add->currentText();
    m_add->clear();
    if (runs)
        for (const engine::QuantityInfo& q : runs->quantities())
            if (q.kind == engine::QuantityKind::Number)
                m_add->addItem(QString::fromStdString(q.name));
    m_add->setEditText(typed);
    recompute();
}

void StudyParallelPanel::clear(const QString& message)
{
    m_runs = nullptr;
    m_data = {};
    m_kept.clear();
    m_chart->setXCategories({});
    m_chart->setChartTitle(message);
    m_chart->setSeries({});
    fillTable();
    m_note->setText(message.toHtmlEscaped());
}

void StudyParallelPanel::setAxes(const QStringList& names)
{
    m_axes = names;
    recompute();
}

void StudyParallelPanel::setBrush(const QString& axis, double low, double high)
{
    m_brushes[axis] = { low, high };
    fillTable();
    redraw();
}

void StudyParallelPanel::clearBrushes()
{
    m_brushes.clear();
    fillTable();
    redraw();
}

QStringList StudyParallelPanel::keptRuns() const
{
    QStringList runs;
    for (int r = 0; r < m_data.runs.size(); ++r)
        if (m_kept.at(static_cast<std::size_t>(r)))
            runs << m_data.runs[r];
    return runs;
}

QString StudyParallelPanel::note() const
{
    return m_note->text();
}

void StudyParallelPanel::recompute()
{
    if (!m_runs)
        return clear(tr("No runs to draw"));
    try {
        m_data = studyParallel(*m_runs, m_axes.isEmpty() ? defaultParallelAxes(*m_runs, m_x, m_y) : m_axes, m_groupBy);
    } catch (const std::exception& error) {
        const engine::RunCollection* runs = m_runs;
        clear(QString::fromUtf8(error.what()));
        m_runs = runs; // a wrong axis name is no reason to forget the runs
        return;
    }
    // A brush on an axis no longer drawn is dropped.
    for (auto it = m_brushes.begin(); it != m_brushes.end();)
        it = m_data.axisIndex(it.key()) < 0 ? m_brushes.erase(it) : std::next(it);
    m_chart->setXCategories(parallelAxisLabels(m_data));
    fillTable();
    redraw();
}

void StudyParallelPanel::redraw()
{
    m_kept = parallelKept(m_data, m_brushes);
    m_chart->setChartTitle(
        tr("Parallel coordinates: %1 runs%2")
            .arg(m_data.runs.size())
            .arg(m_groupBy.empty() ? QString() : tr(", coloured by %1").arg(QString::fromStdString(m_groupBy))));
    m_chart->setSeries(parallelSeries(m_data, m_kept, m_groupOrder));
    const auto kept = std::count(m_kept.begin(), m_kept.end(), true);
    QString note = m_brushes.isEmpty() ? tr("%1 runs; type a range to keep only the runs inside it").arg(m_kept.size())
                                       : tr("%1 of %2 runs inside every range").arg(kept).arg(m_kept.size());
    if (!m_data.leftOut.isEmpty())
        note += tr("; %1 runs left out (no value on an axis), e.g. %2")
                    .arg(m_data.leftOut.size())
                    .arg(m_data.leftOut.front());
    m_note->setText(note.toHtmlEscaped());
}

void StudyParallelPanel::fillTable()
{
    const QSignalBlocker block(m_table);
    m_table->setRowCount(static_cast<int>(m_data.axes.size()));
    for (int a = 0; a < static_cast<int>(m_data.axes.size()); ++a) {
        const ParallelAxis& axis = m_data.axes[static_cast<std::size_t>(a)];
        QTableWidgetItem* name = readOnly(axis.name);
        name->setToolTip(axis.name);
        m_table->setItem(a, AxisColumn, name);
        m_table->setItem(a, MinColumn, readOnly(studyNumber(axis.min)));
        m_table->setItem(a, MaxColumn, readOnly(studyNumber(axis.max)));
        const auto brush = m_brushes.constFind(axis.name);
        const bool has = brush != m_brushes.constEnd();
        const auto edge
            = [&](double v) { return has && std::isfinite(v) ? QLocale::c().toString(v, 'g', 12) : QString(); };
        m_table->setItem(a, FromColumn, new QTableWidgetItem(edge(has ? brush->low : 0)));
        m_table->setItem(a, ToColumn, new QTableWidgetItem(edge(has ? brush->high : 0)));
    }
    m_table->resizeColumnsToContents();
    // Long names (series.conflict_fraction.mean) are elided so the ranges stay in view.
    m_table->setColumnWidth(AxisColumn, std::min(m_table->columnWidth(AxisColumn), 150));
    for (int c : { FromColumn, ToColumn })
        m_table->setColumnWidth(c, std::max(m_table->columnWidth(c), 70));
}

void StudyParallelPanel::readBrushes()
{
    m_brushes.clear();
    for (int a = 0; a < m_table->rowCount() && a < static_cast<int>(m_data.axes.size()); ++a) {
        bool okLow = true, okHigh = true;
        const std::optional<double> low = bound(m_table->item(a, FromColumn), &okLow);
        const std::optional<double> high = bound(m_table->item(a, ToColumn), &okHigh);
        if (!okLow || !okHigh || (!low && !high))
            continue; // not a number yet: no range on this axis
        m_brushes[m_data.axes[static_cast<std::size_t>(a)].name]
            = { low.value_or(-std::numeric_limits<double>::infinity()),
                  high.value_or(std::numeric_limits<double>::infinity()) };
    }
    redraw();
}

} // namespace mtw::gui
