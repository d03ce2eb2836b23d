// MainWindow: running a sweep (File > Run sweep..., Stop sweep).
#include "gui/main_window.h"

#include "engine/strict_json.h"
#include "engine/sweep_plan.h"
#include "gui/stored_runs.h"
#include "gui/sweep_dialog.h"
#include "gui/sweep_process.h"
#include "ui_main_window.h"

#include <QMessageBox>
#include <QStatusBar>

namespace mtw::gui {

bool isSweepFile(const QString& path)
{
    try {
        return engine::hasSweepBlock(engine::parseStrictJson(engine::readExperimentFile(path.toStdString())));
    } catch (const std::exception&) {
        return false; // not readable as JSON: the experiment reader says why
    }
}

void MainWindow::runSweepDialog()
{
    runSweepDialogFor(m_path);
}

void MainWindow::runSweepDialogFor(const QString& file)
{
    if (m_sweep && m_sweep->isRunning()) {
        QMessageBox::information(
            this, tr("Run sweep"), tr("A sweep is running (%1); stop it first.").arg(m_sweep->directory()));
        return;
    }
    SweepDialog dialog(this);
    if (!file.isEmpty())
        dialog.setFile(file);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QString error;
    if (!startSweep(dialog.file(), dialog.directory(), dialog.jobs(), &error))
        QMessageBox::warning(this, tr("Run sweep"), error);
}

SweepProcess* MainWindow::startSweep(const QString& file, const QString& directory, int jobs, QString* error)
{
    if (m_sweep && m_sweep->isRunning()) {
        *error = tr("a sweep is already running in %1").arg(m_sweep->directory());
        return nullptr;
    }
    delete m_sweep;
    m_sweep = new SweepProcess(file, directory, jobs, this);
    connect(m_sweep, &SweepProcess::progress, this, [this](const QString& line) { statusBar()->showMessage(line); });
    connect(m_sweep, &SweepProcess::runsAppeared, this, [this, directory] {
        QStringList errors;
        openStoredRuns({ directory }, &errors);
        if (!errors.isEmpty())
            statusBar()->showMessage(errors.join(QStringLiteral("; ")));
    });
    connect(m_sweep, &SweepProcess::finished, this, [this](int code) {
        m_ui->actionStopSweep->setEnabled(false);
        m_stored->rescanFolders(); // the runs that started since the last scan, now rather than in 5 s
        const QString summary = m_sweep->lastProgress();
        statusBar()->showMessage(tr("Sweep ended: %1").arg(summary.isEmpty() ? tr("exit code %1").arg(code) : summary));
        if (code != 0 && !m_sweep->failures().isEmpty()) {
            // Not modal: the runs keep being shown and a test or a script is never blocked.
            auto* box = new QMessageBox(QMessageBox::Warning, tr("Sweep"),
                tr("The sweep in %1 ended with runs that did not complete.").arg(m_sweep->directory()), QMessageBox::Ok,
                this);
            box->setDetailedText(m_sweep->failures().join(QLatin1Char('\n')));
            box->setInformativeText(m_sweep->failures().mid(0, 5).join(QLatin1Char('\n')));
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
        }
    });
    if (!m_sweep->start(error))
        return nullptr;
    m_ui->actionStopSweep->setEnabled(true);
    statusBar()->showMessage(tr("Sweep started in %1").arg(directory));
    return m_sweep;
}

} // namespace mtw::gui
