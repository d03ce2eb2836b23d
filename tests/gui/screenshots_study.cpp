// Grabs docs/screenshots/tab_study.png: the Study tab over 24 stored runs (3 methods (EW, MGDA, PCGrad) x 2
// learning rates x 4 seeds of the synthetic experiment), final loss against the learning rate by
// method, study_heatmap.png (its heat map of the mean final loss per cell) and study_parallel.png
// (parallel coordinates over lr, seed, two conflict summaries and the final loss, coloured by
// method, the runs with lr = 0.01 kept by a range).
//   MTW_SCREENSHOT_DIR=docs/screenshots xvfb-run -a -s "-screen 0 1600x1000x24" mtw_screenshots_study
#include "engine/run_job.h"
#include "engine/synthetic_experiment.h"
#include "gui/main_window.h"
#include "gui/stored_runs.h"
#include "gui/views/study_parallel_panel.h"
#include "gui/views/study_view.h"
#include "screenshot_support.h"

#include <QApplication>
#include <QTabWidget>

using namespace mtw;

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QTemporaryDir temp;
    const QDir dir = test::prepareScreenshots(temp);
    const QString root = temp.filePath(QStringLiteral("study"));
    for (const char* method : { "ew", "mgda", "pcgrad" })
        for (double lr : { 1e-3, 1e-2 })
            for (std::uint64_t seed : { 1, 2, 3, 4 }) {
                engine::Experiment e = test::syntheticExperiment(method, 3, 1, seed);
                e.steps = 60;
                e.evaluateEvery = 20;
                e.optimizer.learningRate = lr;
                engine::RunJob job(
                    e, QString("%1/%2-lr%3/seed-%4").arg(root, method).arg(lr).arg(seed).toStdString(), {});
                if (job.run(nullptr, nullptr).status != engine::RunStatus::Finished)
                    return 1;
            }

    gui::MainWindow window;
    test::showForScreenshots(window, temp);
    QStringList errors;
    window.openStoredRuns({ root }, &errors);
    window.storedRuns()->readAll();
    QTabWidget* tabs = window.viewTabs();
    bool ok = false;
    for (int i = 0; i < tabs->count(); ++i)
        if (auto* view = qobject_cast<gui::StudyView*>(tabs->widget(i))) {
            tabs->setCurrentIndex(i);
            view->setQuantities(
                QStringLiteral("optimizer.lr"), QStringLiteral("final.loss.mean"), QStringLiteral("method.name"));
            view->setLogX(true);
            test::settle(600);
            ok = test::save(&window, dir, QStringLiteral("tab_study"));
            view->contentTabs()->setCurrentIndex(1);
            test::settle(300);
            ok = test::save(view, dir, QStringLiteral("study_heatmap")) && ok;
            view->contentTabs()->setCurrentIndex(3);
            view->parallelPanel()->setAxes({ QStringLiteral("optimizer.lr"), QStringLiteral("training.seed"),
                QStringLiteral("series.conflict_fraction.mean"), QStringLiteral("series.cosine_mean.mean"),
                QStringLiteral("final.loss.mean") });
            view->parallelPanel()->setBrush(QStringLiteral("optimizer.lr"), 0.005, 0.02);
            test::settle(300);
            ok = test::save(view, dir, QStringLiteral("study_parallel")) && ok;
        }
    return ok ? 0 : 1;
}
