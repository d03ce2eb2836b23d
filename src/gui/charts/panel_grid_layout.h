#pragma once
// How a grid of small charts (a panel per task, a panel per pair of tasks) fills a figure: the
// column count that gives every panel the most room for its size, so a narrow paper column gets
// two wide columns of panels where a wide page gets four, and whether the panels are readable at
// all. Free of Qt so it is tested alone; sizes are in any one unit.

namespace mtw::gui {

struct PanelGridLayout {
    int panels = 0; // none: nothing to read (a figure that drew no grid)
    int columns = 1;
    int rows = 1;
    double panelWidth = 0, panelHeight = 0;
    // The smaller of panelWidth / minWidth and panelHeight / minHeight: below 1 the panels are
    // too small to read (tick labels run into each other or are elided).
    double fit = 0;
    bool readable() const { return panels == 0 || fit >= 1; }
};

// `count` panels in a width x height area: the column count with the largest fit (ties go to
// fewer columns), for panels that need at least minWidth x minHeight.
PanelGridLayout panelGridLayout(int count, double width, double height, double minWidth, double minHeight);

// The least height at which `count` panels fit readably in a `width`-wide area: rows of minHeight
// in the most columns of at least minWidth (one column when even one is narrower).
double readablePanelGridHeight(int count, double width, double minWidth, double minHeight);

} // namespace mtw::gui
