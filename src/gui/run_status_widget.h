#pragma once
// The status bar's run display: progress bar, "12,000 / 35,000 steps", steps/s and ETA of the
// current run.
#include <QWidget>

class QLabel;
class QProgressBar;

namespace mtw::gui {

struct RunEntry;

class RunStatusWidget : public QWidget {
    Q_OBJECT
public:
    explicit RunStatusWidget(QWidget* parent = nullptr);
    // nullptr: idle. batch: the other shown runs' states, after the current run's line.
    void showRun(const RunEntry* entry, const QString& batch = QString());
    QString text() const;
    int progress() const; // 0..1000

    static QString formatDuration(double seconds);

private:
    QProgressBar* m_progress;
    QLabel* m_label;
};

} // namespace mtw::gui
