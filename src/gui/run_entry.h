#pragma once
// One row of the runs table: a run's experiment, its GUI-side history and how it ended.
#include "engine/experiment.h"
#include "gui/run_history.h"

#include <QString>
#include <QStringList>
#include <QVector>

namespace mtw::gui {

enum class RunState { Queued, Running, Paused, Finished, Stopped, Failed };
QString runStateName(RunState state);
bool isActive(RunState state); // queued, running or paused
RunState runStateOf(engine::RunStatus status);

struct RunEntry {
    int id = 0;
    QString name;
    engine::Experiment experiment;
    MutableRunHistoryPtr history; // the views get it read-only (RunHistoryPtr)
    RunState state = RunState::Queued;
    QString message;
    QString runDirectory;
    QString resumeDirectory; // non-empty: continues that run directory from its checkpoint
    bool stored = false; // opened from runDirectory (StoredRuns), not trained by this window
    long long steps = 0;
    double seconds = 0;
    QStringList taskNames;
    QVector<double> finalLosses; // exact losses at the final parameters, once finished
};

} // namespace mtw::gui
