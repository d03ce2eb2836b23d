#pragma once
// "Classical linear MTL...": trace-norm or l2,1 regularized linear multi-task regression on
// synthetic tasks with a known W* (Zhang & Yang 2021, "A Survey on Multi-Task Learning", TKDE,
// Secs. 2.1-2.2), solved by synchronous ISTA / FISTA and the simulated asynchronous AMTL (Baytas
// et al. 2016, ICDM; classical/linear_mtl_comparison.h). The options on the left, Run computes
// the comparison on a worker thread (the destructor stops and joins it; a result is delivered
// queued), then
// the chart draws F(W) - F* on a log axis against simulated time or iterations (one curve per
// solver) and the table gives each solver's final objective, residual, recovery error, rank or
// rows and simulated time. The figure exports to PNG/SVG/PDF (export/figure_exporter.h) and the
// curves to CSV (the columns of `mtw-cli linear-mtl --csv`). The same as `mtw-cli linear-mtl`.
#include "classical/linear_mtl_comparison.h"
#include "gui/export/export_options.h"

#include <QDialog>
#include <atomic>
#include <memory>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QThread;

namespace mtw::gui {

class ChartPanel;

class LinearMtlDialog : public QDialog {
    Q_OBJECT
public:
    explicit LinearMtlDialog(QWidget* parent = nullptr);
    ~LinearMtlDialog() override;

    classical::LinearMtlOptions options() const; // from the form
    void setOptions(const classical::LinearMtlOptions& options);
    // Starts the comparison on a worker thread; false (with the reason in statusText(), naming
    // the option) when the options are invalid or a comparison is running.
    bool run();
    bool isRunning() const { return m_thread != nullptr; }
    std::shared_ptr<const classical::LinearMtlComparison> comparison() const { return m_comparison; }

    enum class XAxis { Time, Iteration };
    void setXAxis(XAxis axis);
    XAxis xAxis() const;

    bool exportFigure(const QString& path, const ExportOptions& options, QString* error);
    bool exportCsv(const QString& path, QString* error) const;

    // Widgets, for tests and screenshots.
    ChartPanel* chart() const { return m_chart; }
    QTableWidget* table() const { return m_table; }
    QPushButton* runButton() const { return m_run; }
    QString statusText() const;

signals:
    void comparisonReady();
    void failed(const QString& message);

private:
    void buildForm(QFormLayout* form);
    void onResult(const std::shared_ptr<const classical::LinearMtlComparison>& result, const QString& error);
    void updateChart();
    void updateTable();
    void exportFigureDialog();
    void exportCsvDialog();

    QComboBox* m_regularizer = nullptr;
    QDoubleSpinBox* m_lambda = nullptr;
    QCheckBox* m_solvers[3] = {};
    QSpinBox* m_maxDelay = nullptr;
    QComboBox* m_delays = nullptr;
    QDoubleSpinBox* m_kmConstant = nullptr;
    QDoubleSpinBox* m_straggler = nullptr;
    QDoubleSpinBox* m_jitter = nullptr;
    QSpinBox* m_tasks = nullptr;
    QSpinBox* m_features = nullptr;
    QSpinBox* m_samples = nullptr;
    QSpinBox* m_rank = nullptr;
    QSpinBox* m_rows = nullptr;
    QDoubleSpinBox* m_noise = nullptr;
    QSpinBox* m_seed = nullptr;
    QSpinBox* m_iterations = nullptr;
    QPushButton* m_run = nullptr;
    QComboBox* m_xAxis = nullptr;
    QLabel* m_status = nullptr;
    ChartPanel* m_chart = nullptr;
    QTableWidget* m_table = nullptr;
    QPushButton* m_exportFigure = nullptr;
    QPushButton* m_exportCsv = nullptr;
    QThread* m_thread = nullptr;
    std::shared_ptr<std::atomic<bool>> m_stop; // the running comparison's stop request
    std::shared_ptr<const classical::LinearMtlComparison> m_comparison;
};

} // namespace mtw::gui
