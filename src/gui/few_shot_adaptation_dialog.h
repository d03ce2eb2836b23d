#pragma once
// "Few-shot adaptation...": the shown runs' frozen trunks adapted to a task with a new L2
// logistic-regression head on k shots per class (engine/trunk_adaptation.h; H. Wang, H. Zhao &
// B. Li, ICML 2021, Sec. 3), as `mtw-cli adapt`. Test accuracy against k (log x) per trunk: the
// mean over episodes with its 95 % interval as a band, the first run's network at initialisation
// as a floor; the table below gives mean, 95 % interval and std per trunk and k, and whether the
// run trained the task. Computed on a worker thread (Run); the result is stored in each run's
// adaptation.json, and a stored result for the chosen task is shown when the dialog opens.
// Exports: the figure (PNG/SVG/PDF, gui/export/figure_exporter.h) and the table as CSV.
#include "engine/trunk_adaptation.h"
#include "gui/export/export_options.h"

#include <QDialog>
#include <QStringList>
#include <atomic>
#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QThread;

namespace mtw::gui {

class ChartPanel;

class FewShotAdaptationDialog : public QDialog {
    Q_OBJECT
public:
    // runDirectories: the runs' folders (the first one's tasks fill the task list).
    explicit FewShotAdaptationDialog(const QStringList& runDirectories, QWidget* parent = nullptr);
    ~FewShotAdaptationDialog() override;

    void setTask(const QString& task);
    void setShots(const QString& commaSeparated);
    void setEpisodes(int episodes);
    void setL2(double lambda);
    // Starts the computation on a worker thread; false (and statusText() says why) for bad input.
    bool runAdaptation();
    bool isRunning() const { return m_running; }
    const std::optional<engine::AdaptationResult>& result() const { return m_result; }
    QString statusText() const;
    ChartPanel* chart() const { return m_chart; }
    QTableWidget* table() const { return m_table; }
    bool exportFigure(const QString& path, const ExportOptions& options, QString* error);
    bool exportCsv(const QString& path, QString* error) const;

signals:
    void computed(); // after a computation ended (see result() and statusText())

private:
    void showStored();
    void display(const std::optional<engine::AdaptationResult>& result, const QString& status);
    void finish(quint64 generation, std::optional<engine::AdaptationResult> result, const QString& error);
    void fillTable();
    void fillChart();
    void stop();

    QStringList m_runs;
    std::optional<engine::AdaptationResult> m_result;
    bool m_running = false;
    quint64 m_generation = 0;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    QThread* m_thread = nullptr;

    QComboBox* m_task = nullptr;
    QLineEdit* m_shots = nullptr;
    QSpinBox* m_episodes = nullptr;
    QDoubleSpinBox* m_l2 = nullptr;
    QComboBox* m_normalization = nullptr;
    QSpinBox* m_seed = nullptr;
    QCheckBox* m_random = nullptr;
    QPushButton* m_run = nullptr;
    QPushButton* m_exportFigure = nullptr;
    QPushButton* m_exportCsv = nullptr;
    QLabel* m_status = nullptr;
    ChartPanel* m_chart = nullptr;
    QTableWidget* m_table = nullptr;
};

} // namespace mtw::gui
