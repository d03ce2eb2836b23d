#include "gui/export_prompts.h"

#include "gui/png_export_dialog.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>

namespace mtw::gui {

void promptFigureExport(QWidget* parent, const QString& title, const QString& defaultName, const FigureWriter& write)
{
    PngExportDialog optionsDialog(parent);
    ExportOptions defaults;
    defaults.title = title;
    optionsDialog.setOptions(defaults);
    if (optionsDialog.exec() != QDialog::Accepted)
        return;
    QString path = QFileDialog::getSaveFileName(parent, QObject::tr("Export figure"), defaultName,
        QObject::tr("PNG images (*.png);;SVG drawings (*.svg);;PDF documents (*.pdf)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".png");
    QString error;
    if (!write(path, optionsDialog.options(), &error))
        QMessageBox::warning(parent, QObject::tr("Export figure"), error);
}

void promptCsvExport(QWidget* parent, const QString& defaultName, const CsvWriter& write)
{
    const QString path = QFileDialog::getSaveFileName(
        parent, QObject::tr("Export CSV"), defaultName, QObject::tr("CSV files (*.csv)"));
    QString error;
    if (!path.isEmpty() && !write(path, &error))
        QMessageBox::warning(parent, QObject::tr("Export CSV"), error);
}

} // namespace mtw::gui
