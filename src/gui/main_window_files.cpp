// MainWindow: experiment files (New, Open, Save, Save As), recent files, CSV import and continuing
// a saved run from its checkpoint.
#include "engine/checkpoint.h"
#include "engine/run_discovery.h"
#include "gui/app_settings.h"
#include "gui/csv_import_dialog.h"
#include "gui/experiment_form.h"
#include "gui/main_window.h"
#include "gui/parameter_form.h"
#include "gui/run_manager.h"
#include "gui/stored_runs.h"
#include "ui_main_window.h"

#include <QBoxLayout>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMessageBox>
#include <QPushButton>

namespace mtw::gui {

namespace {
// A run directory's experiment and the step its checkpoint is at; throws with the reason.
struct SavedRun {
    engine::Experiment experiment;
    long long step = 0;
};
SavedRun readSavedRun(const QString& directory)
{
    const std::string path = directory.toStdString();
    SavedRun run { engine::loadExperiment(path + "/experiment.json"), 0 };
    run.step = static_cast<long long>(engine::Checkpoint::read(engine::checkpointPathIn(path)).vector("step").at(0));
    return run;
}
} // namespace

void MainWindow::importCsvDialog()
{
    CsvImportDialog dialog(this);
    if (m_form->problemCombo()->currentData().toString() == QLatin1String("csv"))
        dialog.setParameters(m_form->problemForm()->values()); // edit the current choice
    if (dialog.exec() == QDialog::Accepted)
        dialog.applyTo(*m_form);
}

bool MainWindow::continueRunDirectory(const QString& directory, long long totalSteps, QString* error)
{
    try {
        SavedRun saved = readSavedRun(directory);
        engine::Experiment& experiment = saved.experiment;
        const long long done = saved.step;
        if (totalSteps > 0)
            experiment.steps = totalSteps;
        if (experiment.steps <= done) {
            if (error)
                *error = tr("The checkpoint is at step %1 of %2: give a larger step budget")
                             .arg(done)
                             .arg(experiment.steps);
            return false;
        }
        m_runs->enqueue(
            experiment, tr("%1 (continued from %2)").arg(QString::fromStdString(experiment.name)).arg(done), directory);
        return true;
    } catch (const std::exception& failure) {
        if (error)
            *error = QString::fromStdString(failure.what());
        return false;
    }
}

QList<int> MainWindow::openStoredRuns(const QStringList& paths, QStringList* errors)
{
    const QList<int> ids = m_stored->open(paths, errors);
    if (!ids.isEmpty()) {
        setCurrentRun(ids.front());
        setOverlayRuns(ids.mid(1, maxOverlaidStoredRuns));
    }
    return ids;
}

namespace {
void reportOpened(QWidget* parent, const QString& title, const QList<int>& ids, const QStringList& errors)
{
    if (errors.isEmpty())
        return;
    const QString opened = ids.isEmpty() ? QObject::tr("No run was opened.")
                                         : QObject::tr("%n run(s) opened.", nullptr, static_cast<int>(ids.size()));
    QMessageBox::warning(parent, title, opened + QStringLiteral("\n\n") + errors.join(QStringLiteral("\n")));
}
} // namespace

void MainWindow::openStoredRunDialog()
{
    const QString directory = QFileDialog::getExistingDirectory(this, tr("Open run"), m_runs->workspace());
    if (directory.isEmpty())
        return;
    QStringList errors;
    if (!engine::isRunDirectory(directory.toStdString()))
        errors << tr("'%1' is not a run directory (it has no experiment.json and run.sqlite); use Open folder of runs "
                     "for a folder that holds runs")
                      .arg(directory);
    const QList<int> ids = errors.isEmpty() ? openStoredRuns({ directory }, &errors) : QList<int>();
    reportOpened(this, tr("Open run"), ids, errors);
}

void MainWindow::openRunsFolderDialog()
{
    const QString directory = QFileDialog::getExistingDirectory(this, tr("Open folder of runs"), m_runs->workspace());
    if (directory.isEmpty())
        return;
    QStringList errors;
    const QList<int> ids = openStoredRuns({ directory }, &errors);
    reportOpened(this, tr("Open folder of runs"), ids, errors);
}

void MainWindow::continueRunDialog()
{
    const QString directory = QFileDialog::getExistingDirectory(this, tr("Continue a saved run"), m_runs->workspace());
    if (directory.isEmpty())
        return;
    long long steps = 0;
    try {
        const SavedRun saved = readSavedRun(directory);
        const long long done = saved.step;
        const long long budget = saved.experiment.steps;
        bool ok = false;
        steps = QInputDialog::getInt(this, tr("Continue a saved run"),
            tr("The checkpoint is at step %1. Train to step:").arg(done),
            static_cast<int>(std::min<long long>(done < budget ? budget : 2 * budget, 2000000000)),
            static_cast<int>(std::min<long long>(done + 1, 2000000000)), 2000000000, 1, &ok);
        if (!ok)
            return;
    } catch (const std::exception& failure) {
        QMessageBox::warning(this, tr("Continue a saved run"), QString::fromStdString(failure.what()));
        return;
    }
    QString error;
    if (!continueRunDirectory(directory, steps, &error))
        QMessageBox::warning(this, tr("Continue a saved run"), error);
}

void MainWindow::addImportCsvButton()
{
    // Under the problem selector, where a user looks for "my own data"; placed from here so the
    // experiment form stays a schema-driven form that knows no particular problem.
    auto* box = qobject_cast<QBoxLayout*>(m_form->problemCombo()->parentWidget()->layout());
    if (!box)
        return;
    auto* button = new QPushButton(tr("Import CSV..."));
    button->setObjectName(QStringLiteral("importCsvButton"));
    button->setToolTip(m_ui->actionImportCsv->toolTip());
    connect(button, &QPushButton::clicked, this, &MainWindow::importCsvDialog);
    box->insertWidget(box->indexOf(m_form->problemCombo()) + 1, button, 0, Qt::AlignLeft);
}

void MainWindow::newExperiment()
{
    m_form->setExperiment(engine::Experiment {});
    m_path.clear();
    m_untitledName.clear();
    m_modified = false;
    updateTitle();
}

bool MainWindow::loadExperimentFile(const QString& path, QString* error)
{
    try {
        const engine::Experiment experiment = engine::loadExperiment(path.toStdString());
        m_form->setExperiment(experiment);
    } catch (const std::exception& problem) {
        if (error)
            *error = QString::fromStdString(problem.what());
        return false;
    }
    m_path = QFileInfo(path).absoluteFilePath();
    m_modified = false;
    m_settings->addRecentFile(m_path);
    updateRecentMenu();
    updateTitle();
    return true;
}

bool MainWindow::saveExperimentFile(const QString& path, QString* error)
{
    if (!m_form->experiment()) {
        if (error)
            *error = tr("The experiment is not valid: %1").arg(m_form->validationMessage());
        return false;
    }
    try {
        engine::saveExperiment(*m_form->experiment(), path.toStdString());
    } catch (const std::exception& problem) {
        if (error)
            *error = QString::fromStdString(problem.what());
        return false;
    }
    m_path = QFileInfo(path).absoluteFilePath();
    m_modified = false;
    m_settings->addRecentFile(m_path);
    updateRecentMenu();
    updateTitle();
    return true;
}

void MainWindow::openExperiment()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open experiment"), QFileInfo(m_path).absolutePath(), tr("Experiment files (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
    if (isSweepFile(path)) { // a grid of runs, not one experiment: offer to run it
        runSweepDialogFor(path);
        return;
    }
    QString error;
    if (!loadExperimentFile(path, &error))
        QMessageBox::warning(this, tr("Open experiment"), error);
}

void MainWindow::saveExperiment()
{
    if (m_path.isEmpty()) {
        saveExperimentAs();
        return;
    }
    QString error;
    if (!saveExperimentFile(m_path, &error))
        QMessageBox::warning(this, tr("Save experiment"), error);
}

void MainWindow::saveExperimentAs()
{
    QString suggested = m_path;
    if (suggested.isEmpty() && m_form->experiment())
        suggested = QString::fromStdString(m_form->experiment()->name) + QStringLiteral(".json");
    QString path
        = QFileDialog::getSaveFileName(this, tr("Save experiment"), suggested, tr("Experiment files (*.json)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".json");
    QString error;
    if (!saveExperimentFile(path, &error))
        QMessageBox::warning(this, tr("Save experiment"), error);
}

void MainWindow::updateRecentMenu()
{
    QMenu* menu = m_ui->menuRecent;
    menu->clear();
    const QStringList files = m_settings->recentFiles();
    for (const QString& file : files) {
        QAction* open = menu->addAction(QFileInfo(file).fileName());
        open->setToolTip(file);
        open->setData(file);
        connect(open, &QAction::triggered, this, [this, file] {
            QString error;
            if (!loadExperimentFile(file, &error))
                QMessageBox::warning(this, tr("Open experiment"), error);
        });
    }
    if (!files.isEmpty()) {
        menu->addSeparator();
        connect(menu->addAction(tr("Clear recent files")), &QAction::triggered, this, [this] {
            m_settings->clearRecentFiles();
            updateRecentMenu();
        });
    }
    menu->setEnabled(!files.isEmpty());
}

void MainWindow::updateTitle()
{
    const QString untitled = m_untitledName.isEmpty() ? tr("untitled experiment") : m_untitledName;
    const QString file = m_path.isEmpty() ? untitled : QFileInfo(m_path).fileName();
    setWindowTitle(QStringLiteral("%1%2 \u2014 MTL Workbench").arg(file, m_modified ? QStringLiteral("*") : QString()));
}

} // namespace mtw::gui
