#include "gui/headless_run.h"

#include "gui/experiment_form.h"
#include "gui/main_window.h"
#include "gui/run_manager.h"
#include "gui/runs_table_model.h"
#include "gui/stored_runs.h"
#include "gui/views/conflict_view.h"
#include "gui/views/losses_view.h"
#include "gui/views/study_view.h"
#include "gui/views/weights_view.h"

#include <QCheckBox>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <algorithm>

namespace mtw::gui {

namespace {

// Waits for views still computing, then writes every view's files and runs.csv; false when a
// file could not be written or a view never became ready.
bool exportEverything(
    MainWindow& window, const QString& outputDirectory, QTextStream& out, const HeadlessFigures& figures)
{
    bool ok = true;
    const int waitSeconds = figures.waitSeconds;
    for (RunView* view : window.views())
        if (auto* losses = qobject_cast<LossesView*>(view)) {
            losses->setColourByRun(figures.colourByRun);
            losses->setPanelPerTask(figures.panelPerTask);
            if (figures.evaluation == QLatin1String("worst-group"))
                losses->setWorstGroupShown(true);
            else
                losses->setValidationMetric(figures.evaluation == QLatin1String("metric"));
        } else if (auto* weights = qobject_cast<WeightsView*>(view)) {
            weights->setColourByRun(figures.colourByRun);
            weights->setLayoutByName(figures.weightsLayout);
        } else if (auto* conflict = qobject_cast<ConflictView*>(view)) {
            // Only a run that records layer matrices enables Per layer; the others keep the heatmap.
            if (figures.conflictPerLayer && conflict->perLayerBox()->isEnabled())
                conflict->perLayerBox()->setChecked(true);
            if (figures.conflictBoxes)
                conflict->overTimeTabs()->setCurrentIndex(1);
        } else if (auto* study = qobject_cast<StudyView*>(view); study && figures.studyQuantities.size() >= 2) {
            study->setQuantities(
                figures.studyQuantities[0], figures.studyQuantities[1], figures.studyQuantities.value(2));
        }
    const QString directory = QFileInfo(outputDirectory).absoluteFilePath();
    QElapsedTimer waited;
    waited.start();
    QString waitingFor;
    const bool ready
        = waitUntilExportable(window.views(), std::max(0, waitSeconds) * 1000, [&](const RunView* pending) {
              if (pending->title() != waitingFor) {
                  waitingFor = pending->title();
                  out << "mtw: waiting for " << waitingFor << ": " << pending->exportBlocker() << Qt::endl;
              }
              return true;
          });
    if (!ready)
        out << "mtw: gave up waiting after " << waited.elapsed() / 1000 << " s (--wait " << waitSeconds << ")"
            << Qt::endl;
    const BatchExportResult result = window.exportAll(directory, figures.options, 0);
    for (const QString& file : result.files)
        out << "  wrote " << file << Qt::endl;
    for (const QString& skipped : result.skipped)
        out << "  skipped " << skipped << Qt::endl;
    for (const QString& error : result.errors)
        out << "  export error: " << error << Qt::endl;
    QString tableError;
    const QString table = QDir(directory).filePath(QStringLiteral("runs.csv"));
    if (window.runsModel()->writeCsv(table, &tableError))
        out << "  wrote " << table << Qt::endl;
    else
        out << "  export error: runs.csv: " << tableError << Qt::endl;
    out << "mtw: figures and CSV files in " << directory << Qt::endl;
    if (!result.ok()) {
        ok = false;
        out << "mtw: incomplete export: " << result.errors.join(QStringLiteral("; ")) << Qt::endl;
    }
    return ok;
}

} // namespace

int runHeadless(MainWindow& window, const std::vector<engine::Experiment>& experiments, const QString& outputDirectory,
    QTextStream& out, int maxParallel, const HeadlessFigures& figures)
{
    if (experiments.empty())
        return 2;
    RunManager* runs = window.runManager();
    runs->setWorkspace(window.workspace());
    runs->setMaxParallel(maxParallel);
    window.experimentForm()->setExperiment(experiments.front());
    QList<int> ids;
    for (const engine::Experiment& experiment : experiments)
        ids << runs->enqueue(experiment);
    window.setCurrentRun(ids.front());
    window.setOverlayRuns(ids.mid(1));
    out << "mtw: running " << ids.size() << " run(s); run directories under " << window.workspace() << Qt::endl;

    QEventLoop loop;
    QTimer progress;
    progress.setInterval(2000);
    QObject::connect(&progress, &QTimer::timeout, &loop, [&] {
        for (int id : ids) {
            const RunEntry& entry = runs->at(runs->indexOf(id));
            if (entry.state == RunState::Running)
                out << "  " << entry.name << ": " << entry.steps << " / " << entry.experiment.steps << " steps"
                    << Qt::endl;
        }
    });
    QObject::connect(runs, &RunManager::allIdle, &loop, &QEventLoop::quit);
    progress.start();
    if (runs->hasActiveRuns())
        loop.exec();
    progress.stop();

    int exitCode = 0;
    for (int id : ids) {
        const RunEntry& entry = runs->at(runs->indexOf(id));
        out << "  " << entry.name << ": " << runStateName(entry.state) << " (" << entry.message << ")";
        if (!entry.runDirectory.isEmpty())
            out << " -> " << entry.runDirectory;
        out << Qt::endl;
        if (entry.state == RunState::Failed)
            exitCode = 1;
    }

    window.setCurrentRun(ids.front()); // views show the first run with the others overlaid
    if (!exportEverything(window, outputDirectory, out, figures))
        exitCode = 1;
    return exitCode;
}

int exportStoredHeadless(MainWindow& window, const QStringList& paths, const QString& outputDirectory, QTextStream& out,
    const HeadlessFigures& figures)
{
    QStringList errors;
    const QList<int> ids = window.openStoredRuns(paths, &errors);
    for (const QString& error : std::as_const(errors))
        out << "mtw: cannot open: " << error << Qt::endl;
    if (ids.isEmpty())
        return 2;
    window.storedRuns()->readAll();
    RunManager* runs = window.runManager();
    int exitCode = errors.isEmpty() ? 0 : 1;
    for (int id : ids) {
        const RunEntry& entry = runs->at(runs->indexOf(id));
        out << "  " << entry.name << ": " << runStateName(entry.state) << ", " << entry.steps << " steps";
        if (!entry.message.isEmpty())
            out << " (" << entry.message << ")";
        out << " <- " << entry.runDirectory << Qt::endl;
    }
    window.setCurrentRun(ids.front());
    window.setOverlayRuns(ids.mid(1, MainWindow::maxOverlaidStoredRuns));
    if (!exportEverything(window, outputDirectory, out, figures))
        exitCode = 1;
    return exitCode;
}

} // namespace mtw::gui
