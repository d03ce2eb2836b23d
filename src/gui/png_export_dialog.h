#pragma once
// Asks for the PNG size, resolution and title before a figure export.
#include "gui/views/run_view.h"

#include <QDialog>
#include <memory>

namespace Ui {
class PngExportDialog;
}

namespace mtw::gui {

class PngExportDialog : public QDialog {
    Q_OBJECT
public:
    explicit PngExportDialog(QWidget* parent = nullptr);
    ~PngExportDialog() override;

    void setOptions(const ExportOptions& options);
    ExportOptions options() const;

private:
    std::unique_ptr<Ui::PngExportDialog> m_ui;
};

} // namespace mtw::gui
