#pragma once
// A shown run's start and end in parameter space, as the GUI knows them (for the Landscape
// view's three-point plane and 1-D path):
//  * start: its step-0 parameter snapshot (diagnostics.parameters_every); else an empty vector,
//    which the workers read as "the experiment's initial parameters from its seed" (building the
//    problem to draw them is too slow for the GUI thread);
//  * end: its last snapshot when that is at its last step, else the parameters a run sends once
//    it has ended or paused (a stored run: from its checkpoint); nothing while it runs on.
#include "core/tensor.h"
#include "engine/landscape_job.h"
#include "gui/run_history.h"

#include <QList>
#include <QString>
#include <optional>

namespace mtw::gui {

core::Vector runStartParameters(const RunHistory& run);
std::optional<core::Vector> runEndParameters(const RunHistory& run);

// The three-point plane's points and names: the first run's start and end and the second run's
// end. Returns why they cannot be given (fewer than two runs, an end not known yet), else empty.
QString threePointPlaneInputs(const QList<RunHistoryPtr>& runs, engine::LandscapeRequest& request);

} // namespace mtw::gui
