// mtw: the MTL Workbench window, or its headless demo (see command_line.h).
#include "command_line.h"
#include "gui/demo_experiments.h"
#include "gui/headless_run.h"
#include "gui/main_window.h"
#include "gui/resources_init.h"
#include "mtw_build_info.h"

#include <QApplication>
#include <QIcon>
#include <QMessageBox>
#include <QTextStream>
#include <cstdio>

int main(int argc, char** argv)
{
    QString headlessReason;
    const bool headless = mtw::app::needsHeadless(argc, argv, &headlessReason);
    if (headless && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen"); // no window system needed; 3-D views show a placeholder

    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("mtw"));
    QApplication::setApplicationName(QStringLiteral("MTL Workbench"));
    // --version and Help > About: the version and the commit it was built from.
    QApplication::setApplicationVersion(QStringLiteral(MTW_VERSION " (commit " MTW_GIT_COMMIT ")"));
    mtw::gui::initResources();
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/mtw.svg")));

    QTextStream out(stdout);
    QTextStream err(stderr);
    mtw::app::AppOptions options;
    QString error;
    if (!mtw::app::parseCommandLine(QApplication::arguments(), &options, &error)) {
        err << "mtw: " << error << Qt::endl;
        return 2;
    }

    mtw::gui::HeadlessFigures figures;
    figures.waitSeconds = options.waitSeconds;
    figures.options.dpi = options.dpi;
    figures.options.fontPointSize = options.fontPoints;
    if (options.figureWidthInches > 0)
        figures.options.size
            = QSize(qRound(options.figureWidthInches * options.dpi), qRound(options.figureHeightInches * options.dpi));
    figures.colourByRun = options.colourByRun;
    figures.panelPerTask = options.panelPerTask;
    figures.evaluation = options.evaluation;
    figures.weightsLayout = options.weightsLayout;
    figures.studyQuantities = options.studyQuantities;
    figures.conflictPerLayer = options.conflictPerLayer;
    figures.conflictBoxes = options.conflictBoxes;

    mtw::gui::MainWindow window;
    if (!options.workspace.isEmpty())
        window.setWorkspace(options.workspace);

    if (headless && !options.runPaths.isEmpty()) {
        out << "mtw: headless (" << headlessReason << "): exporting the stored runs in "
            << options.runPaths.join(QStringLiteral(", ")) << Qt::endl;
        return mtw::gui::exportStoredHeadless(window, options.runPaths, options.outputDirectory, out, figures);
    }
    if (headless) {
        out << "mtw: headless (" << headlessReason
            << "): " << (options.experimentFile.isEmpty() ? "the demo" : options.experimentFile)
            << ", no window shown (QT_QPA_PLATFORM=" << qgetenv("QT_QPA_PLATFORM") << ")" << Qt::endl;
        std::vector<mtw::engine::Experiment> experiments;
        try {
            if (!options.experimentFile.isEmpty()) {
                experiments.push_back(mtw::engine::loadExperiment(options.experimentFile.toStdString()));
                if (options.steps > 0)
                    experiments.back().steps = options.steps;
            } else {
                experiments = mtw::gui::demoExperiments(options.steps);
                if (!options.comparison)
                    experiments.resize(1);
            }
        } catch (const std::exception& problem) {
            err << "mtw: " << problem.what() << Qt::endl;
            return 2;
        }
        return mtw::gui::runHeadless(window, experiments, options.outputDirectory, out, 2, figures);
    }

    if (!options.experimentFile.isEmpty() && !window.loadExperimentFile(options.experimentFile, &error)) {
        err << "mtw: " << error << Qt::endl;
        QMessageBox::warning(&window, QStringLiteral("Open experiment"), error);
    }
    window.show();
    if (!options.runPaths.isEmpty()) {
        QStringList errors;
        const QList<int> ids = window.openStoredRuns(options.runPaths, &errors);
        for (const QString& problem : std::as_const(errors))
            err << "mtw: cannot open: " << problem << Qt::endl;
        if (!errors.isEmpty())
            QMessageBox::warning(&window, QStringLiteral("Open runs"),
                QStringLiteral("%1 run(s) opened.\n\n%2").arg(ids.size()).arg(errors.join(QLatin1Char('\n'))));
    }
    if (options.demo)
        window.startDemo(options.comparison, options.steps);
    return app.exec();
}
