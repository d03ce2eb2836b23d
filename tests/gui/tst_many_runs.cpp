// Figures with many runs and many tasks (issue 11): 8 runs x 4 tasks coloured by run keep a
// distinct (colour, dash) per curve, legend entries name what differs between runs instead of
// the shared experiment prefix, and a panel per task (12 tasks) shares its axes and exports.
#include "export_checks.h"
#include "gui/charts/chart_legend.h"
#include "gui/charts/chart_panel.h"
#include "gui/charts/panel_grid_layout.h"
#include "gui/run_labels.h"
#include "gui/views/conflict_view.h"
#include "gui/views/losses_view.h"
#include "gui/views/task_panel_grid.h"
#include "gui/views/view_style.h"
#include "gui/views/weights_view.h"
#include "tst_view_support.h"

#include <QApplication>
#include <QFile>
#include <QPainter>
#include <QPicture>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QWheelEvent>

using namespace mtw;

namespace {
// Run k of a compare: methods x learning rates, named like the compare dialog names them.
gui::RunHistoryPtr compareRun(int k, int tasks, long long steps = 400)
{
    static const char* const methods[] = { "ew", "mgda", "pcgrad", "cagrad" };
    engine::Experiment e = test::syntheticExperiment();
    e.method = methods[k % 4];
    e.optimizer.learningRate = k < 4 ? 1e-3 : 1e-2;
    auto run = std::make_shared<gui::RunHistory>(QString("synthetic-%1-%2").arg(methods[k % 4]).arg(k), e);
    for (long long first = 0; first < steps; first += 100)
        run->append(test::syntheticSnapshot(first, std::min<long long>(100, steps - first), tasks, steps));
    return run;
}

QList<gui::RunHistoryPtr> compareRuns(int count, int tasks)
{
    QList<gui::RunHistoryPtr> runs;
    for (int k = 0; k < count; ++k)
        runs << compareRun(k, tasks);
    return runs;
}

// What tells a curve apart: its colour and its dash pattern (Qt's styles give theirs too).
QString lookOf(const QPen& pen)
{
    QString look = pen.color().name();
    for (qreal length : pen.dashPattern())
        look += QLatin1Char(' ') + QString::number(length);
    return look;
}

// Exports the view's figure at `size` pixels and `dpi`; false with the reason.
bool exportFigureAt(gui::RunView& view, const QString& path, QSize size, int dpi, QString* error)
{
    gui::ExportOptions options;
    options.size = size;
    options.dpi = dpi;
    return view.exportFigure(path, options, error);
}
} // namespace

class TestManyRuns : public QObject {
    Q_OBJECT
private slots:
    void labelsSayWhatDiffers()
    {
        const QList<gui::RunHistoryPtr> runs = compareRuns(8, 2);
        const QStringList labels = gui::runLabels(runs);
        QCOMPARE(labels[0], QString("ew, lr=0.001"));
        QCOMPARE(labels[6], QString("pcgrad, lr=0.01"));
        QCOMPARE(QSet<QString>(labels.begin(), labels.end()).size(), 8);
        // Same experiment: the names without their common prefix.
        QCOMPARE(gui::withoutCommonPrefix({ "synthetic-nash_mtl", "synthetic-upgrad" }),
            QStringList({ "nash_mtl", "upgrad" }));
        QCOMPARE(gui::runLabels({ test::syntheticRun("demo-a"), test::syntheticRun("demo-a") }),
            QStringList({ "a", "a #2" }));
        // One run keeps its name.
        QCOMPARE(gui::runLabels({ runs[3] }), QStringList({ "synthetic-cagrad-3" }));
    }

    void eightRunsColouredByRunAreDistinct()
    {
        gui::LossesView view;
        view.resize(1200, 800);
        view.setRuns(compareRuns(8, 4));
        view.setColourByRun(true);
        gui::ChartPanel* train = view.trainChart();
        // 32 curves, then the factored legend's 4 task and 8 run keys (32 entries do not fit).
        QCOMPARE(train->seriesCount(), 32 + 12);
        QCOMPARE(train->legendItem()->entries().size(), 12);
        QCOMPARE(train->legendItem()->entries()[4].label, QString("ew, lr=0.001"));
        QCOMPARE(train->legendItem()->entries()[4].color, gui::style::runColor(0));
        QSet<QString> looks;
        for (int i = 0; i < 32; ++i)
            looks.insert(lookOf(train->seriesPen(i)));
        QCOMPARE(looks.size(), 32);
        // Run 6 (pcgrad, lr=0.01), task 1: run 6's colour, task 1's dash.
        QCOMPARE(train->seriesName(6 * 4 + 1), QString("pcgrad, lr=0.01 · taskB"));
        QCOMPARE(train->seriesPen(6 * 4 + 1).color(), gui::style::runColor(6));
        QCOMPARE(train->seriesPen(6 * 4 + 1).dashPattern(), gui::style::taskDash(1).pattern());
        // Coloured by task (the default), every run has a dash of its own (Qt's five styles gave
        // runs 0 and 5 the same solid line, 1 and 6 the same dashes).
        view.setColourByRun(false);
        QCOMPARE(train->seriesPen(1).color(), gui::style::taskColor(1));
        looks.clear();
        for (int i = 0; i < 32; ++i)
            looks.insert(lookOf(train->seriesPen(i)));
        QCOMPARE(looks.size(), 32);
        QSet<QString> runKeys; // and so has every run's key in the legend
        for (const gui::LegendEntry& key : train->legendItem()->entries().mid(4))
            runKeys.insert(lookOf(key.style.pen(key.color, 1)));
        QCOMPARE(runKeys.size(), 8);
        // A click on a task's key hides that task in every run.
        train->setSeriesHidden("taskC", true);
        for (int r = 0; r < 8; ++r)
            QVERIFY(!train->isSeriesVisible(r * 4 + 2) && train->isSeriesVisible(r * 4 + 1));
    }

    void weightsColouredByRunToo()
    {
        gui::WeightsView view;
        view.setRuns(compareRuns(8, 4));
        view.setColourByRun(true);
        gui::ChartPanel* weights = view.weightsChart();
        QSet<QString> looks;
        for (int i = 0; i < 32; ++i)
            looks.insert(lookOf(weights->seriesPen(i)));
        QCOMPARE(looks.size(), 32);
        QCOMPARE(weights->seriesPen(6 * 4 + 1).color(), gui::style::runColor(6));
        QCOMPARE(weights->legendItem()->entries()[4].color, gui::style::runColor(0)); // the run keys in colour
        view.setColourByRun(false);
        QCOMPARE(weights->seriesPen(6 * 4 + 1).color(), gui::style::taskColor(1));
        // A 7 x 5 in figure: the four charts share one legend (four legends of 8 runs and 4 tasks
        // squeezed the charts until their axis labels and titles were drawn as "...").
        QTemporaryDir dir;
        QString error;
        const QString svg = dir.filePath("weights.svg");
        QVERIFY2(exportFigureAt(view, svg, QSize(1050, 750), 150, &error), qPrintable(error));
        const QByteArray text = test::readAll(svg);
        const QString firstRun = weights->legendItem()->entries()[4].label;
        QCOMPARE(text.count(firstRun.toHtmlEscaped().toUtf8()), 2); // the legend and the caption
        const QStringList elided = test::elidedSvgTexts(text);
        QVERIFY2(elided.isEmpty(), qPrintable(elided.join(" | ")));
        QVERIFY(weights->legendItem()->isVisible()); // on screen each chart keeps its legend
    }

    void weightsAsAPanelPerTask()
    {
        // 8 runs x 12 tasks: a panel per task with a line per run in its colour, linked axes,
        // one legend of the runs; exports and CSV follow the panels.
        gui::WeightsView view;
        view.resize(1400, 900);
        view.setRuns(compareRuns(8, 12));
        view.setPanelPerTask(gui::TaskSeries::GradientNorm);
        gui::TaskPanelGrid* grid = view.taskPanels();
        QCOMPARE(grid->panels().size(), 12);
        QCOMPARE(grid->legend().size(), 8);
        QCOMPARE(grid->panels()[11]->chartTitle(), QString("taskL"));
        QCOMPARE(grid->panels()[11]->seriesCount(), 8);
        QCOMPARE(grid->panels()[11]->seriesPen(5).color(), gui::style::runColor(5));
        QCOMPARE(grid->panels()[3]->xRange(), grid->panels()[0]->xRange());
        QTemporaryDir dir;
        QString error;
        QVERIFY2(exportFigureAt(view, dir.filePath("weights.svg"), QSize(1400, 1000), 100, &error), qPrintable(error));
        QVERIFY2(view.exportCsv(dir.filePath("weights.csv"), &error), qPrintable(error));
        QVERIFY(test::exportedFileHasData(dir.filePath("weights.svg"))); // parses as XML
        QVERIFY(test::readAll(dir.filePath("weights.svg")).contains("taskL"));
        QVERIFY(test::readAll(dir.filePath("weights.csv")).contains("gradient_norms taskL"));
        // Back to the four charts of every task.
        view.setPanelPerTask(std::nullopt);
        QVERIFY(!view.panelQuantity());
        QCOMPARE(view.weightsChart()->seriesCount(), 8 * 12 + 8 + 12); // and the legend keys of runs and tasks
    }

    void normPanelsWriteTheirLogTicksWhole()
    {
        // 8 runs x 12 tasks, the gradient norms (0.1 .. 1e10 here) as a panel per task on a log
        // axis: Qt ticks every decade and wrote all 11 labels as "..." once they were closer than a
        // line of text. The base grows (100, 1000) until they fit: every label whole.
        gui::WeightsView view;
        view.resize(1400, 900);
        view.setRuns(compareRuns(8, 12));
        view.setPanelPerTask(gui::TaskSeries::GradientNorm);
        QTemporaryDir dir;
        QString error;
        for (const QSize size : { QSize(700, 900), QSize(1400, 1000), QSize(1000, 1400) }) {
            const QString path = dir.filePath("norms.svg");
            QVERIFY2(exportFigureAt(view, path, size, 100, &error), qPrintable(error));
            const QStringList elided = test::elidedSvgTexts(test::readAll(path));
            QVERIFY2(elided.isEmpty(),
                qPrintable(QString("%1 x %2: %3").arg(size.width()).arg(size.height()).arg(elided.join(" | "))));
        }
        if (const QString shots = qEnvironmentVariable("MTW_VIEW_SCREENSHOT_DIR"); !shots.isEmpty())
            QVERIFY(
                exportFigureAt(view, shots + "/weights_norms_12_panels_log_ticks.png", QSize(700, 900), 100, &error));
    }

    void evaluationUnderTwelvePanelsIsColouredByTask()
    {
        // Panels per task take the runs' colours; the evaluation chart below them took that
        // encoding too (one colour per run, tasks by 5 repeating dashes). Coloured by task there,
        // 12 tasks have 12 colours and 8 runs 8 dashes: every curve has its own look.
        gui::LossesView view;
        view.resize(1400, 900);
        view.setRuns(compareRuns(8, 12));
        view.setPanelPerTask(true);
        gui::ChartPanel* evaluation = view.validationChart();
        QCOMPARE(evaluation->seriesCount(), 96 + 12 + 8); // and the legend's task and run keys
        QSet<QString> looks, taskColours;
        for (int i = 0; i < 96; ++i)
            looks.insert(lookOf(evaluation->seriesPen(i)));
        QCOMPARE(looks.size(), 96);
        for (int t = 0; t < 12; ++t)
            taskColours.insert(evaluation->seriesPen(5 * 12 + t).color().name());
        QCOMPARE(taskColours.size(), 12);
        QCOMPARE(evaluation->seriesName(5 * 12 + 11), QString("mgda, lr=0.01 · taskL"));
        QCOMPARE(evaluation->seriesPen(5 * 12 + 11).color(), gui::style::taskColor(11));
        QCOMPARE(evaluation->legendItem()->entries()[11].color, gui::style::taskColor(11));
        // The panels keep the runs' colours.
        QCOMPARE(view.taskPanels()->panels()[11]->seriesPen(5).color(), gui::style::runColor(5));
    }

    void conflictHeatmapNamesRunStepAndTwelveColumns()
    {
        gui::ConflictView view;
        view.resize(900, 600);
        view.setRuns({ test::syntheticRun("twelve", 1000, 12), test::syntheticRun("other", 1000, 12) });
        QTemporaryDir dir;
        QString error;
        QVERIFY2(exportFigureAt(view, dir.filePath("conflict.svg"), QSize(900, 600), 96, &error), qPrintable(error));
        const QByteArray svg = test::readAll(dir.filePath("conflict.svg"));
        QVERIFY(svg.contains("Cosine similarity of task gradients: twelve, step 990"));
        // Twelve names do not fit under their columns: numbers there, numbered names on the rows.
        QVERIFY(!svg.contains("ta\u2026") && !svg.contains("ta..."));
        QVERIFY2(svg.contains(">12<") && svg.contains("12  taskL"), svg.left(200).constData());
        // In a paper-column figure the numbers do not fit one per cell either: every second one is
        // written ("9" and a wide "10" overlapped as "910" before).
        QVERIFY2(exportFigureAt(view, dir.filePath("narrow.svg"), QSize(700, 900), 100, &error), qPrintable(error));
        const QByteArray narrow = test::readAll(dir.filePath("narrow.svg"));
        QVERIFY(narrow.contains(">10<") && narrow.contains(">12<"));
        QVERIFY(!narrow.contains(">9<") && !narrow.contains(">11<"));
    }

    void panelPerTaskSharesItsAxes()
    {
        gui::LossesView view;
        view.resize(1400, 900);
        view.show();
        const QList<gui::RunHistoryPtr> runs = compareRuns(8, 12);
        view.setRuns(runs);
        view.setPanelPerTask(true);
        gui::TaskPanelGrid* grid = view.taskPanels();
        QCOMPARE(grid->panels().size(), 12);
        QCOMPARE(grid->columns(), 4);
        QCOMPARE(grid->legend().size(), 8);
        QCOMPARE(grid->legend()[2].label, QString("pcgrad, lr=0.001"));
        for (gui::ChartPanel* panel : grid->panels()) {
            QCOMPARE(panel->seriesCount(), 8);
            QCOMPARE(panel->xRange(), grid->panels().front()->xRange());
            QCOMPARE(panel->yRange(), grid->panels().front()->yRange());
        }
        // Task L (index 11) has the largest losses: every panel's y axis reaches them.
        QVERIFY(grid->panels().front()->yRange().second >= test::syntheticLoss(11, 0));
        QCOMPARE(grid->panels()[11]->chartTitle(), QString("taskL"));
        QCOMPARE(grid->panels()[11]->seriesPen(5).color(), gui::style::runColor(5));

        // Linked zoom: a wheel zoom in one panel shows the same ranges in all; a double-click
        // on another resets every panel to the shared ranges.
        const auto shared = std::make_pair(grid->panels()[5]->xRange(), grid->panels()[5]->yRange());
        gui::ChartPanel* zoomed = grid->panels()[0];
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTRY_VERIFY(zoomed->chart()->plotArea().width() > 50); // laid out: a wheel zooms about the plot
        const QPoint centre = zoomed->rect().center();
        QWheelEvent wheel(QPointF(centre), zoomed->mapToGlobal(QPointF(centre)), QPoint(), QPoint(0, 120), Qt::NoButton,
            Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(zoomed->viewport(), &wheel);
        QVERIFY(zoomed->isUserZoomed());
        QVERIFY(zoomed->xRange().second - zoomed->xRange().first < shared.first.second - shared.first.first);
        for (gui::ChartPanel* panel : grid->panels()) {
            QVERIFY(panel->isUserZoomed());
            QCOMPARE(panel->xRange(), zoomed->xRange());
            QCOMPARE(panel->yRange(), zoomed->yRange());
        }
        QTest::mouseDClick(grid->panels()[7]->viewport(), Qt::LeftButton);
        for (gui::ChartPanel* panel : grid->panels()) {
            QVERIFY(!panel->isUserZoomed());
            QCOMPARE(std::make_pair(panel->xRange(), panel->yRange()), shared);
        }

        QTemporaryDir dir;
        QString error;
        QVERIFY2(exportFigureAt(view, dir.filePath("panels.svg"), QSize(1400, 1000), 100, &error), qPrintable(error));
        QVERIFY2(exportFigureAt(view, dir.filePath("panels.png"), QSize(1400, 1000), 100, &error), qPrintable(error));
        QVERIFY2(view.exportCsv(dir.filePath("panels.csv"), &error), qPrintable(error));
        QVERIFY(test::exportedFileHasData(dir.filePath("panels.svg"))); // parses as XML
        const QByteArray text = test::readAll(dir.filePath("panels.svg"));
        QVERIFY(text.contains("taskL"));
        QVERIFY(text.contains("cagrad, lr=0.01")); // the shared legend
        QVERIFY(test::readAll(dir.filePath("panels.csv")).contains("train_loss taskL,\"mgda, lr=0.01\""));
        QVERIFY(test::distinctColours(QImage(dir.filePath("panels.png"))) > 8);
    }

    void panelGridLayoutGivesPanelsTheMostRoom()
    {
        // 12 panels of at least 150 x 100: a wide page takes 4 columns, a paper column two, and
        // a 3.25 x 1.5 in grid (312 x 144 units) has no readable layout.
        const gui::PanelGridLayout wide = gui::panelGridLayout(12, 1000, 400, 150, 100);
        QCOMPARE(wide.columns, 4); // 4 x 3 (250 x 133, fit 1.33) beats 6 x 2 (167 x 200, fit 1.11)
        QVERIFY(wide.readable());
        const gui::PanelGridLayout column = gui::panelGridLayout(12, 312, 700, 150, 100);
        QCOMPARE(column.columns, 2); // 156 x 117 (fit 1.04) beats 3 x 4 (104 x 175, fit 0.69)
        QCOMPARE(column.rows, 6);
        QVERIFY(column.readable());
        const gui::PanelGridLayout tooSmall = gui::panelGridLayout(12, 312, 144, 150, 100);
        QVERIFY(!tooSmall.readable());
        QCOMPARE(gui::readablePanelGridHeight(12, 312, 150, 100), 6 * 100.0); // 2 columns of 6 rows
        QCOMPARE(gui::readablePanelGridHeight(12, 100, 150, 100), 12 * 100.0); // one column, narrower
        QCOMPARE(gui::panelGridLayout(1, 50, 50, 150, 100).columns, 1);
    }

    void twelvePanelsInAPaperColumn()
    {
        // A 3.25 in column at 9 pt: 12 task panels in 2.4 in cannot be read (Qt elides their tick
        // labels), so the export is refused with the sizes and nothing is written; 10 in tall they
        // are laid out in two columns (the y title on the left column only) and written.
        gui::LossesView view;
        view.resize(1400, 900);
        view.setRuns(compareRuns(2, 12));
        view.setPanelPerTask(true);
        QTemporaryDir dir;
        QString error;
        const QString small = dir.filePath("small.svg");
        QVERIFY(!exportFigureAt(view, small, QSize(975, 720), 300, &error));
        QVERIFY2(error.startsWith("12 panels do not fit readably: at 9 pt each gets"), qPrintable(error));
        const QString grid = QString("a grid %1 in tall").arg(600 / 96.0, 0, 'f', 1); // 2 columns of 6 rows
        QVERIFY2(error.contains("needs 1.56 x 1.04 in") && error.contains(grid), qPrintable(error));
        QVERIFY(!QFile::exists(small));
        const QString tall = dir.filePath("tall.svg");
        QVERIFY2(exportFigureAt(view, tall, QSize(975, 3000), 300, &error), qPrintable(error));
        QVERIFY(test::exportedFileHasData(tall));
        QPicture picture;
        QPainter painter(&picture);
        const gui::PanelGridLayout layout = view.taskPanels()->paintTo(painter, QRectF(0, 0, 312, 700));
        QCOMPARE(layout.columns, 2);
        QVERIFY(layout.readable());
        QCOMPARE(view.taskPanels()->columns(), 4); // the screen keeps its own layout
        QCOMPARE(view.taskPanels()->panels()[1]->axisTitleY(), QString()); // and its y titles
        // At 6 pt text the panels need two thirds of the room: 3.25 x 6 in holds them.
        gui::ExportOptions sixPoint;
        sixPoint.size = QSize(975, 1800);
        sixPoint.dpi = 300;
        sixPoint.fontPointSize = 6;
        QVERIFY2(view.exportFigure(dir.filePath("six.svg"), sixPoint, &error), qPrintable(error));
    }
};

QTEST_MAIN(TestManyRuns)
#include "tst_many_runs.moc"
