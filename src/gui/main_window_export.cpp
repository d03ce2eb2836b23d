// MainWindow: export of the current view (figure with physical size, DPI and font size, or CSV),
// the views' right-click menu and "Export all figures" into a folder. No export writes a view
// whose content is unfinished or empty: pending views are waited for (Cancel stops), empty ones
// are refused or skipped with the reason.
#include "gui/app_settings.h"
#include "gui/main_window.h"
#include "gui/png_export_dialog.h"
#include "gui/run_manager.h"
#include "ui_main_window.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QProgressDialog>
#include <QStatusBar>

namespace mtw::gui {

bool MainWindow::exportCurrentView(const QString& path, const ExportOptions& options, QString* error)
{
    RunView* view = currentView();
    if (!view) {
        *error = tr("no view to export");
        return false;
    }
    view->refresh();
    if (const QString blocker = view->exportBlocker(); !blocker.isEmpty()) {
        *error = tr("%1 not exported: %2").arg(view->title(), blocker);
        return false;
    }
    if (QFileInfo(path).suffix().compare(QLatin1String("csv"), Qt::CaseInsensitive) == 0)
        return view->exportCsv(path, error);
    ExportOptions withTitle = options;
    if (withTitle.title.isEmpty())
        withTitle.title = view->title();
    return view->exportFigure(path, withTitle, error);
}

BatchExportResult MainWindow::exportAll(const QString& directory, const ExportOptions& options, int waitMs)
{
    waitUntilExportable(m_views, waitMs);
    return exportAllFigures(m_views, directory, options);
}

QMenu* MainWindow::createViewContextMenu(RunView* view, QWidget* parent)
{
    auto* menu = new QMenu(parent);
    const bool hasData = m_ui->menuExportView->isEnabled();
    QAction* figure = menu->addAction(tr("Export figure..."));
    figure->setObjectName(QStringLiteral("contextExportFigure"));
    QAction* csv = menu->addAction(tr("Export CSV..."));
    csv->setObjectName(QStringLiteral("contextExportCsv"));
    for (QAction* action : { figure, csv })
        action->setEnabled(hasData);
    // The menu acts on the view it was opened on, which is the current tab's.
    const auto exportFrom = [this, view](const QString& suffix) {
        m_ui->viewTabs->setCurrentWidget(view);
        exportViewDialog(suffix);
    };
    connect(figure, &QAction::triggered, this, [exportFrom] { exportFrom(QString()); });
    connect(csv, &QAction::triggered, this, [exportFrom] { exportFrom(QStringLiteral("csv")); });
    return menu;
}

bool MainWindow::waitForExportable(const QList<RunView*>& views)
{
    if (!firstPendingView(views))
        return true;
    QProgressDialog progress(this);
    progress.setWindowTitle(tr("Export"));
    progress.setRange(0, 0); // no fraction to show: the view computes at its own pace
    progress.setCancelButtonText(tr("Cancel export"));
    progress.setMinimumDuration(0);
    progress.setWindowModality(Qt::WindowModal);
    progress.show();
    return waitUntilExportable(views, -1, [&progress](const RunView* pending) {
        progress.setLabelText(
            tr("Waiting before the export: %1 \u2014 %2.").arg(pending->title(), pending->exportBlocker()));
        return !progress.wasCanceled();
    });
}

bool MainWindow::askExportOptions(ExportOptions* options)
{
    PngExportDialog dialog(this);
    dialog.setOptions(m_settings->exportOptions());
    if (dialog.exec() != QDialog::Accepted)
        return false;
    *options = dialog.options();
    m_settings->setExportOptions(*options);
    return true;
}

void MainWindow::exportViewDialog(const QString& suffix)
{
    RunView* view = currentView();
    if (!view)
        return;
    view->refresh();
    if (!waitForExportable({ view })) {
        statusBar()->showMessage(tr("Export cancelled"), 8000);
        return;
    }
    if (const QString blocker = view->exportBlocker(); !blocker.isEmpty()) {
        QMessageBox::information(this, tr("Export"), tr("%1 is not exported: %2.").arg(view->title(), blocker));
        return;
    }
    const bool csv = suffix == QLatin1String("csv");
    ExportOptions options;
    if (!csv && !askExportOptions(&options))
        return;
    const RunEntry* run = currentRun();
    const QString base = (run ? run->name + QLatin1Char('-') : QString()) + fileStem(view->title());
    const QString filters
        = csv ? tr("CSV files (*.csv)") : tr("PNG images (*.png);;SVG drawings (*.svg);;PDF documents (*.pdf)");
    const QString defaultSuffix = suffix.isEmpty() ? QStringLiteral("png") : suffix;
    QString selectedFilter = filters.split(QStringLiteral(";;")).filter(QStringLiteral("*.") + defaultSuffix).value(0);
    QString path = QFileDialog::getSaveFileName(this, csv ? tr("Export CSV") : tr("Export figure"),
        QDir::current().filePath(base + QLatin1Char('.') + defaultSuffix), filters, &selectedFilter);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QLatin1Char('.')
            + (selectedFilter.contains(QStringLiteral("*.svg"))        ? QStringLiteral("svg")
                    : selectedFilter.contains(QStringLiteral("*.pdf")) ? QStringLiteral("pdf")
                                                                       : defaultSuffix);
    QString error;
    if (exportCurrentView(path, options, &error))
        statusBar()->showMessage(tr("Exported %1").arg(path), 8000);
    else
        QMessageBox::warning(this, tr("Export"), error);
}

void MainWindow::exportAllDialog()
{
    ExportOptions options;
    if (!askExportOptions(&options))
        return;
    options.title.clear(); // each figure gets its own view's title
    const RunEntry* run = currentRun();
    const QString directory = QFileDialog::getExistingDirectory(
        this, tr("Export all figures into"), QDir::current().filePath(run ? run->name : QStringLiteral("figures")));
    if (directory.isEmpty())
        return;
    if (!waitForExportable(m_views)) {
        statusBar()->showMessage(tr("Export cancelled"), 8000);
        return;
    }
    const BatchExportResult result = exportAll(directory, options, 0);
    QString message = tr("Exported %1 files into %2").arg(result.files.size()).arg(directory);
    if (!result.skipped.isEmpty())
        message += tr("; skipped: %1").arg(result.skipped.join(QStringLiteral("; ")));
    if (result.ok())
        statusBar()->showMessage(message, 15000);
    else
        QMessageBox::warning(
            this, tr("Export all figures"), result.errors.join(QLatin1Char('\n')) + QStringLiteral("\n\n") + message);
}

} // namespace mtw::gui
