// Grabs the figures of many runs and many tasks (issue 11) into docs/screenshots:
//   losses_8_runs.png          8 methods on a 4-task synthetic family, coloured by run (tasks by dash)
//   losses_12_task_panels.png  3 methods on a 12-task family, a training-loss panel per task
//   conflict_12_tasks.png      the 12 x 12 cosine heatmap, numbered columns, run and step named
//   pareto_8_runs.png          the 8 methods' final points, zoomed to them, one legend entry per run
//   pareto_pairs_8_runs.png    the same final points in every pair of the 4 tasks (scatter-plot matrix)
//   weights_8_runs.png         Weights & norms coloured by run, slow-downs on a symlog axis
//   MTW_SCREENSHOT_DIR=docs/screenshots xvfb-run -a -s "-screen 0 1600x1000x24" mtw_screenshots_many_runs
#include "engine/run_job.h"
#include "engine/synthetic_experiment.h"
#include "gui/main_window.h"
#include "gui/stored_runs.h"
#include "gui/views/losses_view.h"
#include "gui/views/pareto_view.h"
#include "gui/views/weights_view.h"
#include "screenshot_support.h"

#include <QApplication>
#include <QTabWidget>

using namespace mtw;

namespace {
bool train(const QString& root, const QStringList& methods, int tasks)
{
    for (const QString& method : methods) {
        engine::Experiment e = test::syntheticExperiment(method.toStdString(), tasks, 1, 3);
        e.steps = 600;
        e.evaluateEvery = 50;
        engine::RunJob job(e, QString("%1/%2").arg(root, method).toStdString(), {});
        if (job.run(nullptr, nullptr).status != engine::RunStatus::Finished)
            return false;
    }
    return true;
}

template <typename View> View* showTab(gui::MainWindow& window)
{
    QTabWidget* tabs = window.viewTabs();
    for (int i = 0; i < tabs->count(); ++i)
        if (auto* view = qobject_cast<View*>(tabs->widget(i))) {
            tabs->setCurrentIndex(i);
            return view;
        }
    return nullptr;
}

bool grab(const QString& root, const QDir& dir, const QTemporaryDir& temp, bool panels)
{
    gui::MainWindow window;
    test::showForScreenshots(window, temp);
    QStringList errors;
    window.openStoredRuns({ root }, &errors);
    window.storedRuns()->readAll();
    auto* losses = showTab<gui::LossesView>(window);
    if (!losses)
        return false;
    losses->setSmoothing(0.9);
    if (panels)
        losses->setPanelPerTask(true);
    else
        losses->setColourByRun(true);
    test::settle(600);
    bool ok
        = test::save(&window, dir, panels ? QStringLiteral("losses_12_task_panels") : QStringLiteral("losses_8_runs"));
    if (!panels) {
        if (auto* pareto = showTab<gui::ParetoView>(window)) {
            pareto->setZoomToFinals(true);
            test::settle(400);
            ok = test::save(&window, dir, QStringLiteral("pareto_8_runs")) && ok;
            pareto->setAllPairs(true);
            test::settle(400);
            ok = test::save(&window, dir, QStringLiteral("pareto_pairs_8_runs")) && ok;
        }
        if (auto* weights = showTab<gui::WeightsView>(window)) {
            weights->setColourByRun(true);
            weights->setScale(gui::WeightsView::Scale::Symlog);
            test::settle(400);
            ok = test::save(&window, dir, QStringLiteral("weights_8_runs")) && ok;
        }
    }
    if (panels) {
        QTabWidget* tabs = window.viewTabs();
        for (int i = 0; i < tabs->count(); ++i)
            if (tabs->tabText(i) == QStringLiteral("Conflict"))
                tabs->setCurrentIndex(i);
        test::settle(400);
        ok = test::save(&window, dir, QStringLiteral("conflict_12_tasks")) && ok;
        if (auto* weights = showTab<gui::WeightsView>(window)) {
            weights->setPanelPerTask(gui::TaskSeries::GradientNorm);
            test::settle(600);
            ok = test::save(&window, dir, QStringLiteral("weights_12_task_panels")) && ok;
        }
    }
    return ok;
}
} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QTemporaryDir temp;
    const QDir dir = test::prepareScreenshots(temp);
    const QString eight = temp.filePath(QStringLiteral("eight")), twelve = temp.filePath(QStringLiteral("twelve"));
    if (!train(eight, { "ew", "mgda", "pcgrad", "cagrad", "nash_mtl", "upgrad", "imtl_g", "aligned_mtl" }, 4)
        || !train(twelve, { "ew", "pcgrad", "upgrad" }, 12))
        return 1;
    const bool ok = grab(eight, dir, temp, false) && grab(twelve, dir, temp, true);
    return ok ? 0 : 1;
}
