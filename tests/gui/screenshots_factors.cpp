// Grabs docs/screenshots of the Factors tab after real small runs: an EW multi-task run on the
// synthetic task family (3 tasks, MLP) with every trajectory factor measured every 50 steps, and
// its single-task baselines queued through "Single-task baselines"; sharpness of task 0 against
// training loss (factors_sharpness), the per-example coherence on log axes (factors_coherence), and
// the Conflict tab with the TAG look-ahead affinity under the cosine heatmap (tag_affinity).
//   MTW_SCREENSHOT_DIR=docs/screenshots xvfb-run -a -s "-screen 0 1600x1000x24" mtw_screenshots_factors
#include "gui/experiment_form.h"
#include "gui/main_window.h"
#include "gui/run_manager.h"
#include "gui/views/conflict_view.h"
#include "gui/views/factors_view.h"
#include "gui_test_support.h"
#include "screenshot_support.h"

#include <QApplication>
#include <QLabel>
#include <QTabWidget>

using namespace mtw;

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QTemporaryDir temp;
    const QDir dir = test::prepareScreenshots(temp);
    gui::MainWindow window;
    test::showForScreenshots(window, temp);

    engine::Experiment e;
    e.name = "family-factors";
    e.problem = "synthetic_family";
    e.problemParams = { { "tasks", 3LL }, { "samples", 3000LL }, { "features", 16LL }, { "rho", 0.5 } };
    e.modelParams = { { "trunk", std::vector<long long> { 64, 32 } } };
    e.method = "ew";
    e.optimizer.learningRate = 3e-3;
    e.steps = qEnvironmentVariableIntValue("MTW_SCREENSHOT_STEPS") > 0
        ? qEnvironmentVariableIntValue("MTW_SCREENSHOT_STEPS")
        : 800;
    e.batchSize = 64;
    e.evaluateEvery = 25;
    e.factors.every = 50;
    e.factors.samples = 512;
    e.factors.samRho = { 0.05 };
    e.matrixEvery = 10;
    window.experimentForm()->setExperiment(e);
    gui::RunManager* runs = window.runManager();
    runs->setMaxParallel(2);
    const int multi = window.startExperiment(*window.experimentForm()->experiment());
    window.startBaselines();
    while (runs->hasActiveRuns())
        test::settle(200);
    window.setCurrentRun(multi);
    bool ok = true;
    QTabWidget* tabs = window.viewTabs();
    for (int i = 0; i < tabs->count(); ++i)
        if (auto* view = qobject_cast<gui::FactorsView*>(tabs->widget(i))) {
            tabs->setCurrentIndex(i);
            view->setFactor(QStringLiteral("sharpness"));
            view->setTask(0);
            test::settle(600);
            ok = test::save(&window, dir, QStringLiteral("factors_sharpness")) && ok;
            view->setFactor(QStringLiteral("coherence"));
            view->setLogY(true);
            test::settle(400);
            ok = test::save(view, dir, QStringLiteral("factors_coherence")) && ok;
            qInfo("%s", qPrintable(view->summaryLabel()->text()));
        }
    for (int i = 0; i < tabs->count(); ++i)
        if (auto* view = qobject_cast<gui::ConflictView*>(tabs->widget(i))) {
            tabs->setCurrentIndex(i);
            view->showAffinityKind(gui::AffinityKind::Lookahead);
            test::settle(600);
            ok = test::save(&window, dir, QStringLiteral("tag_affinity")) && ok;
        }
    return ok ? 0 : 1;
}
