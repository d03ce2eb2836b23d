// Grabs docs/screenshots/linear_mtl_dialog.png (Run > Classical linear MTL... after the documented
// run of docs/results/seed_papers.md: trace norm, default data, jitter 1, max delay 2) and exports
// its figure as docs/screenshots/linear_mtl_gap_vs_time.png (7 in x 4 in, 150 dpi).
//   MTW_SCREENSHOT_DIR=docs/screenshots xvfb-run -a -s "-screen 0 1920x1080x24" mtw_screenshots_linear_mtl
#include "gui/linear_mtl_dialog.h"
#include "screenshot_support.h"

#include <QApplication>
#include <QSignalSpy>

using namespace mtw;

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QTemporaryDir temp;
    const QDir dir = test::prepareScreenshots(temp);
    gui::LinearMtlDialog dialog;
    classical::LinearMtlOptions options; // `mtw-cli linear-mtl --jitter 1 --max-delay 2`
    options.timing.jitter = 1;
    options.async.maxDelay = 2;
    dialog.setOptions(options);
    dialog.resize(1500, 900);
    dialog.show();
    QSignalSpy ready(&dialog, &gui::LinearMtlDialog::comparisonReady);
    if (!dialog.run() || !ready.wait(120000))
        return 1;
    test::settle(400);
    bool ok = test::save(&dialog, dir, QStringLiteral("linear_mtl_dialog"));
    gui::ExportOptions figure;
    figure.size = QSize(1050, 600); // 7 in x 4 in at 150 dpi
    figure.dpi = 150;
    figure.title = QStringLiteral("Linear MTL (trace norm): F(W) \u2212 F* against simulated time");
    ok = test::saveFigure(dialog, dir.filePath(QStringLiteral("linear_mtl_gap_vs_time.png")), figure) && ok;
    return ok ? 0 : 1;
}
