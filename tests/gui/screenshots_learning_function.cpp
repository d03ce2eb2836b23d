// Grabs docs/screenshots of Run > Learning-function fit over stored runs (a sweep over T, n and
// rho): the dialog (learning_function_dialog) and its exported figure (learning_function_fit), as
// docs/results/seed_papers.md shows them.
//   mtw-cli sweep run resources/examples/sweep_learning_function.json --out sweeps/lf
//   MTW_SCREENSHOT_DIR=docs/screenshots xvfb-run -a -s "-screen 0 1600x1000x24" mtw_screenshots_learning_function
//       sweeps/lf/*
#include "gui/learning_function_dialog.h"
#include "screenshot_support.h"

#include <QApplication>
#include <QSignalSpy>

using namespace mtw;

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    if (argc < 2) {
        qWarning("usage: mtw_screenshots_learning_function RUN_DIR [RUN_DIR...]");
        return 2;
    }
    QTemporaryDir temp;
    const QDir dir = test::prepareScreenshots(temp);
    QStringList runs;
    for (int i = 1; i < argc; ++i)
        runs << QString::fromLocal8Bit(argv[i]);
    gui::LearningFunctionDialog dialog(runs);
    dialog.setVariable(QStringLiteral("n"));
    dialog.resize(1200, 900);
    dialog.show();
    if (!QTest::qWaitForWindowExposed(&dialog))
        qWarning("dialog not exposed");
    QSignalSpy done(&dialog, &gui::LearningFunctionDialog::fitted);
    if (!dialog.fit() || !done.wait(120000) || !dialog.study())
        return 1;
    test::settle(500);
    qInfo("%s", qPrintable(dialog.statusText()));
    bool ok = test::save(&dialog, dir, QStringLiteral("learning_function_dialog"));
    gui::ExportOptions options;
    options.size = QSize(1500, 650);
    ok = test::saveFigure(dialog, dir.filePath(QStringLiteral("learning_function_fit.png")), options) && ok;
    return ok ? 0 : 1;
}
