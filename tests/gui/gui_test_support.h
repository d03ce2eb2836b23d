#pragma once
// Shared set-up of the GUI tests: settings in a temporary folder (never the user's), resources,
// a short toy experiment, resident memory and OpenGL availability.
#include "common/toy_experiment.h"
#include "gui/resources_init.h"

#include <QCoreApplication>
#include <QFile>
#include <QGuiApplication>
#include <QOffscreenSurface>
#include <QOpenGLContext>
#include <QSettings>
#include <QTemporaryDir>

namespace mtw::test {

// Call from initTestCase(): QSettings (IniFormat) then lives under dir.
inline void useTemporarySettings(const QString& dir)
{
    QCoreApplication::setOrganizationName(QStringLiteral("mtw-test"));
    QCoreApplication::setApplicationName(QStringLiteral("MTL Workbench Test"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir);
    gui::initResources();
}

// VmRSS of this process in MiB (0 where /proc is missing).
inline double residentMegabytes()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').front().toDouble() / 1024.0;
    return 0;
}

// The 3-D views need a windowing platform and a working OpenGL context (TOOLCHAIN.md).
inline bool hasWindowingOpenGl()
{
    const QString platform = QGuiApplication::platformName();
    if (platform != QLatin1String("xcb") && !platform.startsWith(QLatin1String("wayland")))
        return false;
    QOpenGLContext context;
    return context.create();
}

} // namespace mtw::test
