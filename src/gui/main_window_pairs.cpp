// Run > Pairwise transfer...: the study of the form's experiment (gui/pairwise_transfer_dialog.h), and
// the window's runs by name that it and the task-grouping dialog look their runs up in.
#include "engine/single_task_baselines.h"
#include "gui/experiment_form.h"
#include "gui/main_window.h"
#include "gui/pairwise_transfer_dialog.h"
#include "gui/run_manager.h"

#include <QApplication>
#include <QStatusBar>

namespace mtw::gui {

KnownRuns MainWindow::knownRuns() const
{
    return KnownRuns([this](const std::string& name) -> std::optional<KnownRuns::Known> {
        std::optional<KnownRuns::Known> known;
        for (int i = 0; i < m_runs->count(); ++i) {
            const RunEntry& entry = m_runs->at(i);
            if (entry.experiment.name != name)
                continue;
            if (!known)
                known.emplace();
            known->active = known->active || isActive(entry.state);
            // A stored run reads as running until its records are in: its summary decides.
            if (!entry.runDirectory.isEmpty() && (known->directory.empty() || entry.state == RunState::Finished))
                known->directory = entry.runDirectory.toStdString();
        }
        return known;
    });
}

std::unique_ptr<PairwiseTransferDialog> MainWindow::pairwiseTransferDialog(QString* error)
{
    const std::optional<engine::Experiment>& experiment = m_form->experiment();
    if (!experiment) {
        *error = tr("Cannot plan the pairwise-transfer study: %1").arg(m_form->validationMessage());
        return nullptr;
    }
    std::vector<std::string> tasks;
    QApplication::setOverrideCursor(Qt::WaitCursor); // a data problem loads its data set here (then cached)
    try {
        tasks = engine::experimentTaskNames(*experiment);
    } catch (const std::exception& failure) {
        QApplication::restoreOverrideCursor();
        *error = tr("Cannot plan the pairwise-transfer study: %1").arg(QString::fromStdString(failure.what()));
        return nullptr;
    }
    QApplication::restoreOverrideCursor();
    if (tasks.size() < 2) {
        *error = tr("A single-task problem has no pairs of tasks");
        return nullptr;
    }
    return std::make_unique<PairwiseTransferDialog>(*experiment, std::move(tasks), knownRuns(), this);
}

QList<int> MainWindow::queuePairwiseRuns(const PairwiseTransferDialog& dialog)
{
    return queueRuns(dialog.missingRuns(),
        tr("Queued %1 runs of the pairwise-transfer study; open Run > Pairwise transfer again to see the matrix"));
}

void MainWindow::showPairwiseTransferDialog()
{
    QString error;
    const std::unique_ptr<PairwiseTransferDialog> dialog = pairwiseTransferDialog(&error);
    if (!dialog) {
        statusBar()->showMessage(error, 10000);
        return;
    }
    if (dialog->exec() == QDialog::Accepted)
        queuePairwiseRuns(*dialog);
}

} // namespace mtw::gui
