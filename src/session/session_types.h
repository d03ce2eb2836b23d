#pragma once
// Value types that cross the worker/GUI thread boundary by queued signals, and their Qt meta-type
// registration. Snapshots travel as engine::SnapshotPtr (shared, immutable); the end of a run as
// a RunResult value.
#include "engine/experiment.h"
#include "engine/snapshot.h"

#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

namespace mtw::session {

struct RunResult {
    engine::RunStatus status = engine::RunStatus::Finished;
    QString message;
    long long steps = 0;
    double seconds = 0;
    QStringList taskNames;
    QVector<double> finalLosses; // exact losses at the final parameters (empty when the run failed)
    QString runDirectory; // empty when the run had no store
};

// Registers SnapshotPtr, Experiment and RunResult with Qt's meta-type system (idempotent); call
// before the first queued connection that carries them.
void registerSessionTypes();

} // namespace mtw::session

Q_DECLARE_METATYPE(mtw::engine::SnapshotPtr)
Q_DECLARE_METATYPE(mtw::engine::Experiment)
Q_DECLARE_METATYPE(mtw::session::RunResult)
