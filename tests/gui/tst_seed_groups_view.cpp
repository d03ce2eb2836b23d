// Stored runs that differ only in their seed (issue 12): opened together, the workbench groups them
// and draws each group as its mean with a band (min-max or one standard deviation) in the Losses
// and Pareto views, while a run of another configuration stays a line of its own.
#include "engine/run_job.h"
#include "engine/synthetic_experiment.h"
#include "gui/charts/chart_panel.h"
#include "gui/main_window.h"
#include "gui/run_manager.h"
#include "gui/seed_groups.h"
#include "gui/stored_runs.h"
#include "gui/views/losses_view.h"
#include "gui/views/pareto_view.h"
#include "gui_test_support.h"
#include "stored_run_support.h"

#include <QComboBox>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cmath>

using namespace mtw;

namespace {

const gui::RunEntry& entry(gui::MainWindow& window, int id)
{
    return window.runManager()->at(window.runManager()->indexOf(id));
}

} // namespace

class TestSeedGroupsView : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    std::unique_ptr<gui::MainWindow> makeWindow(const QString& workspace)
    {
        return test::windowWithWorkspace(m_dir, workspace);
    }

private Q_SLOTS:
    void initTestCase() { test::useTemporarySettings(m_dir.filePath(QStringLiteral("settings"))); }

    void seedsOfOneConfigurationAreDrawnAsMeanAndBand()
    {
        const QString sweep = m_dir.filePath("seeds");
        for (int seed : { 1, 2, 3 }) {
            engine::Experiment e = test::syntheticExperiment("ew", 3, 1, static_cast<std::uint64_t>(seed));
            e.steps = 50;
            test::writeStoredRun(QString("%1/ew-seed%2").arg(sweep).arg(seed), e);
        }
        engine::Experiment other = test::syntheticExperiment("mgda");
        other.steps = 50;
        test::writeStoredRun(sweep + "/mgda", other);
        auto window = makeWindow(QStringLiteral("seeds"));
        QStringList errors;
        QCOMPARE(window->openStoredRuns({ sweep }, &errors).size(), 4);
        window->storedRuns()->readAll();
        window->setOverlayRuns(window->openStoredRuns({ sweep }, &errors).mid(1)); // all four shown

        const QList<gui::SeedGroup> groups = gui::groupBySeed({ entry(*window, 1).history, entry(*window, 2).history,
            entry(*window, 3).history, entry(*window, 4).history });
        QCOMPARE(groups.size(), 2);
        QCOMPARE(groups[0].runs.size(), 3);
        QVERIFY2(groups[0].label.contains("n = 3 seeds"), qPrintable(groups[0].label));

        auto* seeds = window->findChild<QComboBox*>("seedGrouping");
        QVERIFY(seeds);
        seeds->setCurrentIndex(seeds->findData(static_cast<int>(gui::SeedGrouping::MeanStd)));
        auto* losses = qobject_cast<gui::LossesView*>(window->views().front());
        QVERIFY(losses);
        gui::ChartPanel* chart = losses->trainChart();
        int band = -1;
        for (int i = 0; i < chart->seriesCount() && band < 0; ++i)
            if (chart->isBand(i))
                band = i;
        QVERIFY(band >= 0);
        // The band of task 1 at its 5th point: mean -+ the sample std of the three seeds' bucket means.
        const int task = 0, k = 4;
        double values[3], mean = 0;
        for (int r = 0; r < 3; ++r) {
            values[r] = groups[0].runs[r]->series(gui::TaskSeries::Loss, task).means()[k].y();
            mean += values[r] / 3;
        }
        double squares = 0;
        for (double v : values)
            squares += (v - mean) * (v - mean);
        const double sd = std::sqrt(squares / 2);
        QVERIFY(sd > 0);
        QCOMPARE(chart->seriesLowerPoints(band)[k].y(), mean - sd);
        QCOMPARE(chart->seriesPoints(band)[k].y(), mean + sd);
        QCOMPARE(chart->seriesPoints(band + 1)[k].y(), mean); // the mean line follows its band
        // The configuration with one run keeps its own line; 4 tasks... 3 tasks x (band + mean) + 3 lines.
        QCOMPARE(chart->seriesCount(), 3 * 2 + 3);

        // The Pareto view: the group's mean final point with +- std error bars.
        auto* pareto = window->findChild<gui::ParetoView*>();
        QVERIFY(pareto);
        pareto->refresh();
        double finals[3][2], centre[2] = { 0, 0 };
        for (int r = 0; r < 3; ++r)
            for (int d = 0; d < 2; ++d) {
                finals[r][d] = groups[0].runs[r]->finalLosses()(d);
                centre[d] += finals[r][d] / 3;
            }
        double spread[2] = { 0, 0 };
        for (int d = 0; d < 2; ++d) {
            for (int r = 0; r < 3; ++r)
                spread[d] += (finals[r][d] - centre[d]) * (finals[r][d] - centre[d]);
            spread[d] = std::sqrt(spread[d] / 2);
        }
        gui::ChartPanel* scatter = pareto->scatterChart();
        int marker = -1;
        for (int i = 0; i < scatter->seriesCount(); ++i)
            if (scatter->seriesName(i).contains("(mean ± std)"))
                marker = i;
        QVERIFY(marker >= 2);
        QCOMPARE(scatter->seriesPoints(marker).front(), QPointF(centre[0], centre[1]));
        const QVector<QPointF> xBar = scatter->seriesPoints(marker - 2), yBar = scatter->seriesPoints(marker - 1);
        QCOMPARE(xBar.front().x(), centre[0] - spread[0]);
        QCOMPARE(xBar.back().x(), centre[0] + spread[0]);
        QCOMPARE(yBar.front().y(), centre[1] - spread[1]);
        QCOMPARE(yBar.back().y(), centre[1] + spread[1]);

        seeds->setCurrentIndex(seeds->findData(static_cast<int>(gui::SeedGrouping::MeanMinMax)));
        QCOMPARE(chart->seriesLowerPoints(band)[k].y(), *std::min_element(values, values + 3));
        QCOMPARE(chart->seriesPoints(band)[k].y(), *std::max_element(values, values + 3));
        const QString csv = m_dir.filePath("seeds.csv");
        QString error;
        QVERIFY2(losses->exportCsv(csv, &error), qPrintable(error));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(text.contains("(spread) (lower)") && text.contains("(spread) (upper)"));
        const QString svg = m_dir.filePath("seeds.svg");
        QVERIFY2(losses->exportFigure(svg, {}, &error), qPrintable(error));

        // MTW_SCREENSHOT_DIR=docs/screenshots: the workspace with a seed group, for the README.
        if (const QString shots = qEnvironmentVariable("MTW_SCREENSHOT_DIR"); !shots.isEmpty()) {
            seeds->setCurrentIndex(seeds->findData(static_cast<int>(gui::SeedGrouping::MeanStd)));
            window->resize(1500, 950);
            window->show();
            QVERIFY(QTest::qWaitForWindowExposed(window.get()));
            QTest::qWait(300);
            window->grab().save(shots + "/workspace_seed_groups.png");
        }
        seeds->setCurrentIndex(0);
        QCOMPARE(chart->seriesCount(), 4 * 3);
    }
};

QTEST_MAIN(TestSeedGroupsView)
#include "tst_seed_groups_view.moc"
