#include "gui/charts/panel_grid_layout.h"

#include <algorithm>
#include <cmath>

namespace mtw::gui {

PanelGridLayout panelGridLayout(int count, double width, double height, double minWidth, double minHeight)
{
    PanelGridLayout best;
    best.panels = count;
    count = std::max(1, count);
    for (int columns = 1; columns <= count; ++columns) {
        PanelGridLayout layout;
        layout.panels = best.panels;
        layout.columns = columns;
        layout.rows = (count + columns - 1) / columns;
        layout.panelWidth = width / columns;
        layout.panelHeight = height / layout.rows;
        layout.fit = std::min(layout.panelWidth / minWidth, layout.panelHeight / minHeight);
        if (layout.fit > best.fit * (1 + 1e-12))
            best = layout;
    }
    return best;
}

double readablePanelGridHeight(int count, double width, double minWidth, double minHeight)
{
    count = std::max(1, count);
    const int columns = std::clamp(static_cast<int>(std::floor(width / minWidth)), 1, count);
    return minHeight * ((count + columns - 1) / columns);
}

} // namespace mtw::gui
