// Grabs docs/screenshots of the Landscape view on two stored network runs that kept their
// parameter snapshots (diagnostics.parameters_every): the PCA plane of the first run's trajectory
// with its path (landscape_pca_trajectory), the plane through its start, its end and the second
// run's end (landscape_three_points), and the 1-D path between the two ends (landscape_1d_path).
//   mtw-cli baselines resources/examples/multi_fashion_cnn.json --with-multi --root /tmp/mf
//   MTW_SCREENSHOT_DIR=docs/screenshots xvfb-run -a -s "-screen 0 1600x1000x24" mtw_screenshots_landscape
//       /tmp/mf/<multi-task run> /tmp/mf/<single-task run>
#include "engine/run_follower.h"
#include "gui/views/interpolation_panel.h"
#include "gui/views/landscape_view.h"
#include "screenshot_support.h"

#include <QApplication>
#include <QSignalSpy>

using namespace mtw;

namespace {

gui::RunHistoryPtr openRun(const QString& directory)
{
    engine::RunFollower follower(directory.toStdString());
    auto run = std::make_shared<gui::RunHistory>(QDir(directory).dirName(), follower.experiment());
    while (const engine::SnapshotPtr snapshot = follower.poll())
        run->append(snapshot);
    run->setRunDirectory(directory);
    return run;
}

bool waitFinished(gui::LandscapeView& view)
{
    for (int waited = 0; waited < 1800 * 1000 && !view.isFinished(); waited += 500)
        test::settle(500);
    qInfo("%s", qPrintable(view.statusText()));
    return view.isFinished();
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    if (argc != 3) {
        qWarning("usage: mtw_screenshots_landscape RUN_DIR SECOND_RUN_DIR");
        return 2;
    }
    QTemporaryDir temp;
    const QDir dir = test::prepareScreenshots(temp);
    const gui::RunHistoryPtr first = openRun(QString::fromLocal8Bit(argv[1]));
    const gui::RunHistoryPtr second = openRun(QString::fromLocal8Bit(argv[2]));
    gui::LandscapeView view;
    view.resize(1200, 900);
    view.show();
    bool ok = true;
    view.setRuns({ first }); // opens on the PCA plane of its stored trajectory
    ok = waitFinished(view) && test::save(&view, dir, QStringLiteral("landscape_pca_trajectory")) && ok;
    view.setRuns({ first, second });
    view.setPlane(analysis::PlaneKind::ThreePoints);
    ok = waitFinished(view) && test::save(&view, dir, QStringLiteral("landscape_three_points")) && ok;
    view.showTab(2);
    QSignalSpy computed(view.interpolation(), &gui::InterpolationPanel::computed);
    view.interpolation()->recompute();
    for (int waited = 0; waited < 600 * 1000 && computed.isEmpty(); waited += 500)
        test::settle(500);
    qInfo("%s", qPrintable(view.interpolation()->statusText()));
    ok = view.interpolation()->curve() && test::save(&view, dir, QStringLiteral("landscape_1d_path")) && ok;
    return ok ? 0 : 1;
}
