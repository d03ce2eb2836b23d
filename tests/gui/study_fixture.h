#pragma once
// The Study tab's suites share 24 stored runs of the synthetic experiment (3 methods x 2 learning
// rates x 4 seeds, 40 steps each) in <root>/<method>-lr<lr>/seed-<seed>, and the means to open them
// in a main window and find its Study view.
#include "engine/synthetic_experiment.h"
#include "gui/main_window.h"
#include "gui/stored_runs.h"
#include "gui/views/study_view.h"
#include "stored_run_support.h"

#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace mtw::test {

inline const char* const studyMethods[] = { "ew", "mgda", "pcgrad" };
inline const std::uint64_t studySeeds[] = { 1, 2, 3, 4 };
inline const double studyRates[] = { 1e-3, 1e-2 };
constexpr int studyRunCount = 24;

inline void writeStudyRuns(const QString& root)
{
    for (const char* method : studyMethods)
        for (double lr : studyRates)
            for (std::uint64_t seed : studySeeds) {
                engine::Experiment e = syntheticExperiment(method, 3, 1, seed);
                e.steps = 40;
                e.evaluateEvery = 20;
                e.optimizer.learningRate = lr;
                writeStoredRun(QString("%1/%2-lr%3/seed-%4").arg(root, method).arg(lr).arg(seed), e);
            }
}

inline QString canonical(const std::string& path)
{
    return QFileInfo(QString::fromStdString(path)).canonicalFilePath();
}

inline gui::StudyView* studyView(gui::MainWindow& window)
{
    for (gui::RunView* view : window.views())
        if (auto* study = qobject_cast<gui::StudyView*>(view))
            return study;
    return nullptr;
}

// A main window with its workspace in `dir`/`workspace`, showing the stored runs at `paths`.
inline std::unique_ptr<gui::MainWindow> openStudyRuns(
    const QTemporaryDir& dir, const QStringList& paths, const QString& workspace)
{
    auto window = windowWithWorkspace(dir, workspace);
    QStringList errors;
    window->openStoredRuns(paths, &errors);
    if (!errors.isEmpty())
        qWarning("%s", qPrintable(errors.join('\n')));
    window->storedRuns()->readAll();
    return window;
}

} // namespace mtw::test
