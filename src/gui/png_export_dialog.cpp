#include "gui/png_export_dialog.h"

#include "ui_png_export_dialog.h"

namespace mtw::gui {

PngExportDialog::PngExportDialog(QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::PngExportDialog>())
{
    m_ui->setupUi(this);
}

PngExportDialog::~PngExportDialog() = default;

void PngExportDialog::setOptions(const ExportOptions& options)
{
    m_ui->widthSpin->setValue(options.size.width());
    m_ui->heightSpin->setValue(options.size.height());
    m_ui->dpiSpin->setValue(options.dpi);
    m_ui->titleEdit->setText(options.title);
}

ExportOptions PngExportDialog::options() const
{
    ExportOptions options;
    options.size = QSize(m_ui->widthSpin->value(), m_ui->heightSpin->value());
    options.dpi = m_ui->dpiSpin->value();
    options.title = m_ui->titleEdit->text();
    return options;
}

} // namespace mtw::gui
