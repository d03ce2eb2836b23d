// MainWindow: run control (Start, Pause, Resume, Step, Stop), Compare methods, the demo, and the
// 40 ms refresh of the visible view and the status bar.
#include "engine/factor_transfer.h"
#include "engine/single_task_baselines.h"
#include "gui/compare_dialog.h"
#include "gui/demo_experiments.h"
#include "gui/experiment_form.h"
#include "gui/few_shot_adaptation_dialog.h"
#include "gui/learning_function_dialog.h"
#include "gui/main_window.h"
#include "gui/run_manager.h"
#include "gui/run_status_widget.h"
#include "gui/task_grouping_dialog.h"
#include "ui_main_window.h"

#include <QApplication>
#include <QStatusBar>

namespace mtw::gui {

int MainWindow::startExperiment(const engine::Experiment& experiment)
{
    m_runs->setWorkspace(m_workspace);
    const int id = m_runs->enqueue(experiment);
    m_currentRun = id;
    selectRows({ id });
    updateViewRuns();
    return id;
}

void MainWindow::startRun()
{
    if (const std::optional<engine::Experiment>& experiment = m_form->experiment())
        startExperiment(*experiment);
    else
        statusBar()->showMessage(tr("Cannot start: %1").arg(m_form->validationMessage()), 8000);
}

void MainWindow::pauseRun()
{
    forControlledRuns(&RunManager::pause);
}

void MainWindow::resumeRun()
{
    forControlledRuns(&RunManager::resume);
}

void MainWindow::stepRun()
{
    forControlledRuns(&RunManager::step);
}

void MainWindow::stopRun()
{
    forControlledRuns(&RunManager::stop);
}

void MainWindow::forControlledRuns(void (RunManager::*control)(int))
{
    for (int id : controlledRuns())
        (m_runs->*control)(id);
}

QList<int> MainWindow::controlledRuns() const
{
    const auto ours = [this](int id) {
        const int index = m_runs->indexOf(id);
        return index >= 0 && !m_runs->at(index).stored && isActive(m_runs->at(index).state);
    };
    if (ours(m_currentRun))
        return { m_currentRun };
    QList<int> ids;
    for (int id : shownRuns())
        if (ours(id))
            ids << id;
    return ids;
}

QString MainWindow::batchSummary() const
{
    const QList<int> shown = shownRuns();
    if (shown.size() < 2)
        return {};
    int counts[6] = {};
    for (int id : shown)
        if (const int index = m_runs->indexOf(id); index >= 0)
            ++counts[static_cast<int>(m_runs->at(index).state)];
    QStringList parts;
    for (RunState state : { RunState::Running, RunState::Paused, RunState::Queued, RunState::Finished,
             RunState::Stopped, RunState::Failed })
        if (const int n = counts[static_cast<int>(state)]; n > 0)
            parts << QStringLiteral("%1 %2").arg(n).arg(runStateName(state));
    return tr("%1 runs shown: %2").arg(shown.size()).arg(parts.join(QStringLiteral(", ")));
}

QList<int> MainWindow::compareMethods(const QStringList& methods, int maxParallel)
{
    QList<int> ids;
    const std::optional<engine::Experiment>& base = m_form->experiment();
    if (!base || methods.isEmpty())
        return ids;
    m_runs->setWorkspace(m_workspace);
    m_runs->setMaxParallel(maxParallel);
    for (const QString& method : methods)
        ids << m_runs->enqueue(withMethod(*base, method.toStdString()));
    m_currentRun = ids.front();
    selectRows(ids);
    updateViewRuns();
    return ids;
}

void MainWindow::showCompareDialog()
{
    CompareDialog dialog(this);
    QStringList preset = demoComparisonMethods();
    if (m_form->experiment())
        preset.prepend(QString::fromStdString(m_form->experiment()->method));
    dialog.setCheckedMethods(preset);
    dialog.setMaxParallel(m_runs->maxParallel());
    if (dialog.exec() == QDialog::Accepted)
        compareMethods(dialog.checkedMethods(), dialog.maxParallel());
}

QList<int> MainWindow::startDemo(bool withComparison, long long steps)
{
    const std::vector<engine::Experiment> experiments = demoExperiments(steps);
    m_form->setExperiment(experiments.front());
    // The demo is a known, unedited experiment: name it, and do not mark it as modified.
    m_path.clear();
    m_untitledName = tr("demo: %1").arg(QString::fromStdString(experiments.front().name));
    m_modified = false;
    updateTitle();
    m_runs->setWorkspace(m_workspace);
    // The demo runs and the comparisons share the machine: two at a time leaves the GUI
    // responsive on a 2-core machine (each toy run is single-threaded).
    m_runs->setMaxParallel(2);
    QList<int> ids;
    const std::size_t count = withComparison ? experiments.size() : 1;
    for (std::size_t i = 0; i < count; ++i)
        ids << m_runs->enqueue(experiments[i]);
    m_currentRun = ids.front();
    selectRows(ids);
    updateViewRuns();
    return ids;
}

QList<int> MainWindow::startBaselines()
{
    QList<int> ids;
    const std::optional<engine::Experiment>& base = m_form->experiment();
    if (!base) {
        statusBar()->showMessage(tr("Cannot queue baselines: %1").arg(m_form->validationMessage()), 8000);
        return ids;
    }
    std::vector<std::string> tasks;
    QApplication::setOverrideCursor(Qt::WaitCursor); // a data problem loads its data set here (then cached)
    try {
        tasks = engine::experimentTaskNames(*base);
    } catch (const std::exception& error) {
        QApplication::restoreOverrideCursor();
        statusBar()->showMessage(tr("Cannot queue baselines: %1").arg(QString::fromStdString(error.what())), 15000);
        return ids;
    }
    QApplication::restoreOverrideCursor();
    if (tasks.size() < 2) {
        statusBar()->showMessage(tr("A single-task problem has no single-task baselines"), 8000);
        return ids;
    }
    m_runs->setWorkspace(m_workspace);
    for (const engine::Experiment& single : engine::singleTaskExperiments(*base, tasks))
        ids << m_runs->enqueue(single);
    if (!currentRun())
        m_currentRun = ids.front();
    updateViewRuns(); // the transfer view finds the new baselines among all runs
    statusBar()->showMessage(
        tr("Queued %1 single-task baselines; select the multi-task run and open the ST vs MT transfer tab")
            .arg(ids.size()),
        8000);
    return ids;
}

std::unique_ptr<TaskGroupingDialog> MainWindow::taskGroupingDialog(QString* error)
{
    const RunEntry* run = currentRun();
    if (!run || run->runDirectory.isEmpty()) {
        *error = tr("Select a run recorded with look-ahead gains (diagnostics.factors.tag_affinity)");
        return nullptr;
    }
    TaskGroupingDialog::Sources sources;
    try {
        sources.allInOne = engine::readRun(run->runDirectory.toStdString());
        sources.factors = engine::readRunFactors(run->runDirectory.toStdString());
    } catch (const std::exception& failure) {
        *error = tr("Cannot read %1: %2").arg(run->runDirectory, QString::fromStdString(failure.what()));
        return nullptr;
    }
    sources.runs = knownRuns();
    return std::make_unique<TaskGroupingDialog>(std::move(sources), this);
}

QList<int> MainWindow::queueRuns(const std::vector<engine::Experiment>& experiments, const QString& message)
{
    QList<int> ids;
    m_runs->setWorkspace(m_workspace);
    for (const engine::Experiment& experiment : experiments)
        ids << m_runs->enqueue(experiment);
    updateViewRuns();
    statusBar()->showMessage(message.arg(ids.size()), 8000);
    return ids;
}

QList<int> MainWindow::queueTaskGroupRuns(const TaskGroupingDialog& dialog)
{
    return queueRuns(
        dialog.missingRuns(), tr("Queued %1 runs for the task groups; open Run > Task groups again to compare them"));
}

void MainWindow::showTaskGroupingDialog()
{
    QString error;
    const std::unique_ptr<TaskGroupingDialog> dialog = taskGroupingDialog(&error);
    if (!dialog) {
        statusBar()->showMessage(error, 10000);
        return;
    }
    if (dialog->exec() == QDialog::Accepted)
        queueTaskGroupRuns(*dialog);
}

// The shown runs (the current one, then the overlays) that have a directory: their trunks.
QStringList MainWindow::shownRunDirectories() const
{
    QStringList directories;
    for (int id : shownRuns())
        if (const int index = m_runs->indexOf(id); index >= 0 && !m_runs->at(index).runDirectory.isEmpty())
            directories << m_runs->at(index).runDirectory;
    return directories;
}

void MainWindow::showLearningFunctionDialog()
{
    const QStringList directories = shownRunDirectories();
    if (directories.isEmpty()) {
        statusBar()->showMessage(tr("Select stored runs (a sweep over T, n and relatedness) to fit"), 10000);
        return;
    }
    LearningFunctionDialog dialog(directories, this);
    dialog.exec();
}

void MainWindow::showFewShotAdaptationDialog()
{
    const QStringList directories = shownRunDirectories();
    if (directories.isEmpty()) {
        statusBar()->showMessage(tr("Select stored runs (with a run directory) whose trunks to adapt"), 10000);
        return;
    }
    FewShotAdaptationDialog dialog(directories, this);
    dialog.exec();
}

void MainWindow::onSnapshot(int index)
{
    // Any run: a view may draw on runs that are not shown (the transfer view's baselines), and
    // refresh() is cheap for a view whose runs did not change.
    (void)index;
    m_dirty = true;
}

void MainWindow::onRunEnded(int index)
{
    const RunEntry& entry = m_runs->at(index);
    if (entry.state == RunState::Failed)
        statusBar()->showMessage(
            tr("Run %1 failed: %2").arg(entry.name, entry.message)); // stays until the next message
    else
        statusBar()->showMessage(tr("Run %1 %2: %3").arg(entry.name, runStateName(entry.state), entry.message), 8000);
    m_dirty = true;
    refreshTick();
    updateActions();
}

void MainWindow::refreshTick()
{
    if (!m_dirty)
        return;
    // Leave the event loop idle at least twice as long as the last redraw took: a view that is
    // slow to draw (big overlays, software OpenGL) lowers its own frame rate, not the window's
    // responsiveness.
    if (m_sinceRefresh.isValid() && static_cast<double>(m_sinceRefresh.elapsed()) < 3.0 * m_lastRefreshMs)
        return;
    m_dirty = false;
    QElapsedTimer timer;
    timer.start();
    if (RunView* view = currentView())
        view->refresh();
    m_status->showRun(currentRun(), batchSummary());
    m_lastRefreshMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    m_slowestRefreshMs = std::max(m_slowestRefreshMs, m_lastRefreshMs);
    m_sinceRefresh.start();
}

void MainWindow::updateActions()
{
    const RunEntry* run = currentRun();
    bool running = false, paused = false;
    for (int id : controlledRuns()) {
        running = running || m_runs->at(m_runs->indexOf(id)).state == RunState::Running;
        paused = paused || m_runs->at(m_runs->indexOf(id)).state == RunState::Paused;
    }
    m_ui->actionStart->setEnabled(m_form->isValid());
    m_ui->actionCompare->setEnabled(m_form->isValid());
    m_ui->actionBaselines->setEnabled(m_form->isValid());
    // Stored runs followed from elsewhere are not controlled here (controlledRuns leaves them out).
    m_ui->actionPause->setEnabled(running);
    m_ui->actionResume->setEnabled(paused);
    m_ui->actionStep->setEnabled(paused);
    m_ui->actionStop->setEnabled(!controlledRuns().isEmpty());
    m_ui->actionStopAll->setEnabled(m_runs->hasActiveRuns());
    m_ui->actionOpenRunFolder->setEnabled(run && !run->runDirectory.isEmpty());
    const bool hasData = run != nullptr && currentView() != nullptr;
    m_ui->actionExportAll->setEnabled(hasData);
    m_ui->menuExportView->setEnabled(hasData);
    m_ui->actionStart->setToolTip(m_form->isValid() ? tr("Start a run of the experiment")
                                                    : tr("Cannot start: %1").arg(m_form->validationMessage()));
}

} // namespace mtw::gui
