#pragma once
// How a figure is exported (size, resolution, title, text size): what the export dialog edits and
// every view's exportFigure() receives.
#include <QSize>
#include <QString>

namespace mtw::gui {

struct ExportOptions {
    QSize size { 1600, 1000 }; // pixels for PNG; the page size at `dpi` for SVG/PDF
    int dpi = 150;
    QString title; // drawn above the figure when not empty
    // Point size of the figure's text (axis labels, ticks, legends); the title is drawn larger.
    // Points are physical, so at a paper column width (3.25 in) 8-9 pt stays readable.
    double fontPointSize = 9;
};

} // namespace mtw::gui
