#include "gui/main_window.h"

#include "gui/app_settings.h"
#include "gui/experiment_form.h"
#include "gui/run_manager.h"
#include "gui/run_status_widget.h"
#include "gui/runs_filter.h"
#include "gui/runs_table_model.h"
#include "gui/stored_runs.h"
#include "gui/sweep_process.h"
#include "gui/views/standard_views.h"
#include "ui_main_window.h"

#include <QCloseEvent>
#include <QCoreApplication>
#include <QDesktopServices>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QMenu>
#include <QMessageBox>
#include <QTableView>
#include <QUrl>

namespace mtw::gui {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_settings(std::make_unique<AppSettings>())
    , m_form(new ExperimentForm)
    , m_runs(new RunManager(this))
    , m_stored(new StoredRuns(m_runs, this))
    , m_model(new RunsTableModel(m_runs, this))
    , m_proxy(new RunsFilter(this))
    , m_status(new RunStatusWidget(this))
{
    m_ui->setupUi(this);
    m_ui->experimentScroll->setWidget(m_form);
    addImportCsvButton();
    m_ui->menuView->addAction(m_ui->experimentDock->toggleViewAction());
    m_ui->menuView->addAction(m_ui->runToolBar->toggleViewAction());
    statusBar()->addPermanentWidget(m_status, 1);
    setupViews();
    setupRunsTable();
    connectActions();
    // Runs found in an opened folder after it was opened (a sweep's next runs) reach every view;
    // a rescan that finds many updates the views once.
    connect(m_stored, &StoredRuns::runDiscovered, this, [this] {
        if (m_viewRunsPending)
            return;
        m_viewRunsPending = true;
        QTimer::singleShot(0, this, [this] {
            m_viewRunsPending = false;
            updateViewRuns();
        });
    });

    const QString workspace = m_settings->workspace();
    m_workspace = workspace.isEmpty() ? AppSettings::defaultWorkspace() : workspace;
    m_refreshTimer.setInterval(40); // views redraw at most 25 times a second
    connect(&m_refreshTimer, &QTimer::timeout, this, &MainWindow::refreshTick);
    m_refreshTimer.start();

    restoreLayout();
    updateRecentMenu();
    updateTitle();
    updateActions();
}

MainWindow::~MainWindow()
{
    m_runs->stopAll();
}

void MainWindow::setupViews()
{
    m_views = createStandardViews(this);
    for (RunView* view : m_views) {
        m_ui->viewTabs->addTab(
            view, QString(view->title()).replace(QLatin1Char('&'), QStringLiteral("&&"))); // no mnemonic
        // Right-click anywhere on a view (charts pass the click on unless it was a pan drag).
        view->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(view, &QWidget::customContextMenuRequested, this, [this, view](const QPoint& pos) {
            const std::unique_ptr<QMenu> menu(createViewContextMenu(view, this));
            menu->exec(view->mapToGlobal(pos));
        });
    }
    connect(m_ui->viewTabs, &QTabWidget::currentChanged, this, [this] {
        if (RunView* view = currentView())
            view->refresh();
        updateActions();
    });
}

void MainWindow::connectActions()
{
    connect(m_ui->actionNew, &QAction::triggered, this, &MainWindow::newExperiment);
    connect(m_ui->actionOpen, &QAction::triggered, this, &MainWindow::openExperiment);
    connect(m_ui->actionSave, &QAction::triggered, this, &MainWindow::saveExperiment);
    connect(m_ui->actionSaveAs, &QAction::triggered, this, &MainWindow::saveExperimentAs);
    connect(m_ui->actionExportAll, &QAction::triggered, this, &MainWindow::exportAllDialog);
    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionStart, &QAction::triggered, this, &MainWindow::startRun);
    connect(m_ui->actionPause, &QAction::triggered, this, &MainWindow::pauseRun);
    connect(m_ui->actionResume, &QAction::triggered, this, &MainWindow::resumeRun);
    connect(m_ui->actionStep, &QAction::triggered, this, &MainWindow::stepRun);
    connect(m_ui->actionStop, &QAction::triggered, this, &MainWindow::stopRun);
    connect(m_ui->actionStopAll, &QAction::triggered, m_runs, &RunManager::stopAll);
    connect(m_ui->actionCompare, &QAction::triggered, this, &MainWindow::showCompareDialog);
    connect(m_ui->actionDemo, &QAction::triggered, this, [this] { startDemo(); });
    connect(m_ui->actionBaselines, &QAction::triggered, this, [this] { startBaselines(); });
    connect(m_ui->actionTaskGroups, &QAction::triggered, this, &MainWindow::showTaskGroupingDialog);
    connect(m_ui->actionPairwiseTransfer, &QAction::triggered, this, &MainWindow::showPairwiseTransferDialog);
    connect(m_ui->actionFewShotAdaptation, &QAction::triggered, this, &MainWindow::showFewShotAdaptationDialog);
    connect(m_ui->actionLearningFunction, &QAction::triggered, this, &MainWindow::showLearningFunctionDialog);
    connect(m_ui->actionLinearMtl, &QAction::triggered, this, [this] { showLinearMtlDialog(); });
    connect(m_ui->actionImportCsv, &QAction::triggered, this, &MainWindow::importCsvDialog);
    connect(m_ui->actionContinueRun, &QAction::triggered, this, &MainWindow::continueRunDialog);
    connect(m_ui->actionOpenStoredRun, &QAction::triggered, this, &MainWindow::openStoredRunDialog);
    connect(m_ui->actionOpenRunsFolder, &QAction::triggered, this, &MainWindow::openRunsFolderDialog);
    connect(m_ui->actionRunSweep, &QAction::triggered, this, &MainWindow::runSweepDialog);
    connect(m_ui->actionStopSweep, &QAction::triggered, this, [this] {
        if (m_sweep)
            m_sweep->stop();
    });
    connect(m_ui->actionExportPng, &QAction::triggered, this, [this] { exportViewDialog(QStringLiteral("png")); });
    connect(m_ui->actionExportSvg, &QAction::triggered, this, [this] { exportViewDialog(QStringLiteral("svg")); });
    connect(m_ui->actionExportPdf, &QAction::triggered, this, [this] { exportViewDialog(QStringLiteral("pdf")); });
    connect(m_ui->actionExportCsv, &QAction::triggered, this, [this] { exportViewDialog(QStringLiteral("csv")); });
    connect(m_ui->actionOpenRunFolder, &QAction::triggered, this, [this] {
        if (const RunEntry* run = currentRun(); run && !run->runDirectory.isEmpty())
            QDesktopServices::openUrl(QUrl::fromLocalFile(run->runDirectory));
    });
    connect(m_ui->actionAbout, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About MTL Workbench"),
            tr("<b>MTL Workbench</b> %1<br>Multi-task learning optimisation: set up, watch, compare and export.")
                .arg(QCoreApplication::applicationVersion()));
    });
    connect(m_form, &ExperimentForm::validityChanged, this, [this] { updateActions(); });
    connect(m_form, &ExperimentForm::edited, this, [this] {
        m_modified = true;
        updateTitle();
    });
}

RunView* MainWindow::currentView() const
{
    return qobject_cast<RunView*>(m_ui->viewTabs->currentWidget());
}

QTabWidget* MainWindow::viewTabs() const
{
    return m_ui->viewTabs;
}

QTableView* MainWindow::runsTable() const
{
    return m_ui->runsTable;
}

QAction* MainWindow::action(const char* objectName) const
{
    return findChild<QAction*>(QLatin1String(objectName));
}

void MainWindow::setWorkspace(const QString& directory)
{
    m_workspace = directory;
}

QString MainWindow::workspace() const
{
    return m_workspace;
}

void MainWindow::restoreLayout()
{
    const QByteArray geometry = m_settings->windowGeometry();
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    const QByteArray state = m_settings->windowState();
    if (!state.isEmpty())
        restoreState(state);
    const QByteArray splitter = m_settings->splitterState();
    if (!splitter.isEmpty())
        m_ui->centralSplitter->restoreState(splitter);
    else
        m_ui->centralSplitter->setSizes({ 640, 200 });
    const int tab = m_settings->currentTab();
    if (tab >= 0 && tab < m_ui->viewTabs->count())
        m_ui->viewTabs->setCurrentIndex(tab);
}

void MainWindow::saveLayout()
{
    m_settings->saveLayout(
        saveGeometry(), saveState(), m_ui->centralSplitter->saveState(), m_ui->viewTabs->currentIndex());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveLayout();
    m_runs->stopAll();
    event->accept();
}

const RunEntry* MainWindow::currentRun() const
{
    const int index = m_runs->indexOf(m_currentRun);
    return index < 0 ? nullptr : &m_runs->at(index);
}

QList<int> MainWindow::shownRuns() const
{
    QList<int> ids;
    if (currentRun())
        ids << m_currentRun;
    for (int id : m_overlays)
        if (id != m_currentRun && m_runs->indexOf(id) >= 0)
            ids << id;
    return ids;
}

void MainWindow::updateViewRuns()
{
    QList<RunHistoryPtr> histories, all;
    for (int id : shownRuns())
        histories << m_runs->at(m_runs->indexOf(id)).history;
    for (int i = 0; i < m_runs->count(); ++i)
        all << m_runs->at(i).history;
    for (RunView* view : m_views) {
        view->setAvailableRuns(all);
        view->setRuns(histories);
    }
    if (RunView* view = currentView())
        view->refresh();
    m_status->showRun(currentRun(), batchSummary());
    updateActions();
}

void MainWindow::setCurrentRun(int id)
{
    m_currentRun = id;
    updateViewRuns();
}

void MainWindow::setOverlayRuns(const QList<int>& ids)
{
    QList<int> all { m_currentRun };
    all += ids;
    selectRows(all);
}

} // namespace mtw::gui
