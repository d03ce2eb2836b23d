// Event-loop latency of the workbench with many stored runs open while some are still written
// (issue 12: "200 stored runs open and 4 of them being written, p99 latency under 50 ms").
// Not a Google Benchmark case: it measures how late a 10 ms timer fires on the GUI thread while
// StoredRuns loads 200 finished runs and follows 4 writers, and prints the percentiles.
//   workspace_latency [--runs N] [--writers W] [--seconds S] [--steps K]
#include "engine/run_job.h"
#include "gui/event_loop_lateness.h"
#include "gui/main_window.h"
#include "gui/run_manager.h"
#include "gui/stored_runs.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

using namespace mtw;

namespace {

engine::Experiment smallRun(long long steps, std::uint64_t seed)
{
    engine::Experiment e;
    e.name = "latency";
    e.problem = "synthetic_family";
    e.problemParams = { { "tasks", 3LL }, { "samples", 600LL }, { "features", 16LL }, { "rho", 0.5 } };
    e.modelParams = { { "trunk", std::vector<long long> { 32, 16 } } };
    e.method = "mgda";
    e.steps = steps;
    e.batchSize = 64;
    e.threads = 1;
    e.seed = seed;
    e.evaluateEvery = 50;
    e.matrixEvery = 10;
    return e;
}

long long option(const QStringList& args, const QString& name, long long fallback)
{
    const int i = static_cast<int>(args.indexOf(name));
    return i >= 0 && i + 1 < args.size() ? args[i + 1].toLongLong() : fallback;
}

} // namespace

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList args = QApplication::arguments();
    const int runs = static_cast<int>(option(args, "--runs", 200));
    const int writers = static_cast<int>(option(args, "--writers", 4));
    const double seconds = static_cast<double>(option(args, "--seconds", 15));
    const long long steps = option(args, "--steps", 300);

    QTemporaryDir root;
    QElapsedTimer clock;
    clock.start();
    for (int r = 0; r < runs; ++r) {
        engine::RunJob job(smallRun(steps, static_cast<std::uint64_t>(r)),
            root.filePath(QString("sweep/run-%1").arg(r)).toStdString(), {});
        job.run(nullptr, nullptr);
    }
    std::printf(
        "wrote %d finished runs of %lld steps in %.1f s\n", runs, steps, static_cast<double>(clock.elapsed()) / 1000);

    // Writers: long runs in their own threads, committing a batch every snapshot interval.
    std::vector<std::unique_ptr<engine::RunJob>> jobs;
    std::vector<engine::RunControl> controls(static_cast<std::size_t>(writers));
    for (int w = 0; w < writers; ++w)
        jobs.push_back(std::make_unique<engine::RunJob>(smallRun(1000000, 1000 + static_cast<std::uint64_t>(w)),
            root.filePath(QString("sweep/writing-%1").arg(w)).toStdString(), engine::RunJobOptions {}));
    std::vector<std::thread> threads;
    for (int w = 0; w < writers; ++w)
        threads.emplace_back(
            [&, w] { jobs[static_cast<std::size_t>(w)]->run(nullptr, &controls[static_cast<std::size_t>(w)]); });

    gui::MainWindow window;
    window.resize(1400, 900);
    window.show();
    std::vector<double> lateness, latenessLoading;
    long long loadedAt = -1;
    QElapsedTimer tick;
    QTimer probe;
    probe.setInterval(10);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        if (tick.isValid())
            (loadedAt < 0 ? latenessLoading : lateness)
                .push_back(std::max(0.0, static_cast<double>(tick.nsecsElapsed()) / 1e6 - 10.0));
        tick.start();
    });
    QStringList errors;
    clock.restart();
    const QList<int> ids = window.openStoredRuns({ root.filePath("sweep") }, &errors);
    const double openMs = static_cast<double>(clock.elapsed());
    probe.start();
    QTimer stop;
    stop.setSingleShot(true);
    QObject::connect(&stop, &QTimer::timeout, &app, &QApplication::quit);
    QTimer loaded;
    loaded.setInterval(50);
    QObject::connect(&loaded, &QTimer::timeout, [&] {
        if (loadedAt >= 0)
            return;
        for (int id : ids) {
            const gui::RunEntry& run = window.runManager()->at(window.runManager()->indexOf(id));
            if (run.state == gui::RunState::Running ? run.steps == 0 : run.steps < steps)
                return;
        }
        loadedAt = clock.elapsed();
    });
    loaded.start();
    stop.start(static_cast<int>(seconds * 1000));
    app.exec();
    for (engine::RunControl& control : controls)
        control.requestStop();
    for (std::thread& thread : threads)
        thread.join();

    long long followed = 0;
    for (int id : ids) {
        const gui::RunEntry& run = window.runManager()->at(window.runManager()->indexOf(id));
        if (run.name.startsWith("writing"))
            followed += run.steps;
    }
    std::printf("opened %lld runs in %.0f ms (%lld errors); all loaded after %lld ms; followed writers reached %lld "
                "steps in all\n",
        static_cast<long long>(ids.size()), openMs, static_cast<long long>(errors.size()), loadedAt, followed);
    const auto report = [](const char* phase, const std::vector<double>& values) {
        std::printf(
            "event-loop lateness of a 10 ms timer %s (%zu ticks): p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n",
            phase, values.size(), gui::latenessPercentile(values, 0.5), gui::latenessPercentile(values, 0.9),
            gui::latenessPercentile(values, 0.99),
            values.empty() ? 0.0 : *std::max_element(values.begin(), values.end()));
    };
    std::printf("slowest redraw of the visible view: %.1f ms\n", window.slowestRefreshMilliseconds());
    report("while the runs load", latenessLoading);
    report("after, following the writers", lateness);
    return 0;
}
