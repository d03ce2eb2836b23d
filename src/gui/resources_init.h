#pragma once
// Registers the compiled-in resources (icons, example experiments) of the static mtw_gui
// library; call once after QApplication is constructed (a static library's resources are not
// registered automatically).
namespace mtw::gui {
void initResources();
}
