#pragma once
// Stored runs for the GUI tests: a finished run written into a directory by the engine's run job
// (what mtw-cli run does), and a main window whose workspace lives in a temporary folder.
#include "engine/run_job.h"
#include "gui/main_window.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace mtw::test {

inline void writeStoredRun(const QString& directory, const engine::Experiment& e)
{
    engine::RunJob job(e, directory.toStdString(), {});
    QCOMPARE(job.run(nullptr, nullptr).status, engine::RunStatus::Finished);
}

inline std::unique_ptr<gui::MainWindow> windowWithWorkspace(const QTemporaryDir& dir, const QString& workspace)
{
    auto window = std::make_unique<gui::MainWindow>();
    window->setWorkspace(dir.filePath(workspace));
    return window;
}

} // namespace mtw::test
