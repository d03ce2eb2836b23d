#pragma once
// Shared helpers of the views tests: synthetic snapshots with known numbers, and a headless
// platform when no display is available (Qt aborts without one; under `xvfb-run -a` the real
// xcb platform is used so the 3-D checks run too).
#include "engine/snapshot.h"
#include "gui/run_history.h"
#include "gui/views/run_view.h"

#include <QFile>
#include <QTest>

#include <QColor>
#include <QImage>
#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace mtw::test {

inline const bool headlessPlatform = [] {
    if (!std::getenv("DISPLAY") && !std::getenv("WAYLAND_DISPLAY") && !std::getenv("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    return true;
}();

// Loss of task t at step s: (t + 1) * 10 / (1 + s). Weights: (t + 1) / T. Norms: 10^(t - 1).
// A point of the plane as a dynamic vector, filled in place: assigning a fixed Vector2d trips
// GCC 12's -Warray-bounds on Eigen's AVX packet path (x86-64-v3 builds), a false positive.
inline Eigen::VectorXd planarPoint(double x, double y)
{
    Eigen::VectorXd point(2);
    point << x, y;
    return point;
}

inline double syntheticLoss(int t, long long s)
{
    return (t + 1) * 10.0 / (1.0 + static_cast<double>(s));
}

// A snapshot with steps [first, first + count) of a T-task run; every `matrixEvery` steps a
// cosine matrix with off-diagonal entries -0.5 between tasks 0 and 1 and +0.25 elsewhere.
inline engine::SnapshotPtr syntheticSnapshot(long long first, long long count, int tasks = 3, long long total = 1000,
    long long matrixEvery = 10, long long evaluateEvery = 50, bool planar = false)
{
    auto s = std::make_shared<engine::Snapshot>();
    for (int t = 0; t < tasks; ++t)
        s->taskNames.push_back(std::string("task") + char('A' + t));
    s->step = first + count;
    s->totalSteps = total;
    s->stepsPerSecond = 1000;
    s->status = s->step >= total ? engine::RunStatus::Finished : engine::RunStatus::Running;
    for (long long k = first; k < first + count; ++k) {
        engine::StepRecord r;
        r.step = k;
        r.losses.resize(tasks);
        r.weights.resize(tasks);
        r.gradientNorms.resize(tasks);
        r.alignment.resize(tasks);
        r.slowdown.resize(tasks);
        for (int t = 0; t < tasks; ++t) {
            r.losses(t) = syntheticLoss(t, k);
            r.weights(t) = (t + 1.0) / tasks;
            r.gradientNorms(t) = std::pow(10.0, t - 1);
            r.alignment(t) = 0.5;
            r.slowdown(t) = 1.0;
        }
        r.conflictFraction = (k % 2 == 0) ? 1.0 / 3.0 : 0.0;
        r.nonConflicting = (k % 4 != 0);
        if (planar)
            r.point = planarPoint(-8.5 + 0.01 * static_cast<double>(k), 7.5 - 0.015 * static_cast<double>(k));
        s->steps.push_back(r);
        if (k % matrixEvery == 0) {
            engine::MatrixRecord m;
            m.step = k;
            m.cosine = Eigen::MatrixXd::Constant(tasks, tasks, 0.25);
            m.cosine.diagonal().setOnes();
            if (tasks > 1)
                m.cosine(0, 1) = m.cosine(1, 0) = -0.5;
            s->matrices.push_back(m);
        }
        if (evaluateEvery > 0 && k % evaluateEvery == 0) {
            engine::EvaluationRecord e;
            e.step = k;
            for (int t = 0; t < tasks; ++t) {
                problem::TaskEvaluation te;
                te.loss = 2 * syntheticLoss(t, k);
                te.metric = 0.5 + 0.001 * t;
                te.metricName = "accuracy";
                te.higherIsBetter = true;
                e.tasks.push_back(te);
            }
            s->evaluations.push_back(e);
        }
    }
    if (planar)
        s->parameters
            = planarPoint(-8.5 + 0.01 * static_cast<double>(s->step), 7.5 - 0.015 * static_cast<double>(s->step));
    return s;
}

inline engine::Experiment syntheticExperiment(const std::string& problemId = "cagrad_toy")
{
    engine::Experiment e;
    e.name = "synthetic";
    e.problem = problemId;
    e.steps = 1000;
    return e;
}

// A run fed with `steps` steps in snapshots of 100.
inline gui::MutableRunHistoryPtr syntheticRun(
    const QString& name, long long steps = 1000, int tasks = 3, bool planar = false)
{
    auto run = std::make_shared<gui::RunHistory>(name, syntheticExperiment());
    for (long long first = 0; first < steps; first += 100)
        run->append(syntheticSnapshot(first, std::min<long long>(100, steps - first), tasks, steps, 10, 50, planar));
    return run;
}

// Number of distinct colours (a uniform image has 1).
inline int distinctColours(const QImage& image, int cap = 64)
{
    QList<QRgb> seen;
    for (int y = 0; y < image.height(); y += std::max(1, image.height() / 64))
        for (int x = 0; x < image.width(); x += std::max(1, image.width() / 64)) {
            const QRgb c = image.pixel(x, y);
            if (!seen.contains(c))
                seen.append(c);
            if (seen.size() >= cap)
                return cap;
        }
    return static_cast<int>(seen.size());
}

inline QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Exports a view in all formats and checks each file's content.
inline void checkExports(gui::RunView& view, const QString& dir, const QString& axisText, const QString& csvText)
{
    QString error;
    gui::ExportOptions options;
    options.size = QSize(800, 500);
    options.dpi = 100;
    options.title = "Figure title";
    QVERIFY2(view.exportFigure(dir + "/f.png", options, &error), qPrintable(error));
    QVERIFY2(view.exportFigure(dir + "/f.svg", options, &error), qPrintable(error));
    QVERIFY2(view.exportFigure(dir + "/f.pdf", options, &error), qPrintable(error));
    QVERIFY2(view.exportCsv(dir + "/f.csv", &error), qPrintable(error));
    QVERIFY(!view.exportFigure(dir + "/f.bmpx", options, &error));
    QVERIFY(error.contains("bmpx"));
    const QImage png(dir + "/f.png");
    QCOMPARE(png.size(), QSize(800, 500));
    QVERIFY(test::distinctColours(png) > 4);
    const QByteArray svg = readAll(dir + "/f.svg");
    QVERIFY(svg.contains("<svg"));
    QVERIFY2(svg.contains(axisText.toUtf8()), qPrintable(axisText));
    QVERIFY(svg.contains("Figure title"));
    const QByteArray pdf = readAll(dir + "/f.pdf");
    QVERIFY(pdf.startsWith("%PDF"));
    QVERIFY(pdf.size() > 3000);
    const QByteArray csv = readAll(dir + "/f.csv");
    QVERIFY2(csv.contains(csvText.toUtf8()), qPrintable(csvText));
}

} // namespace mtw::test
