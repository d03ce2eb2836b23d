// Grabs docs/screenshots of Run > Few-shot adaptation on stored runs that `mtw-cli adapt` adapted
// (their adaptation.json): the dialog (few_shot_adaptation_dialog) and its exported figure
// (few_shot_adaptation_<task>, PNG and SVG), as docs/results/seed_papers.md shows them.
//   mtw-cli adapt RUN... --task class
//   MTW_SCREENSHOT_DIR=docs/screenshots xvfb-run -a -s "-screen 0 1600x1000x24" mtw_screenshots_adaptation
//       class RUN...
#include "gui/few_shot_adaptation_dialog.h"
#include "screenshot_support.h"

#include <QApplication>

using namespace mtw;

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    if (argc < 3) {
        qWarning("usage: mtw_screenshots_adaptation TASK RUN_DIR [RUN_DIR...]");
        return 2;
    }
    QTemporaryDir temp;
    const QDir dir = test::prepareScreenshots(temp);
    QStringList runs;
    for (int i = 2; i < argc; ++i)
        runs << QString::fromLocal8Bit(argv[i]);
    const QString task = QString::fromLocal8Bit(argv[1]);
    gui::FewShotAdaptationDialog dialog(runs);
    dialog.setTask(task);
    dialog.resize(1100, 950);
    dialog.show();
    if (!QTest::qWaitForWindowExposed(&dialog))
        qWarning("dialog not exposed");
    test::settle(500);
    qInfo("%s", qPrintable(dialog.statusText()));
    if (!dialog.result())
        return 1;
    bool ok = test::save(&dialog, dir, QStringLiteral("few_shot_adaptation_dialog"));
    gui::ExportOptions options;
    options.size = QSize(1500, 950);
    for (const char* suffix : { "png", "svg" })
        ok = test::saveFigure(
                 dialog, dir.filePath(QStringLiteral("few_shot_adaptation_%1.%2").arg(task, suffix)), options)
            && ok;
    return ok ? 0 : 1;
}
