#include "gui/figure_batch_export.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QEventLoop>
#include <QRegularExpression>
#include <QTimer>

namespace mtw::gui {

QString fileStem(const QString& title)
{
    QString stem = title.toLower();
    stem.replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("-"));
    while (stem.startsWith(QLatin1Char('-')))
        stem.remove(0, 1);
    while (stem.endsWith(QLatin1Char('-')))
        stem.chop(1);
    return stem.isEmpty() ? QStringLiteral("view") : stem;
}

RunView* firstPendingView(const QList<RunView*>& views)
{
    for (RunView* view : views) {
        view->refresh(); // a view may only notice new data (and start computing) on refresh
        if (view->exportPending() && !view->exportBlocker().isEmpty())
            return view;
    }
    return nullptr;
}

bool waitUntilExportable(
    const QList<RunView*>& views, int timeoutMs, const std::function<bool(const RunView*)>& keepWaiting)
{
    const QDeadlineTimer deadline(timeoutMs);
    RunView* pending = firstPendingView(views);
    while (pending && !deadline.hasExpired()) {
        if (keepWaiting && !keepWaiting(pending))
            return false;
        // Background jobs deliver their results as queued calls, so the loop must run.
        QEventLoop loop;
        QTimer::singleShot(50, &loop, &QEventLoop::quit);
        loop.exec();
        pending = firstPendingView(views);
    }
    return pending == nullptr;
}

BatchExportResult exportAllFigures(const QList<RunView*>& views, const QString& directory, const ExportOptions& options,
    const QStringList& formats, bool csv)
{
    BatchExportResult result;
    if (!QDir().mkpath(directory)) {
        result.errors << QStringLiteral("%1: cannot create the folder").arg(directory);
        return result;
    }
    const QDir dir(directory);
    for (RunView* view : views) {
        view->refresh();
        if (const QString blocker = view->exportBlocker(); !blocker.isEmpty()) {
            if (view->exportPending())
                result.errors << QStringLiteral("%1: not exported, %2").arg(view->title(), blocker);
            else
                result.skipped << QStringLiteral("%1: %2").arg(view->title(), blocker);
            continue;
        }
        const QString stem = fileStem(view->title());
        ExportOptions viewOptions = options;
        if (viewOptions.title.isEmpty())
            viewOptions.title = view->title();
        for (const QString& format : formats) {
            const QString path = dir.filePath(stem + QLatin1Char('.') + format);
            QString error;
            if (view->exportFigure(path, viewOptions, &error))
                result.files << path;
            else
                result.errors << QStringLiteral("%1 (%2): %3").arg(view->title(), format, error);
        }
        if (csv) {
            const QString path = dir.filePath(stem + QStringLiteral(".csv"));
            QString error;
            if (view->exportCsv(path, &error))
                result.files << path;
            else
                result.errors << QStringLiteral("%1 (csv): %2").arg(view->title(), error);
        }
    }
    return result;
}

} // namespace mtw::gui
