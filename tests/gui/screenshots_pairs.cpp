// Grabs docs/screenshots/pairwise_transfer_dialog.png (Run > Pairwise transfer... on the documented
// run of docs/results/seed_papers.md) and exports its figure as
// docs/screenshots/pairwise_transfer_fashion_mtl.png (7 in x 6 in, 150 dpi), from the runs that
//   mtw-cli pairs resources/examples/fashion_mtl_grouping.json --seeds 0,1,2 --train --root ROOT
// stored under ROOT:
//   MTW_PAIRS_ROOT=ROOT MTW_SCREENSHOT_DIR=docs/screenshots xvfb-run -a mtw_screenshots_pairs
#include "engine/single_task_baselines.h"
#include "gui/pairwise_transfer_dialog.h"
#include "screenshot_support.h"

#include <QApplication>

using namespace mtw;

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QTemporaryDir temp;
    const QDir dir = test::prepareScreenshots(temp);
    const QString root = qEnvironmentVariable("MTW_PAIRS_ROOT", QStringLiteral("runs"));
    const QString source = qEnvironmentVariable("MTW_SOURCE_DIR", QStringLiteral("."));
    const engine::Experiment experiment
        = engine::loadExperiment((source + "/resources/examples/fashion_mtl_grouping.json").toStdString());
    gui::KnownRuns known([root](const std::string& name) -> std::optional<gui::KnownRuns::Known> {
        return gui::KnownRuns::Known { (root + "/" + QString::fromStdString(name)).toStdString(), false };
    });
    gui::PairwiseTransferDialog dialog(experiment, engine::experimentTaskNames(experiment), known);
    dialog.setSeeds(QStringLiteral("0,1,2"));
    dialog.resize(1000, 820);
    dialog.show();
    test::settle(400);
    if (!dialog.missingRuns().empty()) {
        qWarning("%zu runs missing under %s", dialog.missingRuns().size(), qPrintable(root));
        return 1;
    }
    bool ok = test::save(&dialog, dir, QStringLiteral("pairwise_transfer_dialog"));
    gui::ExportOptions figure;
    figure.size = QSize(1050, 900); // 7 in x 6 in at 150 dpi
    figure.dpi = 150;
    figure.title = QStringLiteral("Fashion MTL, pairwise transfer");
    ok = test::saveFigure(dialog, dir.filePath(QStringLiteral("pairwise_transfer_fashion_mtl.png")), figure) && ok;
    return ok ? 0 : 1;
}
