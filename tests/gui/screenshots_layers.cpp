// Grabs the Conflict tab of a stored network run with its layer matrices into docs/screenshots:
//   <name>_per_layer.png     "Per layer" on: a cosine heatmap per shared layer and the heads' CKA
//   <name>_angle_boxes.png   the per-epoch conflict-angle box plots (of the whole network)
// for each run folder given as NAME=RUN_ROOT (a folder holding one run directory, e.g. from
// `mtw-cli run EXPERIMENT --out RUN_ROOT/run`); a third optional field picks the box plots' layer
// (NAME=RUN_ROOT=2: the second layer). The exported figures are written too (<name>_*.svg).
// docs/screenshots/conflict_per_layer.png and conflict_angle_boxes.png are five_*.png of
// `mtw-cli run` on synthetic_family with "tasks": 12, an mlp trunk [64, 64, 64, 32, 32], ew, Adam
// 1e-3, 750 steps of batch 128, diagnostics.matrix_every 5, grabbed with five=ROOT=3.
//   MTW_SCREENSHOT_DIR=docs/screenshots xvfb-run -a -s "-screen 0 1920x1080x24"
//       mtw_screenshots_layers twelve=/tmp/runs12 lenet=/tmp/lenet
#include "gui/main_window.h"
#include "gui/stored_runs.h"
#include "gui/views/angle_box_panel.h"
#include "gui/views/conflict_view.h"
#include "screenshot_support.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QTabWidget>

using namespace mtw;

namespace {

bool grab(const QString& name, const QString& root, int layer, const QDir& dir, const QTemporaryDir& temp)
{
    gui::MainWindow window;
    test::showForScreenshots(window, temp);
    window.resize(1800, 1000);
    // The view's room: the experiment form is not what these pictures are about.
    for (QDockWidget* dock : window.findChildren<QDockWidget*>())
        dock->hide();
    QStringList errors;
    window.openStoredRuns({ root }, &errors);
    window.storedRuns()->readAll();
    QTabWidget* tabs = window.viewTabs();
    gui::ConflictView* view = nullptr;
    for (int i = 0; i < tabs->count() && !view; ++i)
        if ((view = qobject_cast<gui::ConflictView*>(tabs->widget(i))))
            tabs->setCurrentIndex(i);
    if (!view || !view->perLayerBox()->isEnabled()) {
        qWarning("%s: no Conflict view with layer matrices (%s)", qPrintable(name), qPrintable(errors.join("; ")));
        return false;
    }
    view->perLayerBox()->setChecked(true);
    test::settle(600);
    gui::ExportOptions options;
    options.size = QSize(1600, 900);
    options.dpi = 96;
    bool ok = test::save(&window, dir, name + QStringLiteral("_per_layer"));
    ok = test::saveFigure(*view, dir.filePath(name + QStringLiteral("_per_layer.svg")), options) && ok;
    view->overTimeTabs()->setCurrentWidget(view->angleBoxPanel());
    QComboBox* source = view->angleBoxPanel()->sourceChoice();
    if (layer > 0 && layer < source->count())
        view->angleBoxPanel()->setSource(source->itemData(layer).toString());
    view->perLayerBox()->setChecked(false);
    test::settle(600);
    ok = test::save(&window, dir, name + QStringLiteral("_angle_boxes")) && ok;
    ok = test::saveFigure(*view, dir.filePath(name + QStringLiteral("_angle_boxes.svg")), options) && ok;
    return ok;
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QTemporaryDir temp;
    const QDir dir = test::prepareScreenshots(temp);
    bool ok = argc > 1;
    for (int a = 1; a < argc; ++a) {
        const QStringList parts = QString::fromLocal8Bit(argv[a]).split(QLatin1Char('='));
        if (parts.size() < 2) {
            qWarning("expected NAME=RUN_ROOT[=LAYER], got %s", argv[a]);
            return 2;
        }
        ok = grab(parts[0], parts[1], parts.value(2).toInt(), dir, temp) && ok;
    }
    return ok ? 0 : 1;
}
