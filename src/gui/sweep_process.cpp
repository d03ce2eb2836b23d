#include "gui/sweep_process.h"

#include "engine/run_discovery.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QStandardPaths>

namespace mtw::gui {

SweepProcess::SweepProcess(QString file, QString directory, int jobs, QObject* parent)
    : QObject(parent)
    , m_file(std::move(file))
    , m_directory(std::move(directory))
    , m_jobs(jobs)
{
    connect(&m_process, &QProcess::readyReadStandardError, this, &SweepProcess::readOutput);
    connect(&m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        readOutput();
        m_runsTimer.stop();
        lookForRuns();
        emit finished(status == QProcess::NormalExit ? code : -1);
    });
    m_runsTimer.setInterval(300);
    connect(&m_runsTimer, &QTimer::timeout, this, &SweepProcess::lookForRuns);
}

SweepProcess::~SweepProcess()
{
    if (isRunning()) {
        stop();
        m_process.waitForFinished(30000);
    }
}

QString SweepProcess::commandLineTool()
{
    const QString fromEnvironment = qEnvironmentVariable("MTW_CLI");
    if (!fromEnvironment.isEmpty())
        return QFileInfo(fromEnvironment).isExecutable() ? fromEnvironment : QString();
    const QString here = QCoreApplication::applicationDirPath();
    for (const QString& candidate : { here + "/mtw-cli", here + "/../cli/mtw-cli" })
        if (QFileInfo(candidate).isExecutable())
            return QFileInfo(candidate).canonicalFilePath();
    return QStandardPaths::findExecutable("mtw-cli");
}

bool SweepProcess::start(QString* error)
{
    const QString tool = commandLineTool();
    if (tool.isEmpty()) {
        *error = tr("mtw-cli was not found next to the workbench or in PATH (set MTW_CLI to its path)");
        return false;
    }
    m_failures.clear();
    m_progress.clear();
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    m_process.setStandardOutputFile(QProcess::nullDevice());
    m_process.start(tool, { "sweep", "run", m_file, "--out", m_directory, "--jobs", QString::number(m_jobs) });
    if (!m_process.waitForStarted(10000)) {
        *error = tr("cannot start %1: %2").arg(tool, m_process.errorString());
        return false;
    }
    m_runsTimer.start();
    return true;
}

void SweepProcess::stop()
{
    if (isRunning())
        m_process.terminate();
}

void SweepProcess::readOutput()
{
    m_pending += m_process.readAllStandardError();
    qsizetype end = 0;
    while ((end = m_pending.indexOf('\n')) >= 0) {
        const QString line = QString::fromUtf8(m_pending.left(end)).trimmed();
        m_pending.remove(0, end + 1);
        if (line.startsWith(QLatin1String("sweep: "))) {
            m_progress = line;
            emit progress(line);
        } else if (line.startsWith(QLatin1String("failed: ")) || line.startsWith(QLatin1String("error: "))) {
            m_failures << line;
        }
    }
}

void SweepProcess::lookForRuns()
{
    if (m_runsSeen)
        return;
    try {
        if (!engine::findRunDirectories({ m_directory.toStdString() }).empty()) {
            m_runsSeen = true;
            m_runsTimer.stop();
            emit runsAppeared();
        }
    } catch (const std::exception&) {
        // No run directory yet.
    }
}

} // namespace mtw::gui
