// MainWindow: the classical linear MTL dialog (gui/linear_mtl_dialog.h). It needs no run: it makes
// its own synthetic tasks, so it opens non-modal beside the window and only one is kept.
#include "gui/linear_mtl_dialog.h"
#include "gui/main_window.h"

namespace mtw::gui {

LinearMtlDialog* MainWindow::showLinearMtlDialog()
{
    auto* dialog = findChild<LinearMtlDialog*>();
    if (!dialog) {
        dialog = new LinearMtlDialog(this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
    return dialog;
}

} // namespace mtw::gui
