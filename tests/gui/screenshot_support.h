#pragma once
// What every screenshot program (mtw_screenshots*) does the same way: settings in a temporary
// directory, the output folder from MTW_SCREENSHOT_DIR, a 1500 x 950 main window with its run
// workspace in the temporary directory, waiting for the GUI, and saving a widget as PNG.
#include "gui/main_window.h"
#include "gui_test_support.h"

#include <QDir>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

namespace mtw::test {

// Runs the event loop for `ms` milliseconds (lets charts and background jobs draw).
inline void settle(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

inline bool save(QWidget* widget, const QDir& dir, const QString& name)
{
    const QString path = dir.filePath(name + QStringLiteral(".png"));
    const bool ok = widget->grab().save(path);
    qInfo("%s %s", ok ? "wrote" : "FAILED", qPrintable(path));
    return ok;
}

// Writes a dialog's exported figure (its exportFigure) to `path` and says so, or why not.
template <typename Dialog> bool saveFigure(Dialog& dialog, const QString& path, const gui::ExportOptions& options)
{
    QString error;
    const bool ok = dialog.exportFigure(path, options, &error);
    qInfo("%s %s %s", ok ? "wrote" : "FAILED", qPrintable(path), qPrintable(error));
    return ok;
}

// Temporary settings and the output directory (created).
inline QDir prepareScreenshots(const QTemporaryDir& temp)
{
    useTemporarySettings(temp.filePath(QStringLiteral("settings")));
    const QDir dir(qEnvironmentVariable("MTW_SCREENSHOT_DIR", QStringLiteral("docs/screenshots")));
    QDir().mkpath(dir.path());
    return dir;
}

inline void showForScreenshots(gui::MainWindow& window, const QTemporaryDir& temp)
{
    window.setWorkspace(temp.filePath(QStringLiteral("runs")));
    window.resize(1500, 950);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        qWarning("window not exposed");
}

} // namespace mtw::test
