#include "command_line.h"

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

bool parseCommandLine(const QStringList& arguments, AppOptions* options, QString* error)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "MTL Workbench: set up, watch, compare and export multi-task learning optimisation runs."));
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
        QStringLiteral("Run without showing the window (offscreen) and write every view's figures (PNG, SVG, PDF) "
                       "and CSV files into --out. Runs the experiment file if given, exports the stored runs if given (without "
                       "training), else runs the demo."));
    const QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Output folder of --headless (default ./demo-output)."),
        QStringLiteral("DIR"), QStringLiteral("demo-output"));
    const QCommandLineOption workspace(QStringLiteral("workspace"),
        QStringLiteral("Folder of the run directories (default ~/.local/share/mtw/runs)."), QStringLiteral("DIR"));
    const QCommandLineOption steps(QStringLiteral("steps"), QStringLiteral("Override the number of steps."),
        QStringLiteral("N"));
    const QCommandLineOption noCompare(QStringLiteral("no-compare"), QStringLiteral("The demo without comparison runs."));
    const QCommandLineOption wait(QStringLiteral("wait"),
        QStringLiteral("--headless: seconds to wait after the runs for views still computing (the landscape) before "
                       "giving up with exit code 1 (default 600)."),
        QStringLiteral("S"), QStringLiteral("600"));
    parser.addOptions({ demo, headless, out, workspace, steps, noCompare, wait });
    parser.process(arguments);

    for (const QString& path : parser.positionalArguments()) {
        const QFileInfo info(path);
        if (info.isDir()) {
            options->runPaths << path;
        } else if (!info.exists()) {
            *error = QStringLiteral("'%1' does not exist (give an experiment file, a run directory or a folder of runs)").arg(path);
            return false;
        } else if (!options->experimentFile.isEmpty()) {
            *error = QStringLiteral("at most one experiment file, got '%1' and '%2'").arg(options->experimentFile, path);
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
    bool waitOk = false;
    options->waitSeconds = parser.value(wait).toInt(&waitOk);
    if (!waitOk || options->waitSeconds < 0) {
        *error = QStringLiteral("--wait: must be a whole number of seconds >= 0, got '%1'").arg(parser.value(wait));
        return false;
    }
    return true;
}

} // namespace mtw::app
