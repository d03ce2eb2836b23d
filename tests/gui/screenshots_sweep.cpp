// Grabs docs/screenshots/sweep_dialog.png (File > Run sweep... on resources/examples/
// sweep_methods_baselines.json: its 36 combinations listed) and sweep_runs.png (the window after
// running that sweep from the GUI: the 36 runs followed from the sweep folder, and the Study tab
// relating each method's Delta-m% against the sweep's own single-task baselines to the learning rate).
//   MTW_CLI=build/ci/src/cli/mtw-cli MTW_SCREENSHOT_DIR=docs/screenshots xvfb-run -a -s "-screen 0 1600x1000x24"
//   mtw_screenshots_sweep
#include "gui/main_window.h"
#include "gui/stored_runs.h"
#include "gui/sweep_dialog.h"
#include "gui/sweep_process.h"
#include "gui/views/study_view.h"
#include "screenshot_support.h"

#include <QApplication>
#include <QSignalSpy>
#include <QTabWidget>

using namespace mtw;

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QTemporaryDir temp;
    const QDir dir = test::prepareScreenshots(temp);
    const QString file = qEnvironmentVariable("MTW_SOURCE_DIR", QStringLiteral("."))
        + "/resources/examples/sweep_methods_baselines.json";

    gui::SweepDialog dialog;
    dialog.setFile(file);
    dialog.setDirectory(temp.filePath(QStringLiteral("family-sweep")));
    dialog.show();
    test::settle(300);
    bool ok = dialog.combinationCount() == 36 && test::save(&dialog, dir, QStringLiteral("sweep_dialog"));

    gui::MainWindow window;
    test::showForScreenshots(window, temp);
    QString error;
    gui::SweepProcess* sweep = window.startSweep(file, dialog.directory(), 2, &error);
    if (!sweep) {
        qWarning("%s", qPrintable(error));
        return 1;
    }
    QSignalSpy finished(sweep, &gui::SweepProcess::finished);
    if (!finished.wait(600000))
        return 1;
    window.storedRuns()->readAll();
    // The study of the sweep: each method's Delta-m% against the sweep's single-task baselines, by learning rate.
    QTabWidget* tabs = window.viewTabs();
    for (int i = 0; i < tabs->count(); ++i)
        if (auto* view = qobject_cast<gui::StudyView*>(tabs->widget(i))) {
            tabs->setCurrentIndex(i);
            view->reload(); // every run of the sweep, baselines included
            for (int waited = 0; waited < 30000 && view->numericQuantities().indexOf("transfer.delta_m") < 0;
                 waited += 100)
                test::settle(100);
            view->setQuantities(
                QStringLiteral("optimizer.lr"), QStringLiteral("transfer.delta_m"), QStringLiteral("method.name"));
            view->setLogX(true);
            for (int waited = 0; waited < 30000 && !view->result(); waited += 100)
                test::settle(100);
        }
    test::settle(500);
    ok = test::save(&window, dir, QStringLiteral("sweep_runs")) && ok;
    return ok ? 0 : 1;
}
