#pragma once
// Writes one figure to PNG (raster, the requested pixel size and DPI), SVG or PDF (vector) from
// the same painter code, chosen by the file suffix. Views paint in a "logical" canvas of
// size * 96 / dpi pixels (the figure's on-screen look at its physical size); the PNG painter is
// scaled by dpi / 96 so text keeps its physical size, while SVG and PDF use 96 units per inch
// and a page of size / dpi inches, so fonts are not scaled twice.
#include "gui/export/export_options.h"

#include <QPainter>
#include <QRectF>
#include <functional>

namespace mtw::gui {

class FigureExporter {
public:
    using Painter = std::function<void(QPainter& painter, const QRectF& rect)>;

    // Fills white, draws options.title (if any) at the top and the figure below it.
    static bool exportFigure(const QString& path, const ExportOptions& options, const Painter& paint, QString* error);
    // The logical canvas size for the options (the page; `paint` receives it less the title,
    // divided by fontPointSize / kBaseFontPoints).
    static QSizeF logicalSize(const ExportOptions& options);
    // Suffixes the exporter understands.
    static QStringList formats() { return { "png", "svg", "pdf" }; }
    // The text size the views' painting is designed around; ExportOptions::fontPointSize
    // magnifies the figure by fontPointSize / kBaseFontPoints.
    static constexpr double kBaseFontPoints = 9;

private:
    static void paintPage(QPainter& painter, const QRectF& rect, const ExportOptions& options, const Painter& paint);
};

} // namespace mtw::gui
