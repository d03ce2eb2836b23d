// MainWindow: experiment files (New, Open, Save, Save As), recent files and CSV import.
#include "gui/app_settings.h"
#include "gui/csv_import_dialog.h"
#include "gui/experiment_form.h"
#include "gui/main_window.h"
#include "gui/parameter_form.h"
#include "ui_main_window.h"

#include <QBoxLayout>
#include <QComboBox>
#include <QFileDialog>
#include <QPushButton>
#include <QFileInfo>
#include <QMessageBox>

namespace mtw::gui {

void MainWindow::importCsvDialog()
{
    CsvImportDialog dialog(this);
    if (m_form->problemCombo()->currentData().toString() == QLatin1String("csv"))
        dialog.setParameters(m_form->problemForm()->values()); // edit the current choice
    if (dialog.exec() == QDialog::Accepted)
        dialog.applyTo(*m_form);
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
    const QString path = QFileDialog::getOpenFileName(this, tr("Open experiment"), QFileInfo(m_path).absolutePath(),
        tr("Experiment files (*.json);;All files (*)"));
    if (path.isEmpty())
        return;
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
    QString path = QFileDialog::getSaveFileName(this, tr("Save experiment"), suggested, tr("Experiment files (*.json)"));
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
    const QString file = m_path.isEmpty() ? tr("untitled experiment") : QFileInfo(m_path).fileName();
    setWindowTitle(QStringLiteral("%1%2 \u2014 MTL Workbench").arg(file, m_modified ? QStringLiteral("*") : QString()));
}

} // namespace mtw::gui
