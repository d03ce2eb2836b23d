#pragma once
// What the window remembers between sessions (QSettings: organization "mtw", application
// "MTL Workbench"): window geometry and dock/toolbar state, splitter and current tab, recent
// experiment files, the workspace folder and the last PNG export options. Tests point QSettings
// at a temporary folder (QSettings::setPath + IniFormat) so they never touch the user's file.
#include "gui/views/run_view.h"

#include <QByteArray>
#include <QSize>
#include <QString>
#include <QStringList>

namespace mtw::gui {

class AppSettings {
public:
    static constexpr int maxRecentFiles = 8;

    static QString defaultWorkspace(); // ~/.local/share/mtw/runs

    QStringList recentFiles() const;
    void addRecentFile(const QString& path); // most recent first, no duplicates
    void clearRecentFiles();

    QByteArray windowGeometry() const;
    QByteArray windowState() const;
    QByteArray splitterState() const;
    int currentTab() const;
    void saveLayout(const QByteArray& geometry, const QByteArray& state, const QByteArray& splitter, int tab);

    QString workspace() const; // empty: the default
    void setWorkspace(const QString& directory);

    QSize pngSize() const;
    int pngDpi() const;
    void setPngOptions(const QSize& size, int dpi);
    // The figure export options last chosen (size, DPI, font size; not the title).
    ExportOptions exportOptions() const;
    void setExportOptions(const ExportOptions& options);
};

} // namespace mtw::gui
