#pragma once
// "Run sweep...": pick an experiment file with a "sweep" block (engine/sweep_plan.h), see every
// combination it expands to (or the located error of an invalid one), choose the sweep folder and
// how many runs at once, and start. Rerunning into the same folder continues the sweep.
#include <QDialog>

class QLabel;
class QLineEdit;
class QSpinBox;
class QTableWidget;
class QPushButton;

namespace mtw::gui {

class SweepDialog : public QDialog {
    Q_OBJECT
public:
    explicit SweepDialog(QWidget* parent = nullptr);

    void setFile(const QString& path); // plans it and shows the combinations or the error
    void setDirectory(const QString& path);
    QString file() const;
    QString directory() const;
    int jobs() const;
    int combinationCount() const { return m_count; } // 0 while the file does not plan

private:
    void plan();
    void updateStart();

    QLineEdit* m_file;
    QLineEdit* m_directory;
    QSpinBox* m_jobs;
    QLabel* m_message;
    QTableWidget* m_table;
    QPushButton* m_start;
    int m_count = 0;
};

} // namespace mtw::gui
