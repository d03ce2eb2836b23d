// MainWindow: export of the current view (PNG with size and DPI, SVG, PDF, CSV) and "Export all
// figures" into a folder.
#include "gui/app_settings.h"
#include "gui/main_window.h"
#include "gui/png_export_dialog.h"
#include "gui/run_manager.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
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
    if (QFileInfo(path).suffix().compare(QLatin1String("csv"), Qt::CaseInsensitive) == 0)
        return view->exportCsv(path, error);
    ExportOptions withTitle = options;
    if (withTitle.title.isEmpty())
        withTitle.title = view->title();
    return view->exportFigure(path, withTitle, error);
}

BatchExportResult MainWindow::exportAll(const QString& directory, const ExportOptions& options)
{
    return exportAllFigures(m_views, directory, options);
}

void MainWindow::exportViewDialog(const QString& suffix)
{
    RunView* view = currentView();
    if (!view)
        return;
    ExportOptions options;
    options.size = m_settings->pngSize();
    options.dpi = m_settings->pngDpi();
    if (suffix == QLatin1String("png")) {
        PngExportDialog dialog(this);
        dialog.setOptions(options);
        if (dialog.exec() != QDialog::Accepted)
            return;
        options = dialog.options();
        m_settings->setPngOptions(options.size, options.dpi);
    }
    const RunEntry* run = currentRun();
    const QString base = (run ? run->name + QLatin1Char('-') : QString()) + fileStem(view->title());
    QString path = QFileDialog::getSaveFileName(this, tr("Export %1").arg(suffix.toUpper()),
        QDir::current().filePath(base + QLatin1Char('.') + suffix), tr("%1 files (*.%2)").arg(suffix.toUpper(), suffix));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QLatin1Char('.') + suffix;
    QString error;
    if (exportCurrentView(path, options, &error))
        statusBar()->showMessage(tr("Exported %1").arg(path), 8000);
    else
        QMessageBox::warning(this, tr("Export"), error);
}

void MainWindow::exportAllDialog()
{
    const RunEntry* run = currentRun();
    const QString directory = QFileDialog::getExistingDirectory(this, tr("Export all figures into"),
        QDir::current().filePath(run ? run->name : QStringLiteral("figures")));
    if (directory.isEmpty())
        return;
    ExportOptions options;
    options.size = m_settings->pngSize();
    options.dpi = m_settings->pngDpi();
    const BatchExportResult result = exportAll(directory, options);
    if (result.ok())
        statusBar()->showMessage(tr("Exported %1 files into %2").arg(result.files.size()).arg(directory), 8000);
    else
        QMessageBox::warning(this, tr("Export all figures"), result.errors.join(QLatin1Char('\n')));
}

} // namespace mtw::gui
