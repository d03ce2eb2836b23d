// Event-loop latency of the workbench while runs train at full speed, view by view: how late a
// 10 ms timer fires on the GUI thread with each view tab shown in turn, and the slowest redraw of
// that view. The responsiveness target is a p99 under 50 ms (tests/gui/tst_responsiveness.cpp
// fails only on a clear regression; this reports the numbers).
// Not a Google Benchmark case: the quantity is a distribution of event-loop delays, measured
// while the training threads run, not the time of a repeated call.
//   gui_latency [--seconds S] [--runs N] [--method M] [--view TITLE]
// S seconds per view (default 3); N runs of the demo (CAGrad toy) at once (default 1; several
// runs overlay in every view); M the method (default nash_mtl); TITLE one view only (its tab's
// title, e.g. Landscape; for profiling). Runs offscreen.
#include "engine/experiment.h"
#include "gui/event_loop_lateness.h"
#include "gui/main_window.h"
#include "gui/run_manager.h"
#include "gui/views/run_view.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTabWidget>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>
#include <vector>

using namespace mtw;

namespace {

QString option(const QStringList& args, const QString& name, const QString& fallback)
{
    const int i = static_cast<int>(args.indexOf(name));
    return i >= 0 && i + 1 < args.size() ? args[i + 1] : fallback;
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList args = QApplication::arguments();
    const double seconds = option(args, "--seconds", "3").toDouble();
    const int runs = std::max(1, option(args, "--runs", "1").toInt());
    const std::string method = option(args, "--method", "nash_mtl").toStdString();
    const QString only = option(args, "--view", QString());

    QTemporaryDir workspace;
    gui::MainWindow window;
    window.setWorkspace(workspace.filePath("runs"));
    window.resize(1400, 900);
    window.show();
    QList<int> ids;
    for (int r = 0; r < runs; ++r) {
        engine::Experiment e = engine::demoExperiment(method);
        e.steps = 100000000; // trains for as long as the measurement lasts
        e.seed = static_cast<std::uint64_t>(r + 1);
        ids << window.startExperiment(e);
    }
    window.setOverlayRuns(ids);
    gui::RunManager* manager = window.runManager();
    QElapsedTimer warmUp;
    warmUp.start();
    while (manager->at(manager->indexOf(ids.last())).steps < 1000 && warmUp.elapsed() < 20000)
        QApplication::processEvents(QEventLoop::AllEvents, 50);

    std::printf(
        "%d run(s) of %s training; %.0f s per view; 10 ms timer lateness (ms)\n", runs, method.c_str(), seconds);
    std::printf(
        "%-22s %7s %7s %7s %7s %7s %9s %10s\n", "view", "ticks", "p50", "p90", "p99", "max", "redraw", "steps/s");
    QTabWidget* tabs = window.viewTabs();
    for (int v = 0; v < tabs->count(); ++v) {
        const QString title = tabs->tabText(v).replace(QStringLiteral("&&"), QStringLiteral("&"));
        if (!only.isEmpty() && title != only)
            continue;
        tabs->setCurrentIndex(v);
        QApplication::processEvents();
        window.resetSlowestRefresh();
        const long long before = manager->at(manager->indexOf(ids.first())).steps;
        const std::vector<double> lateness = gui::timerLateness(seconds);
        const long long after = manager->at(manager->indexOf(ids.first())).steps;
        std::printf("%-22s %7zu %7.2f %7.2f %7.2f %7.2f %9.1f %10.0f\n", qPrintable(title), lateness.size(),
            gui::latenessPercentile(lateness, 0.5), gui::latenessPercentile(lateness, 0.9),
            gui::latenessPercentile(lateness, 0.99),
            lateness.empty() ? 0.0 : *std::max_element(lateness.begin(), lateness.end()),
            window.slowestRefreshMilliseconds(), static_cast<double>(after - before) / seconds);
    }
    for (int id : ids)
        manager->stop(id);
    QElapsedTimer stopping;
    stopping.start();
    while (manager->hasActiveRuns() && stopping.elapsed() < 20000)
        QApplication::processEvents(QEventLoop::AllEvents, 50);
    return 0;
}
