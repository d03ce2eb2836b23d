#include "gui/views/standard_views.h"

#include "gui/views/conflict_view.h"
#include "gui/views/factors_view.h"
#include "gui/views/landscape_view.h"
#include "gui/views/losses_view.h"
#include "gui/views/pareto_view.h"
#include "gui/views/study_view.h"
#include "gui/views/transfer_view.h"
#include "gui/views/weights_view.h"

namespace mtw::gui {

QList<RunView*> createStandardViews(QWidget* parent)
{
    return { new LossesView(parent), new WeightsView(parent), new ConflictView(parent), new LandscapeView(parent),
        new ParetoView(parent), new TransferView(parent), new FactorsView(parent), new StudyView(parent) };
}

} // namespace mtw::gui
