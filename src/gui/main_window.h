#pragma once
// The workbench window: the experiment dock (schema-generated forms with
// inline validation), the run toolbar, the central views in tabs above the runs table, and the
// status bar with progress, steps/s and ETA. Training runs on worker threads (RunManager); the
// window forwards snapshots into RunHistory objects and redraws only the visible view, at most
// every 40 ms. Layout, current tab, recent files and the workspace persist through AppSettings.
//
// The implementation is split by concern: main_window.cpp (layout, settings, views),
// main_window_files.cpp (New/Open/Save, recent files), main_window_runs.cpp (run control,
// compare, demo, status), main_window_export.cpp (figure and CSV export), main_window_table.cpp
// (the runs table: sorting, filtering, columns, selection).
#include "engine/experiment.h"
#include "gui/figure_batch_export.h"
#include "gui/views/run_view.h"

#include <QElapsedTimer>
#include <QList>
#include <QMainWindow>
#include <QString>
#include <QTimer>
#include <memory>
#include <vector>

class QLineEdit;
class QMenu;
class QTabWidget;
class QTableView;

namespace Ui {
class MainWindow;
}

namespace mtw::gui {

class AppSettings;
class ExperimentForm;
class RunManager;
class RunStatusWidget;
class RunsFilter;
class RunsTableModel;
class StoredRuns;
class SweepProcess;
class LinearMtlDialog;
class TaskGroupingDialog;
class PairwiseTransferDialog;
class KnownRuns;
struct RunEntry;

// True for an experiment file with a "sweep" block (engine/sweep_plan.h).
bool isSweepFile(const QString& path);

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    ExperimentForm* experimentForm() const { return m_form; }
    RunManager* runManager() const { return m_runs; }
    const QList<RunView*>& views() const { return m_views; }
    RunView* currentView() const;
    QTabWidget* viewTabs() const;
    QTableView* runsTable() const;
    RunsTableModel* runsModel() const { return m_model; } // the table's rows through a sort/filter proxy
    RunStatusWidget* runStatus() const { return m_status; }
    QAction* action(const char* objectName) const; // "actionStart", ...

    void setWorkspace(const QString& directory);
    QString workspace() const;

    // Files (no dialogs; the menu actions wrap these).
    bool loadExperimentFile(const QString& path, QString* error);
    bool saveExperimentFile(const QString& path, QString* error);

    // Runs. Returns the new run's id; it becomes the current run.
    int startExperiment(const engine::Experiment& experiment);
    // The current experiment once per method, at most maxParallel at once; the ids in order.
    QList<int> compareMethods(const QStringList& methods, int maxParallel);
    // The demo (CAGrad toy, Nash-MTL) and, when withComparison, its comparison methods; all
    // overlaid with the demo as the current run. steps > 0 shortens them (tests).
    QList<int> startDemo(bool withComparison = true, long long steps = 0);
    // One single-task run per task of the current experiment (engine/single_task_baselines.h),
    // queued for the ST vs MT transfer view; the ids in task order (empty, with the reason in
    // the status bar, when the experiment is invalid or its problem cannot be built).
    QList<int> startBaselines();
    // "Task groups under a budget": the dialog for the current run (null, with the reason in
    // *error, when there is no run or its store cannot be read), and queueing the runs it lacks.
    std::unique_ptr<TaskGroupingDialog> taskGroupingDialog(QString* error);
    QList<int> queueTaskGroupRuns(const TaskGroupingDialog& dialog);
    // Queues the experiments in the workspace and says so with `message` (%1: how many).
    QList<int> queueRuns(const std::vector<engine::Experiment>& experiments, const QString& message);
    // "Pairwise transfer": the dialog for the form's experiment (null, with the reason in *error,
    // when it is invalid or its problem cannot be built), and queueing the runs it lacks.
    std::unique_ptr<PairwiseTransferDialog> pairwiseTransferDialog(QString* error);
    QList<int> queuePairwiseRuns(const PairwiseTransferDialog& dialog);
    // The window's runs by experiment name, for the dialogs that plan derived runs.
    KnownRuns knownRuns() const;
    int currentRunId() const { return m_currentRun; }
    const RunEntry* currentRun() const;
    void setCurrentRun(int id);
    void setOverlayRuns(const QList<int>& ids); // selects them in the runs table
    QList<int> shownRuns() const; // current first, then the overlays
    // The run directories of the shown stored runs (what the run-level dialogs act on).
    QStringList shownRunDirectories() const;
    // The runs Pause, Resume, Step and Stop act on: the current run while it is active; once it
    // has ended, the shown runs still active (the rest of a Compare methods batch).
    QList<int> controlledRuns() const;
    QString batchSummary() const; // "8 runs shown: 2 running, 3 queued, 3 finished"; empty for one run
    void forControlledRuns(void (RunManager::*control)(int));
    // Duration of the slowest redraw of the visible view, in ms (diagnostics).
    double slowestRefreshMilliseconds() const { return m_slowestRefreshMs; }
    void resetSlowestRefresh() { m_slowestRefreshMs = 0; } // per-view measurements (bench/gui_latency)

    // Export (the GUI's menu and the headless demo use the same code).
    bool exportCurrentView(const QString& path, const ExportOptions& options, QString* error);
    // Opens stored runs: run directories and folders of runs (StoredRuns). The first opened run
    // becomes the current one and the next ones (up to maxOverlaidStoredRuns) are overlaid. Returns
    // the ids opened; each path or run that could not be opened is in *errors with its reason.
    QList<int> openStoredRuns(const QStringList& paths, QStringList* errors);
    StoredRuns* storedRuns() const { return m_stored; }
    static constexpr int maxOverlaidStoredRuns = 11;
    // Runs the sweep of an experiment file into a folder through `mtw-cli sweep run` (gui/sweep_process.h),
    // opening the folder as soon as its first run appears so the runs are followed live; progress
    // goes to the status bar and failures to a message when it ends. One sweep at a time; nullptr
    // with the reason when it cannot start.
    SweepProcess* startSweep(const QString& file, const QString& directory, int jobs, QString* error);
    SweepProcess* sweep() const { return m_sweep; }
    // Queues the continuation of a run directory from its checkpoint, to `totalSteps` steps in all
    // (0: the experiment's own budget); false with the reason when it cannot.
    bool continueRunDirectory(const QString& directory, long long totalSteps, QString* error);
    // Waits up to waitMs for views still computing (the landscape's refinement) before writing;
    // views that are still not ready are errors, views with nothing to show are skipped.
    BatchExportResult exportAll(const QString& directory, const ExportOptions& options = {}, int waitMs = 120000);
    // The right-click menu of a view (Export figure..., Export CSV...); the caller owns it.
    QMenu* createViewContextMenu(RunView* view, QWidget* parent);

public Q_SLOTS:
    void newExperiment();
    void openExperiment();
    void saveExperiment();
    void saveExperimentAs();
    void startRun();
    void pauseRun();
    void resumeRun();
    void stepRun();
    void stopRun();
    void showCompareDialog();
    void showTaskGroupingDialog();
    void showPairwiseTransferDialog();
    void showFewShotAdaptationDialog();
    void showLearningFunctionDialog();
    // "Classical linear MTL...": opens the dialog (non-modal, one at a time) and returns it.
    LinearMtlDialog* showLinearMtlDialog();
    void importCsvDialog();
    void continueRunDialog();
    void openStoredRunDialog();
    void openRunsFolderDialog();
    void runSweepDialog();
    void runSweepDialogFor(const QString& file); // the dialog with this sweep file planned
    void exportAllDialog();
    // suffix "png", "svg", "pdf" or "csv"; empty: a figure in the format the file dialog picks.
    void exportViewDialog(const QString& suffix);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void setupViews();
    void addImportCsvButton();
    void setupRunsTable();
    void connectActions();
    void restoreLayout();
    void saveLayout();
    void updateActions();
    void updateTitle();
    void updateRecentMenu();
    void updateViewRuns();
    void onSelectionChanged();
    void onSnapshot(int index);
    void onRunEnded(int index);
    void refreshTick();
    void selectRows(const QList<int>& ids);
    // Waits for the views' pending computations under a progress dialog with a Cancel button;
    // false when cancelled.
    bool waitForExportable(const QList<RunView*>& views);
    bool askExportOptions(ExportOptions* options);

    std::unique_ptr<Ui::MainWindow> m_ui;
    std::unique_ptr<AppSettings> m_settings;
    ExperimentForm* m_form;
    RunManager* m_runs;
    StoredRuns* m_stored;
    RunsTableModel* m_model;
    RunsFilter* m_proxy;
    QLineEdit* m_runsFilter = nullptr;
    RunStatusWidget* m_status;
    QList<RunView*> m_views;
    QTimer m_refreshTimer;
    QElapsedTimer m_sinceRefresh;
    double m_lastRefreshMs = 0;
    double m_slowestRefreshMs = 0;
    QString m_path;
    QString m_untitledName; // the title when there is no file (the demo names itself)
    QString m_workspace;
    int m_currentRun = 0;
    QList<int> m_overlays;
    SweepProcess* m_sweep = nullptr;
    bool m_viewRunsPending = false; // updateViewRuns queued for runs found by a rescan
    bool m_dirty = false;
    bool m_modified = false;
};

} // namespace mtw::gui
