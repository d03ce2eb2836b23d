#include "gui/png_export_dialog.h"

#include "ui_png_export_dialog.h"

#include <QSignalBlocker>
#include <algorithm>
#include <cmath>

namespace mtw::gui {

namespace {
struct Preset {
    const char* name;
    double width, height; // inches; 0: custom
};
// Single-column and full-text widths of the usual two-column conference and journal templates.
constexpr Preset kPresets[] = {
    { QT_TRANSLATE_NOOP("PngExportDialog", "Paper column (3.25 in)"), 3.25, 2.5 },
    { QT_TRANSLATE_NOOP("PngExportDialog", "Paper full width (7 in)"), 7.0, 4.0 },
    { QT_TRANSLATE_NOOP("PngExportDialog", "Custom"), 0, 0 },
};
constexpr int kCustom = 2;
} // namespace

PngExportDialog::PngExportDialog(QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::PngExportDialog>())
{
    m_ui->setupUi(this);
    for (const Preset& preset : kPresets)
        m_ui->presetCombo->addItem(tr(preset.name));
    connect(m_ui->presetCombo, &QComboBox::activated, this, &PngExportDialog::applyPreset);
    for (QDoubleSpinBox* spin : { m_ui->widthSpin, m_ui->heightSpin })
        connect(spin, &QDoubleSpinBox::valueChanged, this, [this] {
            syncPreset();
            updatePixels();
        });
    connect(m_ui->dpiSpin, &QSpinBox::valueChanged, this, [this] { updatePixels(); });
    syncPreset();
    updatePixels();
}

PngExportDialog::~PngExportDialog() = default;

QComboBox* PngExportDialog::presetCombo() const
{
    return m_ui->presetCombo;
}
QDoubleSpinBox* PngExportDialog::widthInches() const
{
    return m_ui->widthSpin;
}
QSpinBox* PngExportDialog::dpiSpin() const
{
    return m_ui->dpiSpin;
}
QDoubleSpinBox* PngExportDialog::fontSpin() const
{
    return m_ui->fontSpin;
}

void PngExportDialog::applyPreset(int index)
{
    if (index < 0 || index >= kCustom)
        return;
    const QSignalBlocker blockW(m_ui->widthSpin), blockH(m_ui->heightSpin);
    m_ui->widthSpin->setValue(kPresets[index].width);
    m_ui->heightSpin->setValue(kPresets[index].height);
    updatePixels();
}

// Shows the preset whose width matches (a height change keeps it: the width is what a paper
// template fixes), or Custom.
void PngExportDialog::syncPreset()
{
    int index = kCustom;
    for (int k = 0; k < kCustom; ++k)
        if (std::abs(m_ui->widthSpin->value() - kPresets[k].width) < 1e-6)
            index = k;
    const QSignalBlocker block(m_ui->presetCombo);
    m_ui->presetCombo->setCurrentIndex(index);
}

void PngExportDialog::updatePixels()
{
    const QSize pixels = options().size;
    m_ui->pixelLabel->setText(tr("PNG: %1 x %2 pixels").arg(pixels.width()).arg(pixels.height()));
}

void PngExportDialog::setOptions(const ExportOptions& options)
{
    const double dpi = std::max(1, options.dpi);
    const QSignalBlocker blockW(m_ui->widthSpin), blockH(m_ui->heightSpin);
    m_ui->dpiSpin->setValue(options.dpi);
    m_ui->widthSpin->setValue(options.size.width() / dpi);
    m_ui->heightSpin->setValue(options.size.height() / dpi);
    m_ui->fontSpin->setValue(options.fontPointSize);
    m_ui->titleEdit->setText(options.title);
    syncPreset();
    updatePixels();
}

ExportOptions PngExportDialog::options() const
{
    ExportOptions options;
    options.dpi = m_ui->dpiSpin->value();
    options.size = QSize(static_cast<int>(std::lround(m_ui->widthSpin->value() * options.dpi)),
        static_cast<int>(std::lround(m_ui->heightSpin->value() * options.dpi)));
    options.fontPointSize = m_ui->fontSpin->value();
    options.title = m_ui->titleEdit->text();
    return options;
}

} // namespace mtw::gui
