#pragma once
// Asks for a figure's physical size (inches, with paper-column presets), resolution, font size
// and title before an export. Sizes are chosen in inches because that is what a paper fixes: a
// figure made for a 3.25 in column keeps its 9 pt ticks at 9 pt instead of shrinking to ~3 pt
// when a large pixel canvas is scaled down. The pixel size follows as inches x DPI.
#include "gui/views/run_view.h"

#include <QDialog>
#include <memory>

namespace Ui {
class PngExportDialog;
}

class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace mtw::gui {

class PngExportDialog : public QDialog {
    Q_OBJECT
public:
    explicit PngExportDialog(QWidget* parent = nullptr);
    ~PngExportDialog() override;

    void setOptions(const ExportOptions& options);
    ExportOptions options() const;

    // Widgets, for tests and screenshots.
    QComboBox* presetCombo() const;
    QDoubleSpinBox* widthInches() const;
    QSpinBox* dpiSpin() const;
    QDoubleSpinBox* fontSpin() const;

private:
    void applyPreset(int index);
    void syncPreset();
    void updatePixels();

    std::unique_ptr<Ui::PngExportDialog> m_ui;
};

} // namespace mtw::gui
