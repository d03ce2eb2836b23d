// The per-step extras in the GUI: RunHistory keeps and decimates them (bounded), the families of
// a hand-made run in the Weights & norms view's extras chart, the proximal affinity heatmap of
// the Conflict view on a known 3 x 3 matrix (colours, symmetric scale, groups), the look-ahead
// affinities of the trajectory factors in the same place, and exports.
#include "gui/charts/chart_legend.h"
#include "gui/charts/chart_panel.h"
#include "gui/charts/colormap.h"
#include "gui/charts/heatmap_plot.h"
#include "gui/extra_families.h"
#include "gui/extras_history.h"
#include "gui/run_labels.h"
#include "gui/views/affinity_panel.h"
#include "gui/views/conflict_view.h"
#include "gui/views/extras_panel.h"
#include "gui/views/view_style.h"
#include "gui/views/weights_view.h"
#include "tst_view_support.h"

#include <QComboBox>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace mtw;

namespace {

const char* const taskNames[3] = { "taskA", "taskB", "taskC" };

// The affinity at the last step; step k of n records A * (k + 1) / n, so the history differs.
Eigen::Matrix3d knownAffinity()
{
    Eigen::Matrix3d a;
    a << 0.02, 0.01, -0.005, //
        0.004, 0.03, -0.01, //
        -0.02, 0.0, 0.01;
    return a;
}

// syntheticSnapshot's steps plus extras: task SAM's sharpness (t + 1) * 0.1, a method internal
// per task ("log_variance_<t>" = -t), a scalar, and (selective) the groups {A, B} {C} and the
// affinity.
engine::SnapshotPtr withExtras(long long first, long long count, long long total, bool selective)
{
    auto s = std::make_shared<engine::Snapshot>(*test::syntheticSnapshot(first, count, 3, total));
    for (engine::StepRecord& r : s->steps) {
        for (int t = 0; t < 3; ++t) {
            r.extras[std::string("sharpness:") + taskNames[t]] = (t + 1) * 0.1;
            r.extras["log_variance_" + std::to_string(t)] = -t;
        }
        r.extras["active_set_iterations"] = static_cast<double>(r.step % 3);
        if (!selective)
            continue;
        r.extras["groups"] = 2;
        for (int t = 0; t < 3; ++t)
            r.extras[std::string("group:") + taskNames[t]] = t < 2 ? 0 : 1;
        const double scale = static_cast<double>(r.step + 1) / static_cast<double>(total); // exactly 1 at the last step
        const Eigen::Matrix3d a = knownAffinity() * scale;
        for (int src = 0; src < 3; ++src)
            for (int t = 0; t < 3; ++t)
                r.extras[std::string("affinity:") + taskNames[src] + ">" + taskNames[t]] = a(src, t);
    }
    return s;
}

gui::MutableRunHistoryPtr extrasRun(
    long long steps, bool selective, int capacity = 2000, const QString& name = QStringLiteral("extras"))
{
    auto run = std::make_shared<gui::RunHistory>(name, test::syntheticExperiment(), capacity);
    for (long long first = 0; first < steps; first += 100)
        run->append(withExtras(first, std::min<long long>(100, steps - first), steps, selective));
    return run;
}

} // namespace

class TestViewExtras : public QObject {
    Q_OBJECT
private slots:
    void historyKeepsAndDecimatesExtras()
    {
        // 10^5 steps with RunHistory capacity 200: extras get 50 buckets (a quarter).
        gui::MutableRunHistoryPtr run = extrasRun(100000, true, 200);
        const gui::ExtrasHistory& extras = run->extras();
        QCOMPARE(extras.names().size(), 1 + 3 + 3 + 1 + 3 + 9);
        QVERIFY(extras.names().contains("sharpness:taskB"));
        const gui::DecimatedSeries* sharpness = extras.series("sharpness:taskB");
        QVERIFY(sharpness);
        QCOMPARE(sharpness->rawCount(), 100000LL);
        QVERIFY(sharpness->bucketCount() <= 50);
        QCOMPARE(sharpness->last().y(), 0.2);
        const gui::DecimatedSeries* iterations = extras.series("active_set_iterations");
        QCOMPARE(iterations->minimum(), 0.0); // min/max buckets keep the 0..2 oscillation
        QCOMPARE(iterations->maximum(), 2.0);
        QVERIFY(!extras.series("no_such_extra"));
        // The affinity matrices are thinned, the newest kept exactly.
        QVERIFY(extras.hasAffinity());
        const auto history = extras.affinityHistory();
        QVERIFY(history.size() <= 501);
        QCOMPARE(history.front().first, 0LL);
        QCOMPARE(history.back().first, 99999LL);
        QVERIFY(history.back().second.affinity.isApprox(Eigen::MatrixXd(knownAffinity())));
        QCOMPARE(history.back().second.groups(2), 1.0);
    }

    void historyBoundsTheNumberOfNames()
    {
        gui::ExtrasHistory extras(10, 4);
        extras.setTaskNames({ "a", "b" });
        engine::StepRecord r;
        for (int k = 0; k < 6; ++k)
            r.extras["x_" + std::to_string(k)] = k;
        extras.append(r);
        QCOMPARE(extras.names().size(), 4);
        QCOMPARE(extras.droppedNames(), 2);
        QVERIFY(!extras.hasAffinity()); // no "affinity:" names: no matrices
    }

    void familiesGroupByPrefix()
    {
        const QStringList tasks = { "taskA", "taskB", "taskC" };
        const QList<gui::ExtraFamily> f
            = gui::groupExtraFamilies({ "affinity:taskB>taskA", "affinity:taskA>taskB", "alpha_10", "alpha_2",
                                          "feasible", "group:taskC", "group:taskA", "groups", "sharpness:taskA" },
                tasks);
        QStringList names;
        for (const gui::ExtraFamily& family : f)
            names << family.name;
        // Per-task families by name, affinity after them, then single numbers.
        QCOMPARE(names, QStringList({ "alpha", "group", "sharpness", "affinity", "feasible", "groups" }));
        QCOMPARE(f[0].members, QStringList({ "alpha_2", "alpha_10" })); // numeric, not text, order
        QCOMPARE(f[0].labels, QStringList({ "taskC", "10" })); // methods index by task
        QCOMPARE(f[1].labels, QStringList({ "taskA", "taskC" })); // task order
        QCOMPARE(f[3].members, QStringList({ "affinity:taskA>taskB", "affinity:taskB>taskA" }));
        QCOMPARE(f[3].labels.first(), QString("taskA → taskB"));
        QCOMPARE(gui::defaultExtraFamily(f), 2); // sharpness
    }

    void weightsViewChartsTheExtras()
    {
        gui::WeightsView view;
        view.resize(1000, 900);
        gui::MutableRunHistoryPtr run = extrasRun(300, true);
        view.setRuns({ run });
        gui::ExtrasPanel* panel = view.extrasPanel();
        QVERIFY(panel->hasExtras());
        QVERIFY(!panel->isHidden());
        QCOMPARE(panel->familyNames(),
            QStringList({ "group", "log_variance", "sharpness", "affinity", "active_set_iterations", "groups" }));
        QCOMPARE(panel->currentFamily(), QString("sharpness"));
        gui::ChartPanel* chart = panel->chart();
        QCOMPARE(chart->seriesCount(), 3);
        QCOMPARE(chart->seriesName(2), QString("taskC"));
        QCOMPARE(chart->seriesPoints(2).size(), 300);
        QCOMPARE(chart->seriesPoints(2)[0].y(), 0.3); // (2 + 1) * 0.1
        QCOMPARE(panel->selector()->count(), 6);

        // The user's choice survives live updates.
        panel->setCurrentFamily("log_variance");
        QCOMPARE(chart->seriesCount(), 3);
        QCOMPARE(chart->seriesName(1), QString("taskB"));
        QCOMPARE(chart->seriesPoints(1)[5].y(), -1.0);
        run->append(withExtras(300, 100, 400, true));
        view.refresh();
        QCOMPARE(panel->currentFamily(), QString("log_variance"));
        QCOMPARE(chart->seriesPoints(1).size(), 400);
        panel->setCurrentFamily("affinity");
        QCOMPARE(chart->seriesCount(), 9);

        // A run without extras hides the panel.
        view.setRuns({ test::syntheticRun("plain", 200) });
        QVERIFY(panel->isHidden());
        QVERIFY(!panel->hasExtras());
    }

    void extrasOfSeveralRunsAreNamedByRun()
    {
        // Two runs overlaid: each run's extras are drawn and named (the chart showed the first
        // run's alone, named by task only, whichever runs were overlaid).
        gui::WeightsView view;
        view.resize(1000, 900);
        const QList<gui::RunHistoryPtr> runs { extrasRun(300, false, 2000, "cagrad-small-c"),
            extrasRun(300, false, 2000, "cagrad-large-c") };
        view.setRuns(runs);
        const QStringList labels = gui::runLabels(runs);
        QCOMPARE(labels, QStringList({ "small-c", "large-c" }));
        gui::ExtrasPanel* panel = view.extrasPanel();
        gui::ChartPanel* chart = panel->chart();
        // A scalar (as CAGrad's dual_norm): a line per run in the run's colour, its label in the legend.
        panel->setCurrentFamily("active_set_iterations");
        QCOMPARE(chart->seriesCount(), 2);
        QCOMPARE(chart->seriesName(1), labels[1]);
        QCOMPARE(chart->seriesPen(1).color(), gui::style::runColor(1));
        QCOMPARE(chart->legendItem()->entries().size(), 2);
        QCOMPARE(chart->legendItem()->entries()[0].label, labels[0]);
        // A per-task family: the task colours, a dash per run, named "<run> · <task>".
        panel->setCurrentFamily("sharpness");
        QCOMPARE(chart->seriesCount(), 6);
        QCOMPARE(chart->seriesName(4), labels[1] + QString::fromUtf8(" · taskB"));
        QCOMPARE(chart->seriesPen(4).color(), gui::style::taskColor(1));
        QCOMPARE(chart->seriesPen(4).dashPattern(), gui::style::runDash(1).pattern());
        QVERIFY(chart->seriesPen(1).dashPattern() != chart->seriesPen(4).dashPattern());
        // In a figure the shared legend names those curves (the same names and pens as the weights
        // chart's): the extras chart draws no legend of its own (four runs' names squeezed its plot
        // to a strip).
        QTemporaryDir dir;
        const QString svg = dir.filePath("weights.svg");
        gui::ExportOptions options;
        options.size = QSize(1050, 750);
        options.dpi = 150;
        QString error;
        QVERIFY2(view.exportFigure(svg, options, &error), qPrintable(error));
        QFile file(svg);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QCOMPARE(text.count((labels[1] + QString::fromUtf8(" · taskB")).toUtf8()), 1); // in the shared legend only
        QVERIFY(chart->legendItem()->isVisible()); // on screen the chart keeps its legend
    }

    void affinityHeatmapShowsKnownCells()
    {
        gui::ConflictView view;
        view.resize(1100, 1000);
        view.setRuns({ extrasRun(1000, true) });
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(view.showsAffinity());
        gui::AffinityPanel* panel = view.affinityPanel();
        QVERIFY(panel->isVisible());
        QCOMPARE(panel->shownStep(), 999LL);
        gui::HeatmapPlot* h = panel->heatmap();
        QCOMPARE(h->values().rows(), 3);
        QCOMPARE(h->values()(1, 2), -0.01);
        // Symmetric to the largest |A| (0.03), so 0 stays white.
        QCOMPARE(panel->scale(), 0.03);
        QCOMPARE(h->colorRange(), std::make_pair(-0.03, 0.03));
        const gui::Colormap map = gui::Colormap::redBlue();
        QCOMPARE(h->image().pixel(1, 1), map.map(0.03, -0.03, 0.03)); // the most positive: darkest blue
        QCOMPARE(h->image().pixel(0, 2), map.map(-0.02, -0.03, 0.03));
        QCOMPARE(h->image().pixel(1, 2), map.map(0.0, -0.03, 0.03));
        const QImage shot = h->grab().toImage();
        const qreal dpr = shot.devicePixelRatio();
        auto at = [&](int r, int c) {
            const QPointF p = h->cellCenter(r, c) + QPointF(-18, -18); // away from the printed value
            return QColor(shot.pixel(static_cast<int>(p.x() * dpr), static_cast<int>(p.y() * dpr)));
        };
        QCOMPARE(at(2, 0), QColor(map.map(-0.02, -0.03, 0.03)));
        QVERIFY(at(2, 0).red() > at(2, 0).blue()); // negative affinity is red
        QVERIFY(at(1, 1).blue() > at(1, 1).red()); // positive is blue
        QCOMPARE(at(2, 1), QColor(map.map(0.0, -0.03, 0.03))); // the centre of the scale
        QCOMPARE(panel->groupsText(), QString("Groups at step 999\nG1: taskA, taskB\nG2: taskC"));

        // The scrubber replays the affinity at the cosine step: step 500 records A * 501 / 1000.
        view.scrubTo(50);
        QCOMPARE(view.shownStep(), 500LL);
        QCOMPARE(panel->shownStep(), 500LL);
        QVERIFY(std::abs(h->values()(1, 1) - 0.03 * 0.501) < 1e-12);
        QVERIFY(std::abs(h->colorRange().second - 0.03 * 0.501) < 1e-12);

        // Runs without affinity keep the single cosine heatmap.
        view.setRuns({ extrasRun(200, false) });
        QVERIFY(!view.showsAffinity());
        QVERIFY(panel->isHidden());
    }

    void lookaheadAffinityFromTheFactors()
    {
        // Z at step 500: taskB helps taskA most (+0.2), taskC helps taskB most; the optimizer
        // variant is Z * 3. Step 0 records Z / 10. Records arrive like the trainer's: one
        // snapshot per measurement, "loss" first.
        Eigen::Matrix3d z;
        z << 0.5, -0.1, 0.05, //
            0.2, 0.4, -0.3, //
            0.1, 0.3, 0.6;
        const auto factorSnapshot = [&](long long step, double scale, bool plain) {
            auto s = std::make_shared<engine::Snapshot>();
            for (int t = 0; t < 3; ++t)
                s->factors.push_back({ step, t, "loss", 1.0 });
            for (int src = 0; src < 3; ++src)
                for (int t = 0; t < 3; ++t) {
                    if (plain)
                        s->factors.push_back(
                            { step, src, std::string("tag_affinity>") + taskNames[t], scale * z(src, t) });
                    s->factors.push_back(
                        { step, src, std::string("tag_optimizer>") + taskNames[t], 3 * scale * z(src, t) });
                }
            s->factors.push_back({ step, 1, "sharpness", 2.0 });
            return engine::SnapshotPtr(s);
        };
        gui::MutableRunHistoryPtr run = extrasRun(1000, true);
        run->append(factorSnapshot(0, 0.1, true));
        run->append(factorSnapshot(500, 1.0, true));
        QCOMPARE(run->factors().names(), QStringList { "sharpness" }); // the matrices are not factor curves
        QCOMPARE(run->factors().affinitySamples(gui::AffinityKind::Lookahead).size(), std::size_t(2));

        gui::ConflictView view;
        view.resize(1100, 1000);
        view.setRuns({ run });
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QComboBox* choice = view.affinityChoice();
        QCOMPARE(choice->count(), 3);
        QVERIFY(choice->isVisible());
        gui::AffinityPanel* panel = view.affinityPanel();
        QCOMPARE(panel->kind(), gui::AffinityKind::Proximal); // the selective run's own affinity first
        view.showAffinityKind(gui::AffinityKind::Lookahead);
        QCOMPARE(choice->currentText(), QString("TAG look-ahead"));
        QCOMPARE(panel->kind(), gui::AffinityKind::Lookahead);
        QCOMPARE(panel->shownStep(), 500LL);
        QVERIFY(panel->heatmap()->values().isApprox(Eigen::MatrixXd(z)));
        QCOMPARE(panel->scale(), 0.6);
        QVERIFY(panel->heatmap()->title().startsWith("TAG look-ahead affinity"));
        QCOMPARE(panel->groupsText(),
            QString("Strongest helper at step 500\ntaskA: taskB (+0.2)\ntaskB: taskC (+0.3)\ntaskC: taskA (+0.05)"));
        // The scrubber: cosine step 300 shows the look-ahead measured at step 0.
        view.scrubTo(30);
        QCOMPARE(panel->shownStep(), 0LL);
        QVERIFY(panel->heatmap()->values().isApprox(Eigen::MatrixXd(z * 0.1)));
        // The choice survives new data; CSV rows name the affinity.
        view.scrubTo(view.matrixCount() - 1);
        QTemporaryDir dir;
        test::checkExports(view, dir.path(), "TAG look-ahead affinity", "tag_affinity,taskA>taskB,500,-0.1");

        // A run with only the optimizer-consistent affinity shows it without a choice to make.
        gui::MutableRunHistoryPtr factorsOnly = extrasRun(1000, false);
        factorsOnly->append(factorSnapshot(500, 1.0, false));
        view.setRuns({ factorsOnly });
        QVERIFY(view.showsAffinity());
        QVERIFY(choice->isHidden());
        QCOMPARE(panel->kind(), gui::AffinityKind::OptimizerLookahead);
        QVERIFY(panel->heatmap()->values().isApprox(Eigen::MatrixXd(3 * z)));
    }

    void exportsContainTheExtras()
    {
        QTemporaryDir dir;
        {
            gui::WeightsView view;
            view.resize(1000, 900);
            view.setRuns({ extrasRun(200, false) });
            test::checkExports(view, dir.path(), "sharpness per task", "extras:sharpness,taskB,7,0.2");
        }
        {
            gui::ConflictView view;
            view.resize(1000, 1000);
            view.setRuns({ extrasRun(1000, true) });
            test::checkExports(view, dir.path(), "Proximal inter-task affinity", "affinity,taskB>taskB,999,0.03");
            QVERIFY(test::readAll(dir.path() + "/f.csv").contains("group,taskC,999,1"));
        }
    }
};

QTEST_MAIN(TestViewExtras)
#include "tst_view_extras.moc"
