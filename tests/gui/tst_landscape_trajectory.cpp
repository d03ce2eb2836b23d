// The Landscape view on stored neural runs (issue 14): a run with parameter snapshots opens on the
// PCA plane of its trajectory with the path drawn through them; two runs give the plane through
// the first's start and end and the second's end, the three points named; the "1-D path" tab
// draws the losses between the two ends, whose ends are the problem's losses at those
// parameters; and a run without snapshots says what to set instead of drawing a wrong plane.
#include "engine/problem_factory.h"
#include "engine/run_follower.h"
#include "engine/run_job.h"
#include "engine/single_task_baselines.h"
#include "gui/charts/chart_panel.h"
#include "gui/charts/heatmap_plot.h"
#include "gui/views/interpolation_panel.h"
#include "gui/views/landscape_view.h"
#include "tst_view_support.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace mtw;

namespace {

engine::Experiment networkExperiment()
{
    engine::Experiment e;
    e.name = "net";
    e.problem = "synthetic_family";
    e.problemParams = { { "tasks", 2LL }, { "samples", 300LL }, { "features", 8LL } };
    e.modelParams = { { "trunk", std::vector<long long> { 8 } } };
    e.steps = 200;
    e.batchSize = 32;
    e.threads = 1;
    e.parametersEvery = 50;
    return e;
}

// Trains the experiment into `directory` and opens it as the GUI opens a stored run.
gui::RunHistoryPtr storedRun(const QString& name, const engine::Experiment& e, const QString& directory)
{
    {
        engine::RunJob job(e, directory.toStdString(), {});
        job.run(nullptr, nullptr);
    }
    engine::RunFollower follower(directory.toStdString());
    auto run = std::make_shared<gui::RunHistory>(name, follower.experiment());
    while (const engine::SnapshotPtr snapshot = follower.poll())
        run->append(snapshot);
    run->setRunDirectory(directory);
    return run;
}

} // namespace

class TestLandscapeTrajectory : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    gui::RunHistoryPtr m_multi, m_single;

private slots:
    void initTestCase()
    {
        const engine::Experiment e = networkExperiment();
        m_multi = storedRun("multi", e, m_dir.filePath("multi"));
        m_single = storedRun("single", engine::singleTaskExperiment(e, 0, 2, "t0"), m_dir.filePath("single"));
        QCOMPARE(m_multi->parameterRecords().size(), std::size_t(5));
    }

    void aStoredTrajectoryOpensOnItsPcaPlane()
    {
        gui::LandscapeView view;
        view.resize(900, 700);
        view.setRuns({ m_multi });
        QTRY_VERIFY_WITH_TIMEOUT(view.isFinished(), 60000);
        const engine::LandscapeOutcome* out = view.outcome();
        QCOMPARE(out->result.planeKind, analysis::PlaneKind::TrajectoryPca);
        const QList<gui::PlotOverlay> overlays = view.heatmap()->overlays();
        QVERIFY(!overlays.isEmpty());
        QCOMPARE(overlays.front().label, QStringLiteral("parameter snapshots (projected)"));
        QCOMPARE(overlays.front().points.size(), 5);
        // The path ends at the plane's centre, the run's last snapshot, inside the fitted window.
        QVERIFY(std::hypot(overlays.front().points.back().x(), overlays.front().points.back().y()) < 1e-6);
        for (const QPointF& p : overlays.front().points)
            QVERIFY(p.x() > out->result.xs.front() && p.x() < out->result.xs.back() && p.y() > out->result.ys.front()
                && p.y() < out->result.ys.back());
        QVERIFY2(view.heatmap()->axisTitleX().startsWith(QStringLiteral("PC 1 (")),
            qPrintable(view.heatmap()->axisTitleX()));
        QTemporaryDir dir;
        test::checkExports(view, dir.path(), "PC 2", "trajectory,");
    }

    void twoRunsGiveThePlaneThroughStartAndBothEnds()
    {
        gui::LandscapeView view;
        view.resize(900, 700);
        view.setRuns({ m_multi, m_single });
        view.setPlane(analysis::PlaneKind::ThreePoints);
        QTRY_VERIFY_WITH_TIMEOUT(
            view.isFinished() && view.outcome()->result.planeKind == analysis::PlaneKind::ThreePoints, 60000);
        const engine::LandscapeOutcome* out = view.outcome();
        QCOMPARE(out->marks.size(), std::size_t(3));
        QVERIFY2(
            QString::fromStdString(out->marks[0].label).endsWith(QStringLiteral("start")), out->marks[0].label.c_str());
        QVERIFY(QString::fromStdString(out->marks[2].label).endsWith(QStringLiteral("end")));
        int named = 0;
        for (const gui::PlotOverlay& o : view.heatmap()->overlays())
            named += o.marker == gui::PlotOverlay::Marker::Triangle && !o.label.isEmpty();
        QCOMPARE(named, 3);
        QVERIFY(view.heatmap()->axisTitleX().startsWith(QStringLiteral("distance towards")));
    }

    void thePathBetweenTwoEndsStartsAndEndsAtTheirLosses()
    {
        gui::LandscapeView view;
        view.resize(900, 700);
        view.setRuns({ m_multi, m_single });
        view.showTab(2);
        gui::InterpolationPanel* path = view.interpolation();
        QSignalSpy computed(path, &gui::InterpolationPanel::computed);
        path->recompute(); // default: the second run's end to the first run's end
        QTRY_COMPARE_WITH_TIMEOUT(computed.count(), 1, 60000);
        QVERIFY2(path->curve(), qPrintable(path->statusText()));
        const analysis::LossInterpolation& curve = *path->curve();
        const auto problem = engine::createProblem(m_multi->experiment());
        const auto at = [&](double alpha) {
            return static_cast<Eigen::Index>(
                std::find(curve.alphas.begin(), curve.alphas.end(), alpha) - curve.alphas.begin());
        };
        QVERIFY(
            curve.trainLosses.row(at(0)).transpose() == problem->lossesAt(m_single->parameterRecords().back().values));
        QVERIFY(
            curve.trainLosses.row(at(1)).transpose() == problem->lossesAt(m_multi->parameterRecords().back().values));
        QVERIFY2(path->statusText().contains(QStringLiteral("barrier of the mean training loss")),
            qPrintable(path->statusText()));
        QVERIFY(path->chart()->seriesCount() >= 3);
        QTemporaryDir dir;
        test::checkExports(view, dir.path(), "along the line", "alpha,train:");
    }

    void aRunWithoutSnapshotsSaysWhatToSet()
    {
        engine::Experiment e = networkExperiment();
        e.parametersEvery = 0;
        const gui::RunHistoryPtr bare = storedRun("bare", e, m_dir.filePath("bare"));
        gui::LandscapeView view;
        view.setRuns({ bare });
        view.setPlane(analysis::PlaneKind::TrajectoryPca);
        QTRY_VERIFY_WITH_TIMEOUT(view.statusText().startsWith(QStringLiteral("Landscape failed")), 60000);
        QVERIFY2(
            view.statusText().contains(QStringLiteral("diagnostics.parameters_every")), qPrintable(view.statusText()));
        QVERIFY(view.exportBlocker().contains(QStringLiteral("failed")));
    }
};

QTEST_MAIN(TestLandscapeTrajectory)
#include "tst_landscape_trajectory.moc"
