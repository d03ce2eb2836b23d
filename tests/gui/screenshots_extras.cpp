// Grabs docs/screenshots of the per-step extras after real runs: the Conflict tab with the
// proximal affinity heatmap and the groups of a selective-groups run on the synthetic family
// (tab_affinity.png), its Weights & norms tab with the extras chart (extras_affinity.png), and the
// extras chart of a task-SAM run on the CAGrad toy (extras_sam.png). Each experiment is loaded
// through the experiment form, as a user would, so the dock shows the mode next to the views.
//   MTW_SCREENSHOT_DIR=docs/screenshots xvfb-run -a -s "-screen 0 1600x1000x24" mtw_screenshots_extras
#include "gui/main_window.h"
#include "gui/run_manager.h"
#include "gui/views/run_view.h"
#include "gui_test_support.h"
#include "screenshot_support.h"

#include <QApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QTabWidget>
#include <QTest>
#include <QTimer>

using namespace mtw;

namespace {

using test::save;
using test::settle;

// Selective task-group updates (Jeong & Yoon 2025) with EW inside each group: 4 tasks, singleton
// groups for 20 steps, then groups from the affinity (EMA beta 0.01 so it moves within 300 steps).
const char* const selectiveExperiment = R"({
  "schema": "mtw-experiment/1",
  "name": "selective-groups-ew",
  "problem": { "type": "synthetic_family", "params": { "tasks": 4 } },
  "model": { "architecture": "mlp", "trunk": [64, 64], "activation": "relu" },
  "method": { "name": "ew", "params": {} },
  "mode": { "name": "selective_groups", "params": { "warmup": 20, "beta": 0.01 } },
  "optimizer": { "type": "adam", "lr": 0.001 },
  "training": { "steps": 300, "batch_size": 128, "seed": 0, "threads": 1 },
  "evaluation": { "every": 50 },
  "diagnostics": { "record_every": 1, "matrix_every": 10 }
})";

const char* const samExperiment = R"({
  "schema": "mtw-experiment/1",
  "name": "toy-task-sam",
  "problem": { "type": "cagrad_toy", "params": { "start": [-8.5, 7.5] } },
  "method": { "name": "ew", "params": {} },
  "mode": { "name": "task_sam", "params": { "rho": 0.05 } },
  "optimizer": { "type": "adam", "lr": 0.001 },
  "training": { "steps": 3000, "seed": 0, "threads": 1 },
  "evaluation": { "every": 100 },
  "diagnostics": { "record_every": 1, "matrix_every": 100 }
})";

// Loads the experiment into the form, starts it and waits for its end.
bool runExperiment(gui::MainWindow& window, const QString& path, const char* json)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(json) < 0)
        return false;
    file.close();
    QString error;
    if (!window.loadExperimentFile(path, &error)) {
        qWarning("%s: %s", qPrintable(path), qPrintable(error));
        return false;
    }
    window.startRun();
    settle(500);
    while (window.runManager()->hasActiveRuns())
        settle(200);
    settle(500);
    return true;
}

bool saveTab(gui::MainWindow& window, const QString& title, const QDir& dir, const QString& name)
{
    QTabWidget* tabs = window.viewTabs();
    for (int i = 0; i < tabs->count(); ++i)
        if (auto* view = qobject_cast<gui::RunView*>(tabs->widget(i)); view && view->title() == title) {
            tabs->setCurrentIndex(i);
            settle(600);
            return save(&window, dir, name);
        }
    qWarning("no tab %s", qPrintable(title));
    return false;
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QTemporaryDir temp;
    const QDir dir = test::prepareScreenshots(temp);

    gui::MainWindow window;
    test::showForScreenshots(window, temp);

    bool ok = runExperiment(window, temp.filePath(QStringLiteral("selective.json")), selectiveExperiment);
    ok = ok && saveTab(window, QStringLiteral("Conflict"), dir, QStringLiteral("tab_affinity"));
    ok = ok && saveTab(window, QStringLiteral("Weights & norms"), dir, QStringLiteral("extras_affinity"));
    ok = ok && runExperiment(window, temp.filePath(QStringLiteral("sam.json")), samExperiment);
    ok = ok && saveTab(window, QStringLiteral("Weights & norms"), dir, QStringLiteral("extras_sam"));
    return ok ? 0 : 1;
}
