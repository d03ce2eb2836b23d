// The Study tab's parallel coordinates (issue 12), over the 24 stored runs of study_fixture.h:
// each run at its min-max normalised value on every axis (checked by hand on three axes and
// against gui::studyParallel), coloured by group; a range on optimizer.lr, set by code or typed
// in the axis table, keeps exactly the runs with that learning rate and greys the others, while
// the statistics keep every run; a text quantity is no axis.
#include "engine/study.h"
#include "gui/charts/chart_panel.h"
#include "gui/views/study_parallel_panel.h"
#include "gui_test_support.h"
#include "study_fixture.h"

#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <limits>
#include <map>

using namespace mtw;
using namespace mtw::test;

class TestStudyParallel : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_root;

    std::unique_ptr<gui::MainWindow> openRuns(const QStringList& paths, const QString& workspace)
    {
        return openStudyRuns(m_dir, paths, workspace);
    }

private Q_SLOTS:
    void initTestCase()
    {
        useTemporarySettings(m_dir.filePath(QStringLiteral("settings")));
        m_root = m_dir.filePath(QStringLiteral("study"));
        writeStudyRuns(m_root);
    }

    void parallelCoordinates()
    {
        auto window = openRuns({ m_root }, QStringLiteral("parallel"));
        gui::StudyView* view = studyView(*window);
        QVERIFY(view);
        view->refresh();
        view->setQuantities("optimizer.lr", "final.loss.mean", "training.seed");
        QVERIFY(view->result());
        gui::StudyParallelPanel* panel = view->parallelPanel();
        QVERIFY(panel);

        // Default axes: the number settings that differ between runs, then x (already there) and y.
        QStringList axes;
        for (const gui::ParallelAxis& a : panel->data().axes)
            axes << a.name;
        QVERIFY2(axes.contains("optimizer.lr") && axes.contains("training.seed"), qPrintable(axes.join(' ')));
        QCOMPARE(axes.count("optimizer.lr"), 1);
        QCOMPARE(axes.back(), QStringLiteral("final.loss.mean"));
        QVERIFY(!axes.contains("training.steps")); // the same in every run
        QCOMPARE(panel->data().runs.size(), studyRunCount);

        // By hand on three axes: lr 1e-3 -> 0, 1e-2 -> 1; seed s -> (s - 1) / 3; the loss over its range.
        panel->setAxes({ "optimizer.lr", "training.seed", "final.loss.mean" });
        const gui::StudyParallel& p = panel->data();
        QCOMPARE(static_cast<int>(p.axes.size()), 3);
        QCOMPARE(p.runs.size(), studyRunCount);
        QVERIFY(p.leftOut.isEmpty());
        QCOMPARE(p.axes[0].min, 1e-3);
        QCOMPARE(p.axes[0].max, 1e-2);
        QCOMPARE(p.axes[1].min, 1.0);
        QCOMPARE(p.axes[1].max, 4.0);
        const engine::RunCollection collection({ m_root.toStdString() });
        double lossMin = std::numeric_limits<double>::infinity(), lossMax = -lossMin;
        std::map<QString, double> lossOf;
        for (std::size_t r = 0; r < collection.size(); ++r) {
            const double loss = collection.value(r, "final.loss.mean").number;
            lossOf[canonical(collection.run(r).directory())] = loss;
            lossMin = std::min(lossMin, loss);
            lossMax = std::max(lossMax, loss);
        }
        QCOMPARE(p.axes[2].min, lossMin);
        QCOMPARE(p.axes[2].max, lossMax);
        QVERIFY(lossMax > lossMin);
        const QStringList labels = gui::parallelAxisLabels(p);
        QVERIFY2(labels[0].contains("optimizer.lr") && labels[0].contains("0.001") && labels[0].contains("0.01"),
            qPrintable(labels[0]));
        // The pure function gives the panel's numbers.
        const gui::StudyParallel direct
            = gui::studyParallel(collection, { "optimizer.lr", "training.seed", "final.loss.mean" }, "training.seed");
        QCOMPARE(direct.runs.size(), studyRunCount);
        QVERIFY(direct.values == p.values);
        int checked = 0;
        for (const char* run : { "ew-lr0.001/seed-1", "mgda-lr0.01/seed-3", "pcgrad-lr0.01/seed-4" }) {
            int r = -1;
            for (int k = 0; k < p.runs.size(); ++k)
                if (canonical(p.runs[k].toStdString()) == canonical(QString("%1/%2").arg(m_root, run).toStdString()))
                    r = k;
            QVERIFY2(r >= 0, run);
            const bool high = QString(run).contains("lr0.01");
            const double seed = QString(run).back().digitValue();
            const double loss = lossOf.at(canonical(p.runs[r].toStdString()));
            const double expected[] = { high ? 1.0 : 0.0, (seed - 1) / 3, (loss - lossMin) / (lossMax - lossMin) };
            for (int a = 0; a < 3; ++a)
                QVERIFY2(std::abs(p.normalised(r, a) - expected[a]) <= 1e-12, run);
            QCOMPARE(p.groups[r], QString::number(seed));
            // Drawn as one polyline in its seed's colour through those heights.
            for (int s = 0; s < panel->chart()->seriesCount(); ++s)
                if (panel->chart()->seriesName(s) == p.runs[r]) {
                    const QVector<QPointF> points = panel->chart()->seriesPoints(s);
                    QCOMPARE(points.size(), 3);
                    for (int a = 0; a < 3; ++a)
                        QVERIFY(std::abs(points[a].y() - expected[a]) <= 1e-12 && points[a].x() == a);
                    ++checked;
                }
        }
        QCOMPARE(checked, 3);

        // A range on the learning rate keeps exactly the 12 runs with lr = 0.01.
        QCOMPARE(panel->keptRuns().size(), studyRunCount);
        panel->setBrush("optimizer.lr", 0.005, 0.02);
        QStringList expectedKept;
        for (const QString& run : p.runs)
            if (run.contains("-lr0.01/"))
                expectedKept << run;
        QCOMPARE(expectedKept.size(), studyRunCount / 2);
        QCOMPARE(panel->keptRuns(), expectedKept);
        QVERIFY2(panel->note().contains("12 of 24"), qPrintable(panel->note()));
        // Runs outside are drawn faint grey, below the kept ones.
        int grey = 0;
        for (int s = 0; s < panel->chart()->seriesCount(); ++s) {
            const QString name = panel->chart()->seriesName(s);
            if (p.runs.contains(name) && !expectedKept.contains(name))
                ++grey;
        }
        QCOMPARE(grey, studyRunCount / 2);
        // The same range typed into the axis table, plus seeds 2 to 3: 3 methods x 2 seeds.
        panel->clearBrushes();
        QCOMPARE(panel->keptRuns().size(), studyRunCount);
        QTableWidget* table = panel->axisTable();
        QCOMPARE(table->rowCount(), 3);
        table->item(0, 3)->setText("0.005");
        QCOMPARE(panel->keptRuns(), expectedKept); // "keep to" empty: unbounded
        table->item(1, 3)->setText("2");
        table->item(1, 4)->setText("3");
        QStringList lrAndSeeds;
        for (const QString& run : expectedKept)
            if (run.endsWith("seed-2") || run.endsWith("seed-3"))
                lrAndSeeds << run;
        QCOMPARE(lrAndSeeds.size(), 6);
        QCOMPARE(panel->keptRuns(), lrAndSeeds);
        // The statistics keep every run: the ranges only highlight.
        QCOMPARE(view->result()->points.size(), std::size_t(studyRunCount));

        // A text quantity is no axis.
        panel->setAxes({ "method.name" });
        QVERIFY2(panel->note().contains("text"), qPrintable(panel->note()));
        panel->setAxes({});
        QCOMPARE(panel->data().runs.size(), studyRunCount);
    }
};

QTEST_MAIN(TestStudyParallel)
#include "tst_study_parallel.moc"
