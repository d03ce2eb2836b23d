#include "gui/app_settings.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace mtw::gui {

QString AppSettings::defaultWorkspace()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/mtw/runs");
}

QStringList AppSettings::recentFiles() const
{
    return QSettings().value(QStringLiteral("files/recent")).toStringList();
}

void AppSettings::addRecentFile(const QString& path)
{
    QStringList files = recentFiles();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > maxRecentFiles)
        files.removeLast();
    QSettings().setValue(QStringLiteral("files/recent"), files);
}

void AppSettings::clearRecentFiles()
{
    QSettings().remove(QStringLiteral("files/recent"));
}

QByteArray AppSettings::windowGeometry() const
{
    return QSettings().value(QStringLiteral("layout/geometry")).toByteArray();
}

QByteArray AppSettings::windowState() const
{
    return QSettings().value(QStringLiteral("layout/state")).toByteArray();
}

QByteArray AppSettings::splitterState() const
{
    return QSettings().value(QStringLiteral("layout/splitter")).toByteArray();
}

int AppSettings::currentTab() const
{
    return QSettings().value(QStringLiteral("layout/tab"), 0).toInt();
}

void AppSettings::saveLayout(const QByteArray& geometry, const QByteArray& state, const QByteArray& splitter, int tab)
{
    QSettings settings;
    settings.setValue(QStringLiteral("layout/geometry"), geometry);
    settings.setValue(QStringLiteral("layout/state"), state);
    settings.setValue(QStringLiteral("layout/splitter"), splitter);
    settings.setValue(QStringLiteral("layout/tab"), tab);
}

QString AppSettings::workspace() const
{
    return QSettings().value(QStringLiteral("runs/workspace")).toString();
}

void AppSettings::setWorkspace(const QString& directory)
{
    QSettings().setValue(QStringLiteral("runs/workspace"), directory);
}

QSize AppSettings::pngSize() const
{
    return QSettings().value(QStringLiteral("export/png_size"), QSize(1600, 1000)).toSize();
}

int AppSettings::pngDpi() const
{
    return QSettings().value(QStringLiteral("export/png_dpi"), 150).toInt();
}

void AppSettings::setPngOptions(const QSize& size, int dpi)
{
    QSettings settings;
    settings.setValue(QStringLiteral("export/png_size"), size);
    settings.setValue(QStringLiteral("export/png_dpi"), dpi);
}

ExportOptions AppSettings::exportOptions() const
{
    ExportOptions options;
    options.size = pngSize();
    options.dpi = pngDpi();
    options.fontPointSize = QSettings().value(QStringLiteral("export/font_points"), options.fontPointSize).toDouble();
    return options;
}

void AppSettings::setExportOptions(const ExportOptions& options)
{
    setPngOptions(options.size, options.dpi);
    QSettings().setValue(QStringLiteral("export/font_points"), options.fontPointSize);
}

} // namespace mtw::gui
