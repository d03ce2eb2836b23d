// Grabs docs/screenshots: the main window after the demo (with its comparison runs) and every
// view tab, the experiment dock with an invalid value, and the compare dialog.
//   MTW_SCREENSHOT_DIR=docs/screenshots xvfb-run -a -s "-screen 0 1600x1000x24" mtw_screenshots
#include "gui/compare_dialog.h"
#include "gui/experiment_form.h"
#include "gui/figure_batch_export.h"
#include "gui/main_window.h"
#include "gui/parameter_form.h"
#include "gui/run_manager.h"
#include "gui_test_support.h"
#include "screenshot_support.h"

#include <QApplication>
#include <QDir>
#include <QEventLoop>
#include <QLineEdit>
#include <QScrollArea>
#include <QTabWidget>
#include <QTest>
#include <QTimer>

using namespace mtw;

namespace {

using test::save;
using test::settle;

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QTemporaryDir temp;
    const QDir dir = test::prepareScreenshots(temp);

    gui::MainWindow window;
    test::showForScreenshots(window, temp);
    const QList<int> ids = window.startDemo(true, qEnvironmentVariableIntValue("MTW_SCREENSHOT_STEPS"));
    settle(1500);
    save(&window, dir, QStringLiteral("main_window_running"));
    gui::RunManager* runs = window.runManager();
    while (runs->hasActiveRuns())
        settle(200);
    settle(300);
    bool ok = save(&window, dir, QStringLiteral("main_window"));
    QTabWidget* tabs = window.viewTabs();
    for (int i = 0; i < tabs->count(); ++i) {
        tabs->setCurrentIndex(i);
        settle(600);
        auto* view = qobject_cast<gui::RunView*>(tabs->widget(i));
        if (view && view->title() == QStringLiteral("Study"))
            continue; // mtw_screenshots_study shows it over a set of stored runs
        ok = save(&window, dir, QStringLiteral("tab_") + gui::fileStem(view ? view->title() : QString::number(i)))
            && ok;
    }
    tabs->setCurrentIndex(0);

    gui::ParameterForm* optimizer = window.experimentForm()->sectionForm(QStringLiteral("optimizer"));
    qobject_cast<QLineEdit*>(optimizer->editor(QStringLiteral("lr")))->setText(QStringLiteral("-0.01"));
    window.experimentForm()->methodForm()->setText(QStringLiteral("max_norm"), QStringLiteral("abc"));
    settle(200);
    QWidget* dock = window.findChild<QScrollArea*>(QStringLiteral("experimentScroll"));
    ok = save(dock, dir, QStringLiteral("experiment_dock_invalid")) && ok;
    ok = save(&window, dir, QStringLiteral("main_window_invalid_input")) && ok;

    gui::CompareDialog compare(&window);
    compare.setCheckedMethods({ QStringLiteral("ew"), QStringLiteral("mgda"), QStringLiteral("pcgrad"),
        QStringLiteral("cagrad"), QStringLiteral("upgrad"), QStringLiteral("nash_mtl") });
    compare.show();
    settle(300);
    ok = save(&compare, dir, QStringLiteral("compare_dialog")) && ok;
    (void)ids;
    return ok ? 0 : 1;
}
