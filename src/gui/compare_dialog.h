#pragma once
// "Compare methods...": pick the methods to run the current experiment with, and how many runs
// at once (1: one after another).
#include <QDialog>
#include <QStringList>
#include <memory>

namespace Ui {
class CompareDialog;
}

namespace mtw::gui {

class CompareDialog : public QDialog {
    Q_OBJECT
public:
    explicit CompareDialog(QWidget* parent = nullptr);
    ~CompareDialog() override;

    void setCheckedMethods(const QStringList& ids);
    QStringList checkedMethods() const; // registry order
    void setMaxParallel(int runs);
    int maxParallel() const;

private:
    void setAll(bool checked);
    std::unique_ptr<Ui::CompareDialog> m_ui;
};

} // namespace mtw::gui
