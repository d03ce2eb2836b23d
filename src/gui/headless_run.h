#pragma once
// The headless demo / batch mode of `mtw --headless`: runs experiments in a window that is never
// shown, waits for them, then writes every view's figures (PNG, SVG, PDF) and CSV -- through the
// same MainWindow::exportAll as the "Export all figures" menu -- plus runs.csv into a folder.
#include "engine/experiment.h"
#include "gui/export/export_options.h"

#include <QString>
#include <QStringList>
#include <QTextStream>
#include <vector>

namespace mtw::gui {

class MainWindow;

// What the headless export writes: the figures' size, resolution and text size, how the Losses
// view draws many runs, and how long views still computing may take after the runs.
struct HeadlessFigures {
    ExportOptions options;
    bool colourByRun = false; // Losses, Weights & norms: colour = run, line style = task
    bool panelPerTask = false; // Losses: a training-loss panel per task
    int waitSeconds = 600;
    QStringList studyQuantities; // the Study view's x, y and optional grouping (empty: its own choice)
    QString weightsLayout = QStringLiteral("charts"); // Weights & norms: WeightsView::layoutNames()
    QString evaluation = QStringLiteral("loss"); // Losses' evaluation chart: loss | metric | worst-group
    bool conflictPerLayer = false; // Conflict: the per-layer small multiples (runs that record them)
    bool conflictBoxes = false; // Conflict: the angle box plots instead of the conflict frequency
};

// The first experiment is the current run, the others are overlaid (the Pareto view shows them
// all). After the runs, views still computing (the landscape) get up to `waitSeconds` to finish;
// a view still unfinished then is not written and makes the exit code 1, its name and reason
// printed. Views with nothing to show (ST vs MT without baselines) are skipped with the reason.
// Prints progress and the files written; returns the process exit code (0: every run finished
// and every exportable file was written).
int runHeadless(MainWindow& window, const std::vector<engine::Experiment>& experiments, const QString& outputDirectory,
    QTextStream& out, int maxParallel = 2, const HeadlessFigures& figures = {});

// `mtw --headless --out DIR RUN_OR_FOLDER...`: opens the stored runs (MainWindow::openStoredRuns),
// reads each to its end, and writes the same figures and CSV files as after a run, without
// training. Returns 2 when nothing could be opened, 1 when a run could not be read or a file not
// written, else 0.
int exportStoredHeadless(MainWindow& window, const QStringList& paths, const QString& outputDirectory, QTextStream& out,
    const HeadlessFigures& figures = {});

} // namespace mtw::gui
