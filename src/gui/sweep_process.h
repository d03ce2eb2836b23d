#pragma once
// A sweep run from the workbench: `mtw-cli sweep run FILE --out DIR --jobs N` as a child process
// (the same code path as the command line, and a crash in a run cannot take the window down).
// Reports the runner's progress line, the failures it lists, and when the first run directory
// appears, so the window can open the sweep folder and follow its runs live (gui/stored_runs.h).
#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTimer>

namespace mtw::gui {

class SweepProcess : public QObject {
    Q_OBJECT
public:
    SweepProcess(QString file, QString directory, int jobs, QObject* parent = nullptr);
    ~SweepProcess() override;

    // mtw-cli: $MTW_CLI, next to this executable, ../cli/mtw-cli (a build tree), or PATH; empty
    // when none is found.
    static QString commandLineTool();

    // False with `error` when mtw-cli cannot be found or started.
    bool start(QString* error);
    // SIGTERM: every run stops at its next step with a checkpoint; starting again continues.
    void stop();
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }

    const QString& directory() const { return m_directory; }
    const QString& lastProgress() const { return m_progress; }
    const QStringList& failures() const { return m_failures; } // "failed: ..." and "error: ..." lines

signals:
    void progress(const QString& line);
    void runsAppeared(); // once, when the sweep directory first holds a run directory
    void finished(int exitCode);

private:
    void readOutput();
    void lookForRuns();

    QString m_file;
    QString m_directory;
    int m_jobs = 1;
    QProcess m_process;
    QTimer m_runsTimer;
    QByteArray m_pending; // a partial line of stderr
    QString m_progress;
    QStringList m_failures;
    bool m_runsSeen = false;
};

} // namespace mtw::gui
