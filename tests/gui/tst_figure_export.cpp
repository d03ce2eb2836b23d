// Issue 11, "Figures a paper can use": no export writes an unfinished or empty figure as a
// success; the export dialog's physical size, DPI and font size reach the file; single-view
// export is reachable from the File menu and from every view's context menu.
#include "gui/experiment_form.h"
#include "gui/export/figure_exporter.h"
#include "gui/figure_batch_export.h"
#include "gui/main_window.h"
#include "gui/parameter_form.h"
#include "gui/png_export_dialog.h"
#include "gui/views/landscape_view.h"
#include "gui/views/transfer_view.h"
#include "gui_test_support.h"
#include "tst_view_support.h"

#include <QApplication>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QDir>
#include <QDoubleSpinBox>
#include <QMenu>
#include <QMenuBar>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace mtw;

namespace {
// Height in pixels of the dark ink in an image (text drawn in black on white).
int inkHeight(const QImage& image)
{
    int top = -1, bottom = -1;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (qGray(image.pixel(x, y)) < 128) {
                if (top < 0)
                    top = y;
                bottom = y;
                break;
            }
    return top < 0 ? 0 : bottom - top + 1;
}

QImage exportText(const gui::ExportOptions& options, const QString& path)
{
    QString error;
    const bool ok = gui::FigureExporter::exportFigure(
        path, options,
        [](QPainter& p, const QRectF& rect) {
            p.setPen(Qt::black);
            p.drawText(rect, Qt::AlignCenter, QStringLiteral("HHHH"));
        },
        &error);
    return ok ? QImage(path) : QImage();
}
} // namespace

class TestFigureExport : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { test::useTemporarySettings(m_dir.filePath(QStringLiteral("settings"))); }

    // The landscape refines in the background: right after setRuns it is still computing, and a
    // batch export must refuse it (naming the view and why) rather than write the coarse level.
    void computingLandscapeIsNotWritten()
    {
        gui::LandscapeView view;
        view.setRuns({ test::syntheticRun(QStringLiteral("toy"), 200, 2, true) });
        QVERIFY(view.exportPending());
        QVERIFY(!view.exportBlocker().isEmpty());
        const QString out = m_dir.filePath(QStringLiteral("pending"));
        const gui::BatchExportResult early = gui::exportAllFigures({ &view }, out, {});
        QVERIFY(!early.ok());
        QCOMPARE(early.errors.size(), 1);
        QVERIFY2(early.errors.front().startsWith(QStringLiteral("Landscape")), qPrintable(early.errors.front()));
        QVERIFY2(early.errors.front().contains(QStringLiteral("computing")), qPrintable(early.errors.front()));
        QVERIFY(early.files.isEmpty());
        QVERIFY(QDir(out).entryList(QDir::Files).isEmpty());

        QVERIFY(gui::waitUntilExportable({ &view }, 60000));
        QVERIFY(view.isFinished());
        QVERIFY2(view.exportBlocker().isEmpty(), qPrintable(view.exportBlocker()));
        const gui::BatchExportResult done = gui::exportAllFigures({ &view }, out, {});
        QVERIFY2(done.ok(), qPrintable(done.errors.join(QLatin1Char('\n'))));
        QCOMPARE(done.files.size(), 4);
    }

    // The wait gives up at its limit and says so.
    void waitGivesUpAtTheLimit()
    {
        gui::LandscapeView view;
        view.setRuns({ test::syntheticRun(QStringLiteral("toy"), 200, 2, true) });
        QVERIFY(!gui::waitUntilExportable({ &view }, 0));
        QVERIFY(!gui::waitUntilExportable({ &view }, 60000, [](const gui::RunView*) { return false; }));
    }

    // ST vs MT with no single-task baseline has nothing to show: skipped with the reason, no
    // empty axes written, and not an error.
    void transferWithoutBaselinesIsSkipped()
    {
        gui::TransferView view;
        view.setRuns({ test::syntheticRun(QStringLiteral("toy"), 200, 2, true) });
        QVERIFY(!view.exportBlocker().isEmpty());
        QVERIFY(!view.exportPending());
        const QString out = m_dir.filePath(QStringLiteral("transfer"));
        const gui::BatchExportResult result = gui::exportAllFigures({ &view }, out, {});
        QVERIFY(result.ok());
        QVERIFY(result.files.isEmpty());
        QCOMPARE(result.skipped.size(), 1);
        QVERIFY2(result.skipped.front().startsWith(QStringLiteral("ST vs MT transfer: ")),
            qPrintable(result.skipped.front()));
    }

    void dialogSizeDpiAndFontReachThePng()
    {
        gui::PngExportDialog dialog;
        dialog.presetCombo()->setCurrentIndex(0);
        emit dialog.presetCombo()->activated(0); // the paper-column preset
        QCOMPARE(dialog.widthInches()->value(), 3.25);
        dialog.dpiSpin()->setValue(200);
        dialog.fontSpin()->setValue(8);
        const gui::ExportOptions options = dialog.options();
        QCOMPARE(options.size.width(), 650); // 3.25 in x 200 dpi
        QCOMPARE(options.dpi, 200);
        QCOMPARE(options.fontPointSize, 8.0);
        emit dialog.presetCombo()->activated(1);
        QCOMPARE(dialog.options().size.width(), 1400); // 7 in x 200 dpi
        if (const QString shots = qEnvironmentVariable("MTW_SCREENSHOT_DIR"); !shots.isEmpty()) {
            emit dialog.presetCombo()->activated(0);
            dialog.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            QVERIFY(dialog.grab().save(QDir(shots).filePath(QStringLiteral("export_dialog.png"))));
            emit dialog.presetCombo()->activated(1);
        }

        const QImage small = exportText(options, m_dir.filePath(QStringLiteral("font8.png")));
        QCOMPARE(small.size(), options.size);
        QCOMPARE(small.dotsPerMeterX(), qRound(200 / 0.0254));
        gui::ExportOptions larger = options;
        larger.fontPointSize = 16;
        const QImage big = exportText(larger, m_dir.filePath(QStringLiteral("font16.png")));
        QCOMPARE(big.size(), options.size);
        const int h8 = inkHeight(small), h16 = inkHeight(big);
        // A capital H is about 0.7 em: 8 pt at 200 dpi is 22 px per em, so ~16 px of ink.
        const double em8 = 8 / 72.0 * 200;
        QVERIFY2(h8 > 0.5 * em8 && h8 < 1.0 * em8, qPrintable(QStringLiteral("%1 px").arg(h8)));
        QVERIFY2(h16 > 1.7 * h8 && h16 < 2.3 * h8, qPrintable(QStringLiteral("%1 vs %2 px").arg(h16).arg(h8)));
    }

    void fileMenuHasSingleViewExport()
    {
        gui::MainWindow window;
        QMenu* file = nullptr;
        for (QAction* action : window.menuBar()->actions())
            if (action->menu() && action->text().remove(QLatin1Char('&')) == QStringLiteral("File"))
                file = action->menu();
        QVERIFY(file);
        QMenu* exportMenu = nullptr;
        for (QAction* action : file->actions())
            if (action->menu() && action->menu()->objectName() == QStringLiteral("menuExportView"))
                exportMenu = action->menu();
        QVERIFY2(exportMenu, "File > Export current view is missing");
        QVERIFY(exportMenu->actions().contains(window.action("actionExportPng")));
        QVERIFY(exportMenu->actions().contains(window.action("actionExportCsv")));
    }

    void everyViewHasAContextMenu()
    {
        gui::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        for (gui::RunView* view : window.views()) {
            QCOMPARE(view->contextMenuPolicy(), Qt::CustomContextMenu);
            const std::unique_ptr<QMenu> menu(window.createViewContextMenu(view, &window));
            QStringList texts;
            for (QAction* action : menu->actions())
                texts << action->text();
            QVERIFY2(
                texts.contains(QStringLiteral("Export figure...")) && texts.contains(QStringLiteral("Export CSV...")),
                qPrintable(texts.join(QStringLiteral(", "))));
        }
        // A real context-menu event on the current view opens the menu.
        gui::RunView* view = window.currentView();
        QVERIFY(view);
        QString shown;
        QTimer::singleShot(300, this, [&shown] {
            if (auto* popup = qobject_cast<QMenu*>(QApplication::activePopupWidget())) {
                for (QAction* action : popup->actions())
                    shown += action->text() + QLatin1Char(';');
                popup->close();
            }
        });
        QContextMenuEvent event(QContextMenuEvent::Keyboard, QPoint(20, 20), view->mapToGlobal(QPoint(20, 20)));
        QApplication::sendEvent(view, &event);
        QVERIFY2(shown.contains(QStringLiteral("Export figure...")), qPrintable(shown));
    }

    void demoTitleNamesTheDemo()
    {
        gui::MainWindow window;
        window.setWorkspace(m_dir.filePath(QStringLiteral("runs")));
        window.startDemo(false, 20);
        const QString title = window.windowTitle();
        QVERIFY2(title.contains(QStringLiteral("demo")), qPrintable(title));
        QVERIFY2(!title.contains(QLatin1Char('*')), qPrintable(title));
        QVERIFY2(!title.contains(QStringLiteral("untitled")), qPrintable(title));
    }

    void oneTaskIsNotReady()
    {
        gui::ExperimentForm form;
        form.selectProblem(QStringLiteral("synthetic_family"));
        form.problemForm()->setText(QStringLiteral("tasks"), QStringLiteral("1"));
        QVERIFY(!form.isValid());
        QVERIFY2(form.validationMessage().contains(QStringLiteral("at least 2")), qPrintable(form.validationMessage()));
        form.problemForm()->setText(QStringLiteral("tasks"), QStringLiteral("3"));
        QVERIFY2(form.isValid(), qPrintable(form.validationMessage()));
    }
};

QTEST_MAIN(TestFigureExport)
#include "tst_figure_export.moc"
