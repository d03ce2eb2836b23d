#include "gui/resources_init.h"

#include <QtGlobal>

// Q_INIT_RESOURCE must be used outside any namespace.
static void initMtwResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace mtw::gui {
void initResources()
{
    initMtwResources();
}
} // namespace mtw::gui
