#pragma once
// "Export all figures": every view's figure in each format plus its CSV, into one folder, named
// after the view ("losses.png", "weights-norms.csv"). The GUI menu and the headless demo both
// call this, so what a script gets is exactly what the window exports.
#include "gui/views/run_view.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <functional>

namespace mtw::gui {

struct BatchExportResult {
    QStringList files; // written, in order
    QStringList errors; // "view: reason"
    QStringList skipped; // "view: reason" for views with nothing to show (not an error)
    bool ok() const { return errors.isEmpty(); }
};

QString fileStem(const QString& title); // "Weights & norms" -> "weights-norms"

// Runs the event loop until no view's export is pending (RunView::exportPending), `timeoutMs`
// has passed, or `keepWaiting` (called about every 50 ms with the first still-pending view)
// returns false. True when every view is ready to export or has nothing to show.
bool waitUntilExportable(
    const QList<RunView*>& views, int timeoutMs, const std::function<bool(const RunView* pending)>& keepWaiting = {});
// The first view whose export is still pending, or null.
RunView* firstPendingView(const QList<RunView*>& views);

// A view with an export blocker is never written: pending ones (still computing -- wait first
// with waitUntilExportable) are errors, ones with nothing to show are listed in `skipped`.
BatchExportResult exportAllFigures(const QList<RunView*>& views, const QString& directory, const ExportOptions& options,
    const QStringList& formats = { QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf") },
    bool csv = true);

} // namespace mtw::gui
