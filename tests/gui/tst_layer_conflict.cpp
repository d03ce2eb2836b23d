// The Conflict view's per-layer matrices (Roy et al. 2024, FairBranch): RunHistory keeps them in
// lockstep with the cosine matrices and knows each step's epoch; the "Per layer" small multiples
// show the scrubbed step's layer cosines and the heads' CKA with its threshold groups; the
// per-epoch angle box plots draw hand-computed quartiles; the CSV and SVG exports hold them.
#include "gui/charts/chart_panel.h"
#include "gui/charts/heatmap_plot.h"
#include "gui/export/csv_table.h"
#include "gui/views/angle_box_panel.h"
#include "gui/views/conflict_view.h"
#include "gui/views/layer_conflict_panel.h"
#include "tst_view_support.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

using namespace mtw;

namespace {

const QStringList layerLabels = { "L1 Linear 1k", "L2 Linear 4k", "L3 Linear 260" };

// Layer l's cosine between tasks 0 and 1 at a step (0.25 elsewhere), so every layer and step differ.
double layerCosine(int layer, long long step)
{
    return -0.1 * (layer + 1) + 0.001 * static_cast<double>(step);
}

// CKA(0, 1) = 0.9, CKA(2, 3) = 0.85, other pairs 0.1: FairBranch at 0.8 groups {0, 1} {2, 3}.
Eigen::MatrixXd knownCka(int tasks)
{
    Eigen::MatrixXd cka = Eigen::MatrixXd::Constant(tasks, tasks, 0.1);
    cka.diagonal().setOnes();
    cka(0, 1) = cka(1, 0) = 0.9;
    if (tasks >= 4)
        cka(2, 3) = cka(3, 2) = 0.85;
    return cka;
}

// syntheticSnapshot with 100 steps per epoch and, at every matrix step, the layers' cosines and
// the CKA.
gui::MutableRunHistoryPtr layerRun(long long steps, int tasks, long long matrixEvery = 10, int capacity = 2000)
{
    auto run = std::make_shared<gui::RunHistory>(QStringLiteral("layers"), test::syntheticExperiment(), capacity);
    for (long long first = 0; first < steps; first += 100) {
        auto s = std::make_shared<engine::Snapshot>(
            *test::syntheticSnapshot(first, std::min<long long>(100, steps - first), tasks, steps, matrixEvery));
        for (engine::StepRecord& r : s->steps)
            r.epoch = static_cast<int>(r.step / 100);
        for (engine::MatrixRecord& m : s->matrices) {
            for (int l = 0; l < layerLabels.size(); ++l) {
                Eigen::MatrixXd cosine = Eigen::MatrixXd::Constant(tasks, tasks, 0.25);
                cosine.diagonal().setOnes();
                cosine(0, 1) = cosine(1, 0) = layerCosine(l, m.step);
                m.more.push_back({ engine::layerCosinePrefix + layerLabels[l].toStdString(), cosine });
            }
            m.more.push_back({ engine::ckaKind, knownCka(tasks) });
        }
        run->append(s);
    }
    return run;
}

// A 3-task run whose pair cosines (0-1, 0-2, 1-2) are given per matrix step: steps 0..5, epoch 0
// for steps 0-2 and epoch 1 for steps 3-5.
gui::MutableRunHistoryPtr anglesRun(const std::vector<std::pair<long long, Eigen::Vector3d>>& pairs)
{
    auto run = std::make_shared<gui::RunHistory>(QStringLiteral("angles"), test::syntheticExperiment());
    auto s = std::make_shared<engine::Snapshot>();
    s->taskNames = { "taskA", "taskB", "taskC" };
    s->step = 6;
    s->totalSteps = 6;
    for (long long k = 0; k < 6; ++k) {
        engine::StepRecord r;
        r.step = k;
        r.epoch = k < 3 ? 0 : 1;
        s->steps.push_back(r);
    }
    for (const auto& [step, c] : pairs) {
        engine::MatrixRecord m;
        m.step = step;
        m.cosine = Eigen::MatrixXd::Identity(3, 3);
        m.cosine(0, 1) = m.cosine(1, 0) = c(0);
        m.cosine(0, 2) = m.cosine(2, 0) = c(1);
        m.cosine(1, 2) = m.cosine(2, 1) = c(2);
        // One layer whose angles are all 90 degrees, to tell the sources apart.
        m.more.push_back({ std::string(engine::layerCosinePrefix) + "L1 Linear 10", Eigen::MatrixXd::Identity(3, 3) });
        s->matrices.push_back(m);
    }
    run->append(s);
    return run;
}

bool near(double a, double b)
{
    return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b));
}

// The drawn series called `name`, in drawing order.
QList<int> seriesNamed(const gui::ChartPanel& chart, const QString& name)
{
    QList<int> found;
    for (int i = 0; i < chart.seriesCount(); ++i)
        if (chart.seriesName(i) == name)
            found << i;
    return found;
}

// The SVG's text in drawing order: Qt writes a line in pieces where the font changes (τ).
QString svgText(const QString& svg)
{
    QString text;
    QRegularExpressionMatchIterator pieces = QRegularExpression(QStringLiteral(">([^<>]*)</text>")).globalMatch(svg);
    while (pieces.hasNext())
        text += pieces.next().captured(1);
    return text;
}

} // namespace

class TestLayerConflict : public QObject {
    Q_OBJECT
private slots:
    void historyKeepsLayerMatricesInLockstep()
    {
        // 2500 matrices thin the store (capacity 2000): both stores must keep the same steps.
        const auto run = layerRun(2500, 3, 1);
        const auto& cosines = run->cosineSamples();
        const auto& layers = run->layerMatrixSamples();
        QVERIFY(cosines.stride() > 1);
        QCOMPARE(layers.size(), cosines.size());
        for (std::size_t i = 0; i < cosines.size(); i += 97) {
            QCOMPARE(layers.at(i).first, cosines.at(i).first);
            QCOMPARE(layers.at(i).second.size(), std::size_t(4));
            QVERIFY(near(layers.at(i).second[1].values(0, 1), layerCosine(1, cosines.at(i).first)));
        }
        QVERIFY(run->hasLayerMatrices());
        QVERIFY(!test::syntheticRun("plain", 200)->hasLayerMatrices());
        QCOMPARE(run->epochAt(0), 0);
        QCOMPARE(run->epochAt(99), 0);
        QCOMPARE(run->epochAt(100), 1);
        QCOMPARE(run->epochAt(2499), 24);
        QCOMPARE(run->epochAt(100000), 24);
    }

    void perLayerOnlyWithLayerMatrices()
    {
        gui::ConflictView view;
        view.resize(1400, 800);
        view.setRuns({ test::syntheticRun("plain", 300) });
        QVERIFY(!view.perLayerBox()->isEnabled());
        view.perLayerBox()->setChecked(true);
        QVERIFY(!view.showsLayers());
        view.setRuns({ layerRun(300, 3) });
        QVERIFY(view.perLayerBox()->isEnabled());
        QVERIFY(view.showsLayers());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(view.layerPanel()->isVisible());
        QVERIFY(!view.heatmap()->isVisible());
        view.perLayerBox()->setChecked(false);
        QVERIFY(view.heatmap()->isVisible());
        QVERIFY(!view.layerPanel()->isVisible());
    }

    void smallMultiplesShowTheScrubbedStep()
    {
        gui::ConflictView view;
        view.resize(1600, 900);
        view.setRuns({ layerRun(300, 3) });
        view.perLayerBox()->setChecked(true);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.scrubTo(7);
        QCOMPARE(view.shownStep(), 70LL);
        const gui::LayerConflictPanel& panel = *view.layerPanel();
        QCOMPARE(panel.shownStep(), 70LL);
        const QList<gui::HeatmapPlot*>& heatmaps = panel.cosineHeatmaps();
        QCOMPARE(heatmaps.size(), layerLabels.size() + 1);
        QCOMPARE(heatmaps[0]->title(), QStringLiteral("All shared layers"));
        QVERIFY(near(heatmaps[0]->values()(0, 1), -0.5));
        for (int l = 0; l < layerLabels.size(); ++l) {
            const gui::HeatmapPlot& h = *heatmaps[l + 1];
            QCOMPARE(h.title(), layerLabels[l]);
            QVERIFY2(near(h.values()(0, 1), layerCosine(l, 70)), qPrintable(QString::number(h.values()(0, 1))));
            // The same fixed scale everywhere.
            QCOMPARE(h.colorRange().first, -1.0);
            QCOMPARE(h.colorRange().second, 1.0);
            QVERIFY(h.isVisible());
        }
        QVERIFY(panel.hasCka());
        QVERIFY(near(panel.ckaHeatmap()->values()(0, 1), 0.9));
        QCOMPARE(panel.ckaHeatmap()->colorRange().first, 0.0);
        QCOMPARE(panel.ckaHeatmap()->colorRange().second, 1.0);
        // Replay: an earlier step's values.
        view.scrubTo(2);
        QVERIFY(near(heatmaps[2]->values()(0, 1), layerCosine(1, 20)));
    }

    void groupsAtThreshold_data()
    {
        QTest::addColumn<double>("tau");
        QTest::addColumn<QString>("groups");
        QTest::newRow("paper-vision-0.80") << 0.80 << QStringLiteral("{taskA, taskB} {taskC, taskD}");
        QTest::newRow("between-0.85-and-0.9") << 0.88 << QStringLiteral("{taskA, taskB} {taskC} {taskD}");
        QTest::newRow("everything-at-0.1") << 0.10 << QStringLiteral("{taskA, taskB, taskC, taskD}");
    }

    void groupsAtThreshold()
    {
        QFETCH(double, tau);
        QFETCH(QString, groups);
        gui::ConflictView view;
        view.setRuns({ layerRun(200, 4) });
        view.perLayerBox()->setChecked(true);
        gui::LayerConflictPanel& panel = *view.layerPanel();
        QCOMPARE(panel.thresholdBox()->value(), 0.80);
        panel.thresholdBox()->setValue(tau);
        QCOMPARE(panel.groupsText(), QStringLiteral("FairBranch groups at τ = %1: %2").arg(tau, 0, 'f', 2).arg(groups));
    }

    void boxPlotQuartiles()
    {
        // Epoch 0: angles 60, 90, 120 and 30, 60, 180; sorted 30 60 60 90 120 180, so (type 7)
        // q1 = 60, median = 75, q3 = 112.5. Epoch 1: 90, 120, 60: q1 = 75, median = 90, q3 = 105.
        const double half = std::sqrt(3.0) / 2;
        const auto run = anglesRun({ { 0, Eigen::Vector3d(0.5, 0.0, -0.5) }, { 2, Eigen::Vector3d(half, 0.5, -1.0) },
            { 4, Eigen::Vector3d(0.0, -0.5, 0.5) } });
        gui::ConflictView view;
        view.setRuns({ run });
        // Hidden (its tab is not shown), the panel has not computed the boxes yet.
        QCOMPARE(view.angleBoxPanel()->chart()->seriesCount(), 0);
        view.angleBoxPanel()->refreshNow();
        const gui::ChartPanel& chart = *view.angleBoxPanel()->chart();
        const QList<int> medians = seriesNamed(chart, QStringLiteral("median"));
        const QList<int> bands = seriesNamed(chart, QStringLiteral("quartiles"));
        QCOMPARE(medians.size(), 2);
        QCOMPARE(bands.size(), 2);
        const double expected[2][3] = { { 60, 75, 112.5 }, { 75, 90, 105 } };
        for (int b = 0; b < 2; ++b) {
            QVERIFY(chart.isBand(bands[b]));
            const QVector<QPointF> lower = chart.seriesLowerPoints(bands[b]);
            const QVector<QPointF> upper = chart.seriesPoints(bands[b]);
            const QVector<QPointF> median = chart.seriesPoints(medians[b]);
            QCOMPARE(lower.size(), 2);
            QVERIFY2(near(lower[0].y(), expected[b][0]), qPrintable(QString::number(lower[0].y())));
            QVERIFY2(near(median[0].y(), expected[b][1]), qPrintable(QString::number(median[0].y())));
            QVERIFY2(near(upper[1].y(), expected[b][2]), qPrintable(QString::number(upper[1].y())));
            // The box spans epoch +- 0.35, epochs counted from 1.
            QVERIFY(near(lower[0].x(), b + 1 - 0.35) && near(upper[1].x(), b + 1 + 0.35));
        }
        const QList<int> reference = seriesNamed(chart, QStringLiteral("90°: orthogonal; above: conflict"));
        QCOMPARE(reference.size(), 1);
        QCOMPARE(chart.seriesPoints(reference[0]).first().y(), 90.0);
        QCOMPARE(chart.seriesPen(reference[0]).style(), Qt::DashLine);
        // The layer as the source: all angles 90.
        QCOMPARE(view.angleBoxPanel()->sourceChoice()->count(), 2);
        view.angleBoxPanel()->setSource(QStringLiteral("cosine@L1 Linear 10"));
        QCOMPARE(view.angleBoxPanel()->boxes().size(), std::size_t(2));
        QVERIFY(near(view.angleBoxPanel()->boxes()[0].median, 90.0));
        QVERIFY(near(chart.seriesPoints(seriesNamed(chart, QStringLiteral("median"))[0])[0].y(), 90.0));
    }

    void csvHoldsLayersAndBoxes()
    {
        QTemporaryDir dir;
        gui::ConflictView view;
        view.setRuns({ layerRun(300, 3) });
        view.perLayerBox()->setChecked(true);
        view.scrubTo(7);
        QString error;
        QVERIFY2(view.exportCsv(dir.filePath("c.csv"), &error), qPrintable(error));
        const QString csv = QString::fromUtf8(test::readAll(dir.filePath("c.csv")));
        for (const QString& label : layerLabels)
            QVERIFY2(csv.contains(QStringLiteral("cosine@%1,taskA|taskB,70,%2")
                                      .arg(label)
                                      .arg(gui::CsvTable::number(
                                          layerCosine(static_cast<int>(layerLabels.indexOf(label)), 70)))),
                qPrintable(label));
        QVERIFY(csv.contains(QStringLiteral("cka,taskA|taskB,70,0.9")));
        // Three epochs of 100 steps: one box each, x = 1, 2, 3.
        QVERIFY(csv.contains(QStringLiteral("angle_box,median,1,")));
        QVERIFY(csv.contains(QStringLiteral("angle_box,upper_quartile,3,")));
    }

    void svgShowsEveryLayer()
    {
        QTemporaryDir dir;
        gui::ConflictView view;
        view.resize(1600, 900);
        view.setRuns({ layerRun(300, 4) });
        view.perLayerBox()->setChecked(true);
        view.overTimeTabs()->setCurrentWidget(view.angleBoxPanel());
        gui::ExportOptions options;
        options.size = QSize(1600, 900);
        options.dpi = 96;
        QString error;
        QVERIFY2(view.exportFigure(dir.filePath("c.svg"), options, &error), qPrintable(error));
        const QString svg = QString::fromUtf8(test::readAll(dir.filePath("c.svg")));
        QVERIFY(svg.contains(QStringLiteral(">All shared layers<")));
        for (const QString& label : layerLabels)
            QVERIFY2(svg.contains(QStringLiteral(">%1<").arg(label)), qPrintable(label));
        QVERIFY(svg.contains(QStringLiteral("CKA of the task heads")));
        QVERIFY(svgText(svg).contains(QStringLiteral("FairBranch groups at τ = 0.80: {taskA, taskB} {taskC, taskD}")));
        QVERIFY(svg.contains(QStringLiteral("Conflict angles per epoch")));
        QVERIFY(svg.contains(QStringLiteral("whiskers: min and max")));
    }
};

QTEST_MAIN(TestLayerConflict)
#include "tst_layer_conflict.moc"
