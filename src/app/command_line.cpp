#include "command_line.h"

#include "gui/views/weights_view.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <cstring>

namespace mtw::app {

bool needsHeadless(int argc, char** argv, QString* reason)
{
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--headless") == 0) {
            *reason = QStringLiteral("--headless");
            return true;
        }
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        *reason = QStringLiteral("no display found (DISPLAY and WAYLAND_DISPLAY are not set)");
        return true;
    }
    return false;
}

namespace {

// The figure options of --headless, each refused with its name and the value given.
bool parseFigureOptions(const QCommandLineParser& parser, const QCommandLineOption& figureSize,
    const QCommandLineOption& dpi, const QCommandLineOption& fontPt, const QCommandLineOption& colourBy,
    const QCommandLineOption& losses, const QCommandLineOption& evaluation, const QCommandLineOption& weights,
    AppOptions* options, QString* error)
{
    if (parser.isSet(figureSize)) {
        const QStringList parts = parser.value(figureSize).split(QLatin1Char('x'));
        bool okW = false, okH = false;
        const double w = parts.size() == 2 ? parts[0].toDouble(&okW) : 0,
                     h = parts.size() == 2 ? parts[1].toDouble(&okH) : 0;
        if (!okW || !okH || !(w >= 1 && w <= 40) || !(h >= 1 && h <= 40)) {
            *error = QStringLiteral(
                "--figure-size: expected WIDTHxHEIGHT in inches between 1 and 40, e.g. 3.25x2.4, got '%1'")
                         .arg(parser.value(figureSize));
            return false;
        }
        options->figureWidthInches = w;
        options->figureHeightInches = h;
    }
    bool ok = false;
    options->dpi = parser.value(dpi).toInt(&ok);
    if (!ok || options->dpi < 30 || options->dpi > 1200) {
        *error = QStringLiteral("--dpi: must be a whole number from 30 to 1200, got '%1'").arg(parser.value(dpi));
        return false;
    }
    options->fontPoints = parser.value(fontPt).toDouble(&ok);
    if (!ok || options->fontPoints < 4 || options->fontPoints > 72) {
        *error = QStringLiteral("--font-pt: must be a number from 4 to 72, got '%1'").arg(parser.value(fontPt));
        return false;
    }
    const QString colour = parser.value(colourBy), layout = parser.value(losses);
    if (colour != QLatin1String("task") && colour != QLatin1String("run")) {
        *error = QStringLiteral("--colour-by: must be 'task' or 'run', got '%1'").arg(colour);
        return false;
    }
    if (layout != QLatin1String("overlay") && layout != QLatin1String("panels")) {
        *error = QStringLiteral("--losses: must be 'overlay' or 'panels', got '%1'").arg(layout);
        return false;
    }
    options->evaluation = parser.value(evaluation);
    if (!QStringList { "loss", "metric", "worst-group" }.contains(options->evaluation)) {
        *error = QStringLiteral("--evaluation: must be 'loss', 'metric' or 'worst-group', got '%1'")
                     .arg(options->evaluation);
        return false;
    }
    options->colourByRun = colour == QLatin1String("run");
    options->panelPerTask = layout == QLatin1String("panels");
    options->weightsLayout = parser.value(weights);
    if (!gui::WeightsView::layoutNames().contains(options->weightsLayout)) {
        *error = QStringLiteral("--weights: must be one of %1, got '%2'")
                     .arg(gui::WeightsView::layoutNames().join(QStringLiteral(", ")), options->weightsLayout);
        return false;
    }
    return true;
}

} // namespace

bool parseCommandLine(const QStringList& arguments, AppOptions* options, QString* error)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("MTL Workbench: set up, watch, compare and export multi-task learning optimisation runs."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("paths"),
        QStringLiteral("An experiment JSON file to open, or run directories and folders of runs to show (stored runs; "
                       "runs still being written are followed)."),
        QStringLiteral("[EXPERIMENT.json | RUN_OR_FOLDER...]"));
    const QCommandLineOption demo(QStringLiteral("demo"),
        QStringLiteral("Load and start the built-in demo (CAGrad toy, Nash-MTL, 35,000 Adam steps) with EW, MGDA, "
                       "PCGrad, CAGrad and UPGrad for comparison."));
    const QCommandLineOption headless(QStringLiteral("headless"),
        QStringLiteral(
            "Run without showing the window (offscreen) and write every view's figures (PNG, SVG, PDF) "
            "and CSV files into --out. Runs the experiment file if given, exports the stored runs if given (without "
            "training), else runs the demo."));
    const QCommandLineOption out(QStringLiteral("out"),
        QStringLiteral("Output folder of --headless (default ./demo-output)."), QStringLiteral("DIR"),
        QStringLiteral("demo-output"));
    const QCommandLineOption workspace(QStringLiteral("workspace"),
        QStringLiteral("Folder of the run directories (default ~/.local/share/mtw/runs)."), QStringLiteral("DIR"));
    const QCommandLineOption steps(
        QStringLiteral("steps"), QStringLiteral("Override the number of steps."), QStringLiteral("N"));
    const QCommandLineOption noCompare(
        QStringLiteral("no-compare"), QStringLiteral("The demo without comparison runs."));
    // The --headless options' texts start with a word: help2man (packaging/) reads a description
    // starting with "--" as more option names.
    const QCommandLineOption wait(QStringLiteral("wait"),
        QStringLiteral("With --headless: seconds to wait after the runs for views still computing (the landscape) "
                       "before giving up with exit code 1 (default 600)."),
        QStringLiteral("S"), QStringLiteral("600"));
    const QCommandLineOption figureSize(QStringLiteral("figure-size"),
        QStringLiteral("With --headless: figure size in inches, WIDTHxHEIGHT (3.25x2.4 for a paper column, 7x4.3 for a "
                       "page; default 1600 x 1000 pixels)."),
        QStringLiteral("WxH"));
    const QCommandLineOption dpi(QStringLiteral("dpi"),
        QStringLiteral("With --headless: resolution of PNG figures (default 150)."), QStringLiteral("N"),
        QStringLiteral("150"));
    const QCommandLineOption fontPt(QStringLiteral("font-pt"),
        QStringLiteral("With --headless: point size of the figures' text (default 9)."), QStringLiteral("P"),
        QStringLiteral("9"));
    const QCommandLineOption colourBy(QStringLiteral("colour-by"),
        QStringLiteral("With --headless: Losses and Weights & norms colour by 'task' (runs by line style; default) or "
                       "by 'run' (tasks by line style)."),
        QStringLiteral("task|run"), QStringLiteral("task"));
    const QCommandLineOption losses(QStringLiteral("losses"),
        QStringLiteral("With --headless: the training loss as 'overlay' (one chart; default) or 'panels' (one per "
                       "task, shared axes)."),
        QStringLiteral("overlay|panels"), QStringLiteral("overlay"));
    const QCommandLineOption evaluation(QStringLiteral("evaluation"),
        QStringLiteral("With --headless: the Losses view's evaluation chart shows each task's 'loss' (default), "
                       "'metric', or metric and 'worst-group' accuracy (data with sample groups)."),
        QStringLiteral("loss|metric|worst-group"), QStringLiteral("loss"));
    const QCommandLineOption weights(QStringLiteral("weights"),
        QStringLiteral("With --headless: Weights & norms as its four 'charts' (default), or one quantity as a panel "
                       "per task: 'weights', 'norms', 'alignment' or 'slowdown'."),
        QStringLiteral("charts|weights|norms|alignment|slowdown"), QStringLiteral("charts"));
    const QCommandLineOption study(QStringLiteral("study"),
        QStringLiteral(
            "With --headless: the Study view's quantities, X,Y or X,Y,GROUP (names as `mtw-cli study "
            "--list` prints them, e.g. series.cosine_with.class.mean,transfer.loss_ratio_mean.class,method.name)."),
        QStringLiteral("X,Y[,GROUP]"));
    const QCommandLineOption conflict(QStringLiteral("conflict"),
        QStringLiteral("With --headless: the Conflict view's figure draws the per-layer cosines and CKA as small "
                       "multiples ('layers', network runs) and/or the per-epoch conflict-angle box plots instead of "
                       "the conflict frequency ('boxes'); both: 'layers,boxes'."),
        QStringLiteral("layers|boxes|layers,boxes"));
    parser.addOptions({ demo, headless, out, workspace, steps, noCompare, wait, figureSize, dpi, fontPt, colourBy,
        losses, evaluation, weights, study, conflict });
    // parse(), not process(): process() exits with 1 on an unknown option, and 1 means "a run
    // failed"; bad input is 2 like every other option error here (main.cpp).
    if (!parser.parse(arguments)) {
        *error = parser.errorText();
        return false;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();

    for (const QString& path : parser.positionalArguments()) {
        const QFileInfo info(path);
        if (info.isDir()) {
            options->runPaths << path;
        } else if (!info.exists()) {
            *error
                = QStringLiteral("'%1' does not exist (give an experiment file, a run directory or a folder of runs)")
                      .arg(path);
            return false;
        } else if (!options->experimentFile.isEmpty()) {
            *error
                = QStringLiteral("at most one experiment file, got '%1' and '%2'").arg(options->experimentFile, path);
            return false;
        } else {
            options->experimentFile = path;
        }
    }
    if (!options->experimentFile.isEmpty() && !options->runPaths.isEmpty()) {
        *error = QStringLiteral("give an experiment file or stored runs, not both");
        return false;
    }
    options->demo = parser.isSet(demo);
    options->headless = parser.isSet(headless);
    options->comparison = !parser.isSet(noCompare);
    options->outputDirectory = parser.value(out);
    options->workspace = parser.value(workspace);
    if (parser.isSet(steps)) {
        bool ok = false;
        options->steps = parser.value(steps).toLongLong(&ok);
        if (!ok || options->steps < 1) {
            *error = QStringLiteral("--steps: must be a positive whole number, got '%1'").arg(parser.value(steps));
            return false;
        }
    }
    if (!parseFigureOptions(parser, figureSize, dpi, fontPt, colourBy, losses, evaluation, weights, options, error))
        return false;
    if (parser.isSet(conflict)) {
        const QStringList parts = parser.value(conflict).split(QLatin1Char(','));
        for (const QString& part : parts)
            if (part != QLatin1String("layers") && part != QLatin1String("boxes")) {
                *error = QStringLiteral("--conflict: must be 'layers', 'boxes' or 'layers,boxes', got '%1'")
                             .arg(parser.value(conflict));
                return false;
            }
        options->conflictPerLayer = parts.contains(QStringLiteral("layers"));
        options->conflictBoxes = parts.contains(QStringLiteral("boxes"));
    }
    if (parser.isSet(study)) {
        options->studyQuantities = parser.value(study).split(QLatin1Char(','));
        if (options->studyQuantities.size() < 2 || options->studyQuantities.size() > 3
            || options->studyQuantities.contains(QString())) {
            *error = QStringLiteral("--study: must be X,Y or X,Y,GROUP, got '%1'").arg(parser.value(study));
            return false;
        }
    }
    bool waitOk = false;
    options->waitSeconds = parser.value(wait).toInt(&waitOk);
    if (!waitOk || options->waitSeconds < 0) {
        *error = QStringLiteral("--wait: must be a whole number of seconds >= 0, got '%1'").arg(parser.value(wait));
        return false;
    }
    return true;
}

} // namespace mtw::app
