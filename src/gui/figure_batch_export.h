#pragma once
// "Export all figures": every view's figure in each format plus its CSV, into one folder, named
// after the view ("losses.png", "weights-norms.csv"). The GUI menu and the headless demo both
// call this, so what a script gets is exactly what the window exports.
#include "gui/views/run_view.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace mtw::gui {

struct BatchExportResult {
    QStringList files; // written, in order
    QStringList errors; // "view: reason"
    bool ok() const { return errors.isEmpty(); }
};

QString fileStem(const QString& title); // "Weights & norms" -> "weights-norms"

BatchExportResult exportAllFigures(const QList<RunView*>& views, const QString& directory, const ExportOptions& options,
    const QStringList& formats = { QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf") },
    bool csv = true);

} // namespace mtw::gui
