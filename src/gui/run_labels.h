#pragma once
// Legend labels that say what differs between overlaid runs. Runs of one compare or sweep share
// their experiment's name as a prefix ("synthetic-nash_mtl", "synthetic-upgrad"), so their names
// elide to the same "synthetic-..."; the label is instead built from the experiment settings
// whose values differ between the runs: the method first (its name alone), then the others as
// short key=value ("nash_mtl, lr=0.01"). Settings that do not change what is trained (the run's
// name, thread count, recording cadence) are left out, and so is the seed for seed groups. When
// no setting differs (the same experiment twice), the names without their common prefix are
// used. Labels are made unique with " #k" when they still collide.
#include "engine/experiment.h"
#include "gui/run_history.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace mtw::gui {

struct LabelledRun {
    QString name;
    const engine::Experiment* experiment = nullptr; // null: the name is all there is
};

QStringList distinguishingLabels(const QList<LabelledRun>& runs, bool ignoreSeed = false);
// The same for the views' runs, in order (an empty label for a null entry).
QStringList runLabels(const QList<RunHistoryPtr>& runs);

// The names with their common prefix removed, cut after the prefix's last '-', '_', '/', ' ' or
// '.' (so "synthetic-nash_mtl" and "synthetic-upgrad" give "nash_mtl" and "upgrad").
QStringList withoutCommonPrefix(const QStringList& names);

} // namespace mtw::gui
