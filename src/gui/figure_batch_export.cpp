#include "gui/figure_batch_export.h"

#include <QDir>
#include <QRegularExpression>

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
