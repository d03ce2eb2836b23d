#pragma once
// The interactive side of a dialog's exports, written once for every analysis dialog (few-shot
// adaptation, learning functions, pairwise transfer, classical linear MTL): the figure's size and
// resolution (PngExportDialog), a file name (PNG, SVG or PDF; ".png" added when it has none) and a
// warning with the reason when writing fails; the CSV likewise.
#include "gui/export/export_options.h"

#include <QString>
#include <functional>

class QWidget;

namespace mtw::gui {

using FigureWriter = std::function<bool(const QString& path, const ExportOptions& options, QString* error)>;
using CsvWriter = std::function<bool(const QString& path, QString* error)>;

void promptFigureExport(QWidget* parent, const QString& title, const QString& defaultName, const FigureWriter& write);
void promptCsvExport(QWidget* parent, const QString& defaultName, const CsvWriter& write);

} // namespace mtw::gui
