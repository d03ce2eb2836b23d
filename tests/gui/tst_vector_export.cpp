// Vector exports a paper can use (issue 11): a 2x2 cosine heatmap [[1, -1], [-1, 1]] exported to PDF
// keeps its cells' exact colours after rasterization (pdftoppm; Qt stored the cells as a tiny JPEG,
// so +1 and -1 came out alike), its SVG holds no bitmap and parses as XML with an '&' in the title,
// and every SVG font has a generic fallback.
#include "export_checks.h"
#include "gui/charts/colormap.h"
#include "gui/charts/heatmap_plot.h"
#include "gui/export/figure_exporter.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace mtw;

class TestVectorExport : public QObject {
    Q_OBJECT

    static void prepare(gui::HeatmapPlot& plot)
    {
        Eigen::MatrixXd cosine(2, 2);
        cosine << 1, -1, -1, 1;
        plot.setMatrix(cosine, { "taskA", "taskB" }, { "taskA", "taskB" });
        plot.setColormap(gui::Colormap::redBlue());
        plot.setColorRange(-1, 1);
        plot.setTitle(QStringLiteral("Gradient cosine"));
    }

private slots:
    void pdfHeatmapCellsKeepTheirColours()
    {
        const QString pdftoppm = QStandardPaths::findExecutable(QStringLiteral("pdftoppm"));
        if (pdftoppm.isEmpty())
            QFAIL("pdftoppm (poppler-utils) is missing: scripts/setup-deps.sh installs it");
        gui::HeatmapPlot plot;
        prepare(plot);
        plot.setCellValuesVisible(0); // sample clean cells
        QTemporaryDir dir;
        gui::ExportOptions options;
        options.size = QSize(480, 480);
        options.dpi = 96; // one PDF unit per pixel at -r 96
        const QString pdf = dir.filePath(QStringLiteral("cosine.pdf"));
        QString error;
        QVERIFY2(gui::FigureExporter::exportFigure(
                     pdf, options, [&](QPainter& p, const QRectF& r) { plot.paint(p, r); }, &error),
            qPrintable(error));
        QProcess raster;
        raster.start(pdftoppm, { "-r", "96", "-png", "-singlefile", pdf, dir.filePath(QStringLiteral("page")) });
        QVERIFY(raster.waitForFinished(30000));
        QCOMPARE(raster.exitCode(), 0);
        const QImage page(dir.filePath(QStringLiteral("page.png")));
        QVERIFY(!page.isNull());
        const QRectF canvas(QPointF(0, 0), gui::FigureExporter::logicalSize(options));
        const QRectF cells = plot.plotRectFor(canvas);
        const gui::Colormap map = gui::Colormap::redBlue();
        for (int r = 0; r < 2; ++r)
            for (int c = 0; c < 2; ++c) {
                const QPointF centre(
                    cells.left() + (c + 0.5) * cells.width() / 2, cells.top() + (r + 0.5) * cells.height() / 2);
                const QColor got = page.pixelColor(centre.toPoint());
                const QColor want(map.map(r == c ? 1.0 : -1.0, -1, 1));
                QVERIFY2(std::abs(got.red() - want.red()) <= 2 && std::abs(got.green() - want.green()) <= 2
                        && std::abs(got.blue() - want.blue()) <= 2,
                    qPrintable(
                        QStringLiteral("cell (%1, %2): %3, expected %4").arg(r).arg(c).arg(got.name(), want.name())));
            }
    }

    void svgIsValidVectorXml()
    {
        gui::HeatmapPlot plot;
        prepare(plot);
        QTemporaryDir dir;
        gui::ExportOptions options;
        options.size = QSize(600, 500);
        options.title = QStringLiteral("Weights & norms <T = 2>");
        const QString svg = dir.filePath(QStringLiteral("cosine.svg"));
        QString error;
        QVERIFY2(gui::FigureExporter::exportFigure(
                     svg, options, [&](QPainter& p, const QRectF& r) { plot.paint(p, r); }, &error),
            qPrintable(error));
        QVERIFY(test::exportedFileHasData(svg)); // parses as XML, generic font fallbacks
        QFile file(svg);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY2(!bytes.contains("<image"), "the cells must be vector rectangles, not a bitmap");
        QVERIFY(bytes.contains("Weights &amp; norms &lt;T = 2&gt;"));
    }

    void largeFieldInSvgIsOneImage()
    {
        // A 129 x 129 landscape: as rectangles it made a 4 MB SVG; embedded as one lossless PNG it is
        // small, and the matrix above (2 x 2) stays rectangles.
        gui::HeatmapPlot plot;
        Eigen::MatrixXd field(129, 129);
        for (int i = 0; i < 129; ++i)
            for (int j = 0; j < 129; ++j)
                field(i, j) = std::sin(i * 0.1) * std::cos(j * 0.07) + 0.001 * i * j;
        plot.setField(field, -1, 1, -1, 1);
        QTemporaryDir dir;
        gui::ExportOptions options;
        options.size = QSize(800, 700);
        const QString svg = dir.filePath(QStringLiteral("field.svg"));
        QString error;
        QVERIFY2(gui::FigureExporter::exportFigure(
                     svg, options, [&](QPainter& p, const QRectF& r) { plot.paint(p, r); }, &error),
            qPrintable(error));
        QVERIFY(test::exportedFileHasData(svg));
        QFile file(svg);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.contains("<image"));
        QVERIFY2(bytes.size() < 400 * 1000, qPrintable(QString::number(bytes.size())));
    }
};

QTEST_MAIN(TestVectorExport)
#include "tst_vector_export.moc"
