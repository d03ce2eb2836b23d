#pragma once
// The standard set of central views in tab order: Losses, Weights & norms, Conflict, Landscape,
// Pareto, ST vs MT transfer. The caller owns the widgets through `parent` (or reparents them into tabs).
#include "gui/views/run_view.h"

namespace mtw::gui {

QList<RunView*> createStandardViews(QWidget* parent);

} // namespace mtw::gui
