#pragma once
// "Run > Pairwise transfer...": the study of Ni et al. (ACL 2023, seed papers 3.20) for the
// experiment of the form: every task alone and every pair of tasks, per seed
// (engine/pairwise_transfer.h), and the T x T matrix of the gain of task i (row) trained with
// task j (column) over alone, as a heatmap on a diverging scale symmetric around 0 (blue: the
// partner helps, red: it hurts; the diagonal is blank), each cell labelled mean ± std over the
// seeds. The runs are looked up among the workbench's runs by name (finished ones are read from
// their stores); "Queue missing runs" accepts the dialog and missingRuns() names the runs neither
// finished nor queued. The same as `mtw-cli pairs EXPERIMENT --seeds ... --train`.
// Defaults: the experiment's own seed, quantity loss, split test.
#include "engine/pairwise_transfer.h"
#include "gui/export/export_options.h"
#include "gui/known_runs.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace mtw::gui {

class HeatmapPlot;

class PairwiseTransferDialog : public QDialog {
    Q_OBJECT
public:
    PairwiseTransferDialog(
        engine::Experiment experiment, std::vector<std::string> taskNames, KnownRuns runs, QWidget* parent = nullptr);

    void setSeeds(const QString& seeds); // "0,1,2"
    void setQuantity(engine::TransferQuantity quantity);
    void setSplit(problem::Split split);
    void refresh(); // reads the runs again (some may have finished)

    // The matrix shown (empty when the seeds are invalid: see message()).
    const engine::PairwiseTransfer& transfer() const { return m_transfer; }
    HeatmapPlot* heatmap() const { return m_heatmap; }
    QString message() const;
    // The study's runs neither finished (with this experiment) nor queued or running, in plan order.
    std::vector<engine::Experiment> missingRuns() const;

    // Export: the heatmap with the caption line (PNG/SVG/PDF by the suffix), and the CSV of
    // `mtw-cli pairs --csv`. False with the reason in *error.
    bool exportFigure(const QString& path, const ExportOptions& options, QString* error) const;
    bool exportCsv(const QString& path, QString* error) const;

private:
    void update();
    const engine::RunRecord* storedRun(const engine::Experiment& experiment) const;
    void exportFigureDialog();
    void exportCsvDialog();

    engine::Experiment m_experiment;
    std::vector<std::string> m_taskNames;
    KnownRuns m_runs;
    std::vector<std::uint64_t> m_seeds;
    std::vector<engine::PairwiseRun> m_plan;
    engine::PairwiseTransfer m_transfer;
    QLineEdit* m_seedsEdit = nullptr;
    QComboBox* m_quantity = nullptr;
    QComboBox* m_split = nullptr;
    QLabel* m_text = nullptr;
    HeatmapPlot* m_heatmap = nullptr;
    QPushButton* m_queue = nullptr;
};

} // namespace mtw::gui
