// MainWindow: the runs table as an experiment table -- sortable (numbers as numbers), filtered by
// text or per-column comparisons (RunsFilter), columns hidden or shown from the header's context menu, tags
// and a note per run edited in place (saved in the run's notes.json) -- and
// the mapping between its rows (through the sort/filter proxy) and the runs.
#include "gui/main_window.h"
#include "gui/run_colouring.h"
#include "gui/run_manager.h"
#include "gui/runs_filter.h"
#include "gui/runs_table_model.h"
#include "ui_main_window.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QMenu>
#include <QSignalBlocker>
#include <QStatusBar>
#include <QTableView>
#include <algorithm>

namespace mtw::gui {

void MainWindow::setupRunsTable()
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(RunsTableModel::SortRole);
    m_runsFilter = new QLineEdit(m_ui->runsPanel);
    m_runsFilter->setObjectName(QStringLiteral("runsFilter"));
    m_runsFilter->setPlaceholderText(
        tr("Filter runs: text in any column, or COLUMN<OP>VALUE: optimizer.lr<=0.001 Steps>=1000 method.name=mgda"));
    m_runsFilter->setClearButtonEnabled(true);
    connect(m_runsFilter, &QLineEdit::textChanged, this, [this](const QString& query) {
        m_proxy->setQuery(query);
        m_runsFilter->setToolTip(m_proxy->problem());
        m_runsFilter->setStyleSheet(
            m_proxy->problem().isEmpty() ? QString() : QStringLiteral("QLineEdit { color: #c62828; }"));
        if (!m_proxy->problem().isEmpty())
            statusBar()->showMessage(tr("Filter: %1").arg(m_proxy->problem()), 5000);
    });
    auto* seeds = new QComboBox(m_ui->runsPanel);
    seeds->setObjectName(QStringLiteral("seedGrouping"));
    seeds->addItem(tr("Seeds: one line per run"), static_cast<int>(SeedGrouping::Separate));
    seeds->addItem(tr("Seeds: mean ± std"), static_cast<int>(SeedGrouping::MeanStd));
    seeds->addItem(tr("Seeds: mean, min–max"), static_cast<int>(SeedGrouping::MeanMinMax));
    seeds->setToolTip(tr("Runs of the selection that differ only by their seed are drawn as their mean with a band"));
    connect(seeds, &QComboBox::currentIndexChanged, this, [this, seeds] {
        const auto grouping = static_cast<SeedGrouping>(seeds->currentData().toInt());
        for (RunView* view : std::as_const(m_views))
            view->setSeedGrouping(grouping);
    });
    auto* colourBy = new QComboBox(m_ui->runsPanel);
    colourBy->setObjectName(QStringLiteral("colourBy"));
    colourBy->setToolTip(
        tr("Colour the runs by a column (numbers on a viridis scale, texts by category) in the table and the views"));
    const auto fillColumns = [this, colourBy] {
        const QString current = colourBy->currentText();
        const QSignalBlocker block(colourBy);
        colourBy->clear();
        colourBy->addItem(tr("Colour: one per run"), -1);
        for (int column = 0; column < m_model->columnCount(); ++column)
            colourBy->addItem(
                tr("Colour by %1").arg(m_model->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString()),
                column);
        colourBy->setCurrentIndex(std::max(0, colourBy->findText(current)));
    };
    fillColumns();
    connect(m_model, &QAbstractItemModel::columnsInserted, this, fillColumns);
    const auto recolour = [this, colourBy] {
        const QVector<QColor> colours = coloursByColumn(*m_model, colourBy->currentData().toInt());
        for (int row = 0; row < m_runs->count() && row < colours.size(); ++row)
            if (m_runs->at(row).history)
                m_runs->at(row).history->setColour(colours[row]);
        if (m_model->rowCount() > 0)
            Q_EMIT m_model->dataChanged(
                m_model->index(0, RunsTableModel::Name), m_model->index(m_model->rowCount() - 1, RunsTableModel::Name));
        updateViewRuns();
    };
    connect(colourBy, &QComboBox::currentIndexChanged, this, recolour);
    for (auto signal : { &RunManager::runAdded, &RunManager::runEnded }) // a new run or final value changes the scale
        connect(m_runs, signal, this, [colourBy, recolour] {
            if (colourBy->currentData().toInt() >= 0)
                recolour();
        });
    auto* bar = new QHBoxLayout;
    bar->addWidget(m_runsFilter, 1);
    bar->addWidget(colourBy);
    bar->addWidget(seeds);
    m_ui->runsLayout->insertLayout(1, bar);

    QTableView* table = m_ui->runsTable;
    table->setModel(m_proxy);
    QHeaderView* header = table->horizontalHeader();
    header->setSortIndicator(-1, Qt::AscendingOrder); // the order runs were added in, until a header is clicked
    table->setSortingEnabled(true);
    table->verticalHeader()->setVisible(false);
    header->setStretchLastSection(true);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header, &QWidget::customContextMenuRequested, this, [this, header](const QPoint& pos) {
        QMenu menu(this);
        for (int column = 0; column < m_model->columnCount(); ++column) {
            QAction* show = menu.addAction(m_model->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString());
            show->setCheckable(true);
            show->setChecked(!header->isSectionHidden(column));
            connect(
                show, &QAction::toggled, header, [header, column](bool on) { header->setSectionHidden(column, !on); });
        }
        menu.exec(header->mapToGlobal(pos));
    });
    table->setColumnWidth(RunsTableModel::Name, 190);
    table->setColumnWidth(RunsTableModel::Method, 90);
    table->setColumnWidth(RunsTableModel::Parameters, 230);
    table->setColumnWidth(RunsTableModel::Status, 70);
    table->setColumnWidth(RunsTableModel::Steps, 110);
    table->setColumnWidth(RunsTableModel::Seconds, 60);
    table->setColumnWidth(RunsTableModel::FinalLosses, 220);
    connect(table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::onSelectionChanged);
    table->setColumnWidth(RunsTableModel::Tags, 120);
    table->setColumnWidth(RunsTableModel::Note, 160);
    connect(m_model, &RunsTableModel::notesFailed, this,
        [this](const QString& reason) { statusBar()->showMessage(tr("Tags and note: %1").arg(reason), 10000); });
    connect(m_runs, &RunManager::snapshotArrived, this, &MainWindow::onSnapshot);
    connect(m_runs, &RunManager::runChanged, this, [this] { updateActions(); });
    connect(m_runs, &RunManager::runEnded, this, &MainWindow::onRunEnded);
}

void MainWindow::selectRows(const QList<int>& ids)
{
    QItemSelection selection;
    for (int id : ids) {
        const int row = m_runs->indexOf(id);
        if (row < 0)
            continue;
        const QModelIndex first = m_proxy->mapFromSource(m_model->index(row, 0));
        if (first.isValid()) // filtered out: not selectable
            selection.select(first, m_proxy->index(first.row(), m_proxy->columnCount() - 1));
    }
    m_ui->runsTable->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
}

void MainWindow::onSelectionChanged()
{
    QList<int> ids;
    for (const QModelIndex& index : m_ui->runsTable->selectionModel()->selectedRows())
        ids << m_runs->at(m_proxy->mapToSource(index).row()).id;
    if (ids.size() == 1)
        m_currentRun = ids.front(); // one row picked: show that run
    m_overlays = ids;
    updateViewRuns();
}

} // namespace mtw::gui
