// ChartPanel on hand-made series: axes that end at the data with 1-2-5 ticks (axis_ticks.h),
// non-negative data never padded below zero, the log axis saying what it hides, legend clicks
// hiding a series (and its band), and the crosshair's values at one step.
#include "gui/charts/axis_ticks.h"
#include "gui/charts/chart_legend.h"
#include "gui/charts/chart_panel.h"
#include "gui/export/figure_exporter.h"
#include "tst_view_support.h"

#include <QChart>
#include <QFileInfo>
#include <QPainter>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>
#include <QValueAxis>
#include <cmath>
#include <limits>

using namespace mtw;

namespace {
gui::ChartSeries line(const QString& name, QVector<QPointF> points)
{
    gui::ChartSeries s;
    s.name = name;
    s.color = Qt::blue;
    s.points = std::move(points);
    return s;
}

// The panel alone as a figure file of `size` pixels at 96 dpi.
bool exportPanel(gui::ChartPanel& panel, const QString& path, QSize size)
{
    gui::ExportOptions options;
    options.size = size;
    options.dpi = 96;
    QString error;
    const bool ok = gui::FigureExporter::exportFigure(
        path, options, [&](QPainter& p, const QRectF& r) { panel.renderTo(p, r); }, &error);
    if (!ok)
        qWarning("%s", qPrintable(error));
    return ok;
}

// An exported SVG as Qt's SVG renderer draws it, on white.
QImage renderSvg(const QString& path, QSize size)
{
    QImage image(size, QImage::Format_ARGB32);
    image.fill(Qt::white);
    QSvgRenderer renderer(path);
    QPainter painter(&image);
    renderer.render(&painter);
    return image;
}

template <typename Colour> int countPixels(const QImage& image, Colour matches)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            n += matches(image.pixelColor(x, y));
    return n;
}

QValueAxis* valueAxis(gui::ChartPanel& panel, Qt::Orientation orientation)
{
    const QList<QAbstractAxis*> axes = panel.chart()->axes(orientation);
    return axes.isEmpty() ? nullptr : qobject_cast<QValueAxis*>(axes.front());
}
} // namespace

class TestChartPanel : public QObject {
    Q_OBJECT
private slots:
    void niceSteps()
    {
        QCOMPARE(gui::niceTickStep(35000, 7), 5000.0);
        QCOMPARE(gui::niceTickStep(35000, 10), 5000.0);
        QCOMPARE(gui::niceTickStep(1, 5), 0.2);
        QCOMPARE(gui::niceTickStep(0.07, 4), 0.02);
        QCOMPARE(gui::niceTickStep(9.2, 2), 5.0);
        // The first tick is exactly zero, not -2.77556e-17.
        const gui::AxisTicks t = gui::ticksFor(-1e-17, 0.9, 5);
        QCOMPARE(t.anchor, 0.0);
        QCOMPARE(t.interval, 0.2);
        QCOMPARE(gui::ticksFor(0.13, 0.9, 5).anchor, 0.2);
    }

    void paddedRangeKeepsTheSignOfTheData()
    {
        const gui::AxisTicks losses = gui::linearAxis(0.01, 2.3, 0.05, 5);
        QCOMPARE(losses.min, 0.0); // 0.01 - 5% of 2.29 would be below zero
        QVERIFY(std::abs(losses.max - (2.3 + 0.05 * 2.29)) < 1e-12);
        const gui::AxisTicks negative = gui::linearAxis(-3, -0.1, 0.05, 5);
        QCOMPARE(negative.max, 0.0);
        const gui::AxisTicks both = gui::linearAxis(-1, 1, 0.05, 5);
        QCOMPARE(both.min, -1.1);
        QCOMPARE(both.max, 1.1);
        const gui::AxisTicks flat = gui::linearAxis(2, 2, 0.05, 5);
        QCOMPARE(flat.min, 1.9);
        QCOMPARE(flat.max, 2.1);
        // Flat up to rounding (an MT - ST difference of two interpolated curves): one value too,
        // not ticks 1e-17 apart (the Factors view's export ran out of memory on it).
        const gui::AxisTicks rounded = gui::linearAxis(-2.0000000000000004, -1.9999999999999996, 0.05, 5);
        QVERIFY(rounded.max - rounded.min >= 0.1);
    }

    void axesEndAtTheDataWithNiceTicks()
    {
        gui::ChartPanel panel;
        panel.resize(800, 500);
        panel.show();
        QVector<QPointF> points;
        for (int s = 0; s <= 35000; s += 100)
            points << QPointF(s, 16.0748 / (1 + s / 1000.0));
        panel.setSeries({ line("loss", points) });
        QCOMPARE(panel.xRange(), std::make_pair(0.0, 35000.0));
        QCOMPARE(panel.yRange().first, 0.0);
        QVERIFY(panel.yRange().second >= 16.0748);
        QValueAxis* x = valueAxis(panel, Qt::Horizontal);
        QValueAxis* y = valueAxis(panel, Qt::Vertical);
        QCOMPARE(x->tickType(), QValueAxis::TicksDynamic);
        QCOMPARE(x->tickAnchor(), 0.0);
        QCOMPARE(x->tickInterval(), 5000.0);
        // y ticks are 1-2-5 multiples: the label of every tick is a short number.
        const double interval = y->tickInterval();
        const double mantissa = interval / std::pow(10.0, std::floor(std::log10(interval)));
        QVERIFY2(std::abs(mantissa - 1) < 1e-9 || std::abs(mantissa - 2) < 1e-9 || std::abs(mantissa - 5) < 1e-9,
            qPrintable(QString::number(interval)));
        QCOMPARE(std::fmod(y->tickAnchor() / interval, 1.0), 0.0);
        // A zoom keeps the ticks on the 1-2-5 grid of the new range.
        x->setRange(1000, 1800);
        QCOMPARE(x->tickInterval(), 100.0);
        QCOMPARE(x->tickAnchor(), 1000.0);
    }

    void wholeNumberXDataGetWholeNumberTicks()
    {
        // Task counts 1..4 (a study of aggregation size): 1-2-5 ticks would put one at 1.5.
        gui::ChartPanel panel;
        panel.resize(800, 500);
        panel.show();
        const QVector<QPointF> counts { { 1, 0.81 }, { 2, 0.80 }, { 3, 0.77 }, { 4, 0.79 } };
        panel.setSeries({ line("class accuracy", counts) });
        QValueAxis* x = valueAxis(panel, Qt::Horizontal);
        QCOMPARE(x->tickInterval(), 1.0);
        QCOMPARE(x->tickAnchor(), 1.0);
        QCOMPARE(x->labelFormat(), QString("%.0f"));
        // Measured points with a finely sampled fitted line over them: the points decide.
        QVector<QPointF> fit;
        for (double at = 1; at <= 4; at += 0.1)
            fit << QPointF(at, 0.82 - 0.01 * at);
        gui::ChartSeries measured = line("runs", counts);
        measured.kind = gui::ChartSeries::Kind::Scatter;
        panel.setSeries({ measured, line("fit", fit) });
        QCOMPARE(x->tickInterval(), 1.0);
        // One fractional x and the 1-2-5 step is back.
        panel.setSeries({ line("class accuracy", counts + QVector<QPointF> { { 2.5, 0.78 } }) });
        QVERIFY(x->tickInterval() < 1);
    }

    void segmentedAxesEndOnTicks()
    {
        // The 3-D surface's axes: Qt labels evenly spaced segments, so the ends must be ticks.
        // A loss from 0.93 to 2.47 with about 4 segments: step 0.5, [0.5, 2.5], labels 0.5 ... 2.5.
        const gui::SegmentedAxis loss = gui::segmentedAxis(0.93, 2.47, 4);
        QCOMPARE(loss.step, 0.5);
        QCOMPARE(loss.min, 0.5);
        QCOMPARE(loss.max, 2.5);
        QCOMPARE(loss.segments, 4);
        QCOMPARE(gui::tickDecimals(loss.step), 1);
        // A plane coordinate from -1 to 1 is already on ticks.
        const gui::SegmentedAxis plane = gui::segmentedAxis(-1, 1, 4);
        QCOMPARE(plane.min, -1.0);
        QCOMPARE(plane.max, 1.0);
        QCOMPARE(plane.segments, 4);
        QCOMPARE(gui::tickDecimals(plane.step), 1);
        QCOMPARE(gui::tickDecimals(20.0), 0);
        QCOMPARE(gui::tickDecimals(0.02), 2);
        // A constant field and no finite value at all still give a valid axis.
        const gui::SegmentedAxis flat = gui::segmentedAxis(2.0, 2.0, 4);
        QVERIFY(flat.min < 2.0 && flat.max > 2.0 && flat.segments >= 1);
        const gui::SegmentedAxis none
            = gui::segmentedAxis(std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(), 4);
        QVERIFY(none.min < none.max && none.segments >= 1);
    }

    void tickLabelsAreShortNumbers()
    {
        // An MT - ST difference from -0.026 to just above 0 (the Factors view's coherence): Qt adds the interval
        // to the first tick, so the tick at zero was labelled "1.73472e-18" in the SVG.
        gui::ChartPanel panel;
        panel.setSeries({ line("d", { { 0.2, -0.026 }, { 0.5, -0.001 }, { 1.0, 0.0012 } }) });
        QTemporaryDir dir;
        QVERIFY(exportPanel(panel, dir.filePath("d.svg"), QSize(800, 500)));
        const QByteArray svg = test::readAll(dir.filePath("d.svg"));
        QVERIFY2(!svg.contains("e-1"), "a tick label in exponent notation of rounding noise");
        QVERIFY(svg.contains(">0.000<") || svg.contains(">0.00<"));
        // A log axis over less than a decade and a half is labelled at powers of two.
        gui::ChartPanel logPanel;
        logPanel.setSeries({ line("c", { { 0.15, 1.0 }, { 0.6, 2.0 }, { 3.5, 3.0 } }) });
        logPanel.setLogX(true);
        QVERIFY(exportPanel(logPanel, dir.filePath("log.svg"), QSize(800, 500)));
        const QByteArray logSvg = test::readAll(dir.filePath("log.svg"));
        for (const char* label : { ">0.25<", ">0.5<", ">1<", ">2<" })
            QVERIFY2(logSvg.contains(label), label);
    }

    void logAxisSaysWhatItHides()
    {
        gui::ChartPanel panel;
        panel.setChartTitle("Training loss");
        panel.setSeries({ line("a", { { 0, 0.0 }, { 1, 1.0 }, { 2, 0.5 } }), line("b", { { 0, -1.0 }, { 1, 2.0 } }) });
        QCOMPARE(panel.hiddenPointCount(), 0);
        QCOMPARE(panel.chart()->title(), QString("Training loss"));
        panel.setLogY(true);
        QCOMPARE(panel.hiddenPointCount(), 2);
        QVERIFY2(panel.chart()->title().contains("2 points"), qPrintable(panel.chart()->title()));
        QCOMPARE(panel.seriesPoints(0).size(), 2);
        panel.setLogY(false);
        QCOMPARE(panel.hiddenPointCount(), 0);
        QCOMPARE(panel.chart()->title(), QString("Training loss"));
    }

    void symlogShowsBothSignsOverDecades()
    {
        QCOMPARE(gui::symlog(0, 1), 0.0);
        QCOMPARE(gui::symlog(9, 1), 1.0);
        QCOMPARE(gui::symlog(-99, 1), -2.0);
        QVERIFY(std::abs(gui::symlogInverse(gui::symlog(-7400, 0.1), 0.1) + 7400) < 1e-9);
        // Ten non-zero magnitudes, sorted 0.03, 0.5, 1, ...: the 10th percentile is 0.5, so c = 0.1.
        QCOMPARE(gui::symlogThreshold({ 0, 0.03, 0.5, 2, 7400, -3, 1, 1, 1, 1, 1 }), 0.1);
        const std::vector<double> ticks = gui::symlogTicks(gui::symlog(-150, 1), gui::symlog(7400, 1), 1);
        QCOMPARE(ticks, std::vector<double>({ -100, -10, -1, 0, 1, 10, 100, 1000 }));

        gui::ChartPanel panel;
        panel.resize(600, 400);
        // A slow-down ratio: mostly O(1), negative on conflicting steps, one spike of 7400.
        panel.setSeries({ line("slow-down", { { 0, 1 }, { 1, -2 }, { 2, 7400 }, { 3, 0.5 }, { 4, 0 } }) });
        panel.setLogY(true);
        QCOMPARE(panel.hiddenPointCount(), 2); // -2 and 0
        panel.setSymlogY(true);
        QVERIFY(!panel.isLogY());
        QCOMPARE(panel.hiddenPointCount(), 0);
        QCOMPARE(panel.seriesPoints(0).size(), 5);
        QVERIFY(std::abs(panel.seriesPoints(0)[2].y() - 7400) < 1e-9); // data units back
        QVERIFY(std::abs(panel.seriesPoints(0)[1].y() + 2) < 1e-12);
        QVERIFY(panel.crosshairText(2).endsWith("slow-down: 7400"));
        const auto [lo, hi] = panel.yRange(); // drawn units: symlog(-2) - pad .. symlog(7400) + pad
        QVERIFY(lo < gui::symlog(-2, panel.symlogC()) && hi > gui::symlog(7400, panel.symlogC()));
        panel.setSymlogY(false);
        QVERIFY(std::abs(panel.seriesPoints(0)[2].y() - 7400) < 1e-9);
    }

    void legendClickHidesASeriesAndItsBand()
    {
        gui::ChartPanel panel;
        panel.resize(700, 400);
        panel.show();
        gui::ChartSeries band;
        band.kind = gui::ChartSeries::Kind::Band;
        band.name = "big (spread)";
        band.inLegend = false;
        band.points = { { 0, 120 }, { 1, 110 } };
        band.lower = { { 0, 80 }, { 1, 90 } };
        panel.setSeries({ band, line("big", { { 0, 100 }, { 1, 100 } }), line("small", { { 0, 1 }, { 1, 2 } }) });
        QVERIFY(panel.yRange().second >= 120);
        gui::ChartLegend* legend = panel.legendItem();
        QCOMPARE(legend->entries().size(), 2); // the band has no entry of its own
        QCOMPARE(legend->entries()[0].label, QString("big"));
        const auto click = [&](int entry) {
            const QPoint at = panel.mapFromScene(legend->entryRect(entry).center());
            QTest::mouseClick(panel.viewport(), Qt::LeftButton, {}, at);
        };
        click(0); // a real click on the legend entry
        QVERIFY(panel.isSeriesHidden("big"));
        QVERIFY(!panel.isSeriesVisible(0)); // the band goes with its line
        QVERIFY(!panel.isSeriesVisible(1));
        QVERIFY(panel.isSeriesVisible(2));
        QCOMPARE(legend->entries().size(), 2); // the entry stays, so a second click brings it back
        QVERIFY2(panel.yRange().second < 10, "the axes fit the visible series");
        // Kept across live updates with the same series.
        panel.setSeries({ band, line("big", { { 0, 100 }, { 1, 101 } }), line("small", { { 0, 1 }, { 1, 2 } }) });
        QVERIFY(!panel.isSeriesVisible(1));
        click(0);
        QVERIFY(panel.isSeriesVisible(0) && panel.isSeriesVisible(1));
        QVERIFY(panel.yRange().second >= 120);
    }

    void legendKeepsEveryEntry()
    {
        // 36 entries in a 700 x 400 chart: Qt's legend showed the first 11; ours lays them out in
        // columns, every entry inside the chart and none overlapping another.
        gui::ChartPanel panel;
        panel.resize(700, 400);
        panel.show();
        QList<gui::ChartSeries> many;
        for (int k = 0; k < 36; ++k)
            many << line(QString("run %1 · task").arg(k), { { 0, double(k) }, { 1, double(k) + 1 } });
        panel.setSeries(many);
        gui::ChartLegend* legend = panel.legendItem();
        QCOMPARE(legend->entries().size(), 36);
        const QRectF chartRect(QPointF(0, 0), panel.chart()->size());
        for (int i = 0; i < 36; ++i) {
            QVERIFY2(chartRect.contains(legend->entryRect(i)), qPrintable(QString::number(i)));
            for (int j = 0; j < i; ++j)
                QVERIFY(!legend->entryRect(i).intersects(legend->entryRect(j)));
        }
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QVERIFY2(
            panel.chart()->plotArea().right() < legend->entryRect(0).left(), "the plot leaves the legend its room");
    }

    void vectorExportThinsHiddenScatterPoints()
    {
        // 40,000 trajectory points, most of them on top of each other near the front, and one far
        // out: the SVG holds a point per marker-wide cell (the last one drawn there), not 40,000.
        gui::ChartPanel panel;
        gui::ChartSeries trail;
        trail.kind = gui::ChartSeries::Kind::Scatter;
        trail.name = "trajectory";
        trail.color = Qt::red;
        trail.markerSize = 5;
        for (int k = 0; k < 40000; ++k)
            trail.points << QPointF(1 + std::cos(k) * 0.01 * (k % 7), 1 + std::sin(k) * 0.01 * (k % 5));
        trail.points << QPointF(9, 9);
        panel.setSeries({ trail });
        QTemporaryDir dir;
        const QString svg = dir.filePath("scatter.svg");
        QVERIFY(exportPanel(panel, svg, QSize(800, 600)));
        QVERIFY2(QFileInfo(svg).size() < 200 * 1000, qPrintable(QString::number(QFileInfo(svg).size())));
        QCOMPARE(panel.seriesPoints(0).size(), 40001); // the chart itself keeps every point
        // The SVG draws what the PNG draws: about as many red pixels (Qt's renderer of the SVG
        // against the raster export), and the far point at (9, 9) is among them.
        const QString png = dir.filePath("scatter.png");
        QVERIFY(exportPanel(panel, png, QSize(800, 600)));
        const auto red = [](const QColor& c) { return c.red() > 180 && c.green() < 120 && c.blue() < 120; };
        const int inSvg = countPixels(renderSvg(svg, QSize(800, 600)), red), inPng = countPixels(QImage(png), red);
        QVERIFY2(inPng > 50 && std::abs(inSvg - inPng) < 0.25 * inPng,
            qPrintable(QString("%1 vs %2").arg(inSvg).arg(inPng)));
    }

    void vectorExportJoinsLineSegments()
    {
        // Qt writes a line as one <polyline> per segment; the exporter joins them: a 2,000-point
        // noisy loss curve is a handful of elements, and it draws the same blue pixels.
        gui::ChartPanel panel;
        QVector<QPointF> points;
        for (int k = 0; k < 2000; ++k)
            points << QPointF(k, 1 + 0.3 * std::sin(k * 0.37) + 0.1 * std::cos(k * 1.7));
        gui::ChartSeries loss = line("loss", points);
        loss.color = QColor(0, 0, 255);
        panel.setSeries({ loss });
        QTemporaryDir dir;
        QVERIFY(exportPanel(panel, dir.filePath("loss.svg"), QSize(800, 500)));
        QVERIFY(exportPanel(panel, dir.filePath("loss.png"), QSize(800, 500)));
        const QByteArray svg = test::readAll(dir.filePath("loss.svg"));
        QVERIFY2(svg.count("<polyline") < 100, qPrintable(QString::number(svg.count("<polyline")))); // ~2,000 unjoined
        const auto blue = [](const QColor& c) { return c.blue() > 180 && c.red() < 140 && c.green() < 140; };
        const int inSvg = countPixels(renderSvg(dir.filePath("loss.svg"), QSize(800, 500)), blue);
        const int inPng = countPixels(QImage(dir.filePath("loss.png")), blue);
        QVERIFY2(inPng > 500 && std::abs(inSvg - inPng) < 0.25 * inPng,
            qPrintable(QString("%1 vs %2").arg(inSvg).arg(inPng)));
    }

    void crosshairListsEveryVisibleLine()
    {
        gui::ChartPanel panel;
        panel.setAxisTitles("step", "loss");
        panel.setSeries({ line("a", { { 0, 1 }, { 10, 2 }, { 20, 3 } }), line("b", { { 0, 5 }, { 12, 6 } }),
            line("c", { { 0, 0.5 }, { 10, 0.25 } }) });
        QCOMPARE(panel.crosshairText(11), QString("step 11\nb: 6\na: 2\nc: 0.25"));
        QCOMPARE(panel.crosshairText(100), QString("step 100\nb: 6\na: 3\nc: 0.25"));
        panel.setSeriesHidden("b", true);
        QCOMPARE(panel.crosshairText(-5), QString("step -5\na: 1\nc: 0.5"));
    }
};

QTEST_MAIN(TestChartPanel)
#include "tst_chart_panel.moc"
