#pragma once
// mtw [EXPERIMENT.json | RUN_OR_FOLDER...] [--demo] [--headless --out DIR --wait S] [--workspace DIR] [--steps N]
//     [--figure-size WxH --dpi N --font-pt P --colour-by task|run --losses overlay|panels --study X,Y[,GROUP]]
#include <QString>
#include <QStringList>

namespace mtw::app {

struct AppOptions {
    QString experimentFile;
    QStringList runPaths; // stored run directories and folders of runs to open (directories given)
    bool demo = false;
    bool headless = false;
    bool comparison = true; // the demo's comparison runs
    QString outputDirectory = QStringLiteral("demo-output");
    QString workspace; // empty: the saved or default workspace
    long long steps = 0; // > 0: override the step count
    int waitSeconds = 600; // --headless: how long views still computing may take after the runs
    // --headless figures: size in inches (0: the default 1600 x 1000 px), resolution, text size,
    // and the Losses view's encoding of many runs.
    double figureWidthInches = 0, figureHeightInches = 0;
    int dpi = 150;
    double fontPoints = 9;
    bool colourByRun = false;
    bool panelPerTask = false;
    QString evaluation = QStringLiteral("loss"); // --evaluation: loss | metric | worst-group
    QString weightsLayout = QStringLiteral("charts"); // --weights: WeightsView::layoutNames()
    QStringList studyQuantities; // --study: x, y and optionally the grouping setting
    bool conflictPerLayer = false; // --conflict layers: the per-layer small multiples
    bool conflictBoxes = false; // --conflict boxes: the angle box plots beside the heatmap
};

// Decided before QApplication exists (the platform plugin is chosen at construction): true for
// --headless, or when no display is reachable (no DISPLAY / WAYLAND_DISPLAY, no
// QT_QPA_PLATFORM); *reason says which.
bool needsHeadless(int argc, char** argv, QString* reason);

// Parses QCoreApplication::arguments(); on an error returns false with *error set. --help and
// --version print and exit inside QCommandLineParser.
bool parseCommandLine(const QStringList& arguments, AppOptions* options, QString* error);

} // namespace mtw::app
