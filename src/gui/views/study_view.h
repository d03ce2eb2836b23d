#pragma once
// Study (issue 12): one run-level quantity against another over every run of the window that has
// a run directory (setAvailableRuns; RunHistory::runDirectory), e.g. final.loss.mean against
// optimizer.lr grouped by method.name. The numbers come from engine::runStudy on an
// engine::RunCollection of those directories, the code `mtw-cli study` runs, so both print the
// same n, Pearson r, Spearman rho, bootstrap intervals and least-squares lines.
//
// Shows (a) the scatter coloured by group with a least-squares line per group and over all runs,
// and the statistics per group and overall; (b) a heat map of the mean y per (x value, group)
// cell, a hyperparameter grid; (c) the points as a table; (d) parallel coordinates over chosen
// quantities with per-axis ranges that highlight runs (gui/views/study_parallel_panel.h); and the
// skipped runs with the reason.
// The collection is rebuilt only when the runs' directories or ended states change, or on
// Refresh (reading runs is I/O); changing the quantities only recomputes the study.
#include "engine/study.h"
#include "gui/views/run_view.h"
#include "gui/views/study_figures.h"
#include "gui/views/study_runs.h"

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QListWidget;
class QTabWidget;
class QTableWidget;

namespace mtw::gui {

class ChartPanel;
class HeatmapPlot;
class StudyParallelPanel;

class StudyView : public RunView {
    Q_OBJECT
public:
    explicit StudyView(QWidget* parent = nullptr);

    QString title() const override { return tr("Study"); }
    void setRuns(const QList<RunHistoryPtr>& runs) override; // the selection does not matter here
    void setAvailableRuns(const QList<RunHistoryPtr>& runs) override;
    void refresh() override;
    bool exportFigure(const QString& path, const ExportOptions& options, QString* error) override;
    bool exportCsv(const QString& path, QString* error) override;
    QString exportBlocker() const override { return m_blocker; }

    // Re-reads every run (the Refresh button).
    void reload();
    // Chooses the quantities by name (as `mtw-cli study --x --y --group-by`; empty groupBy: none).
    void setQuantities(const QString& x, const QString& y, const QString& groupBy);
    void setLogX(bool log);

    // Inspection (tests, screenshots).
    const engine::StudyResult* result() const { return m_result ? &*m_result : nullptr; }
    const StudyCells& cells() const { return m_cells; }
    QStringList numericQuantities() const;
    QStringList studiedDirectories() const { return m_runs.directories(); }
    long long readCount() const { return m_runs.generation(); } // collections built so far
    ChartPanel* scatterChart() const { return m_scatter; }
    HeatmapPlot* heatmap() const { return m_heatmap; }
    QTableWidget* pointsTable() const { return m_table; }
    QLabel* statisticsLabel() const { return m_statistics; }
    QListWidget* skippedList() const { return m_skipped; }
    QTabWidget* contentTabs() const { return m_tabs; }
    StudyParallelPanel* parallelPanel() const { return m_parallel; }

private:
    void updateQuantityChoices();
    void redraw();
    void showMessage(const QString& message);
    void fillTable();
    void fillHeatmap();

    QList<RunHistoryPtr> m_available;
    StudyRuns m_runs;
    std::optional<engine::StudyResult> m_result;
    StudyCells m_cells;
    analysis::BootstrapOptions m_bootstrap; // the CLI's defaults
    QString m_blocker;

    QComboBox* m_x;
    QComboBox* m_y;
    QComboBox* m_group;
    QCheckBox* m_logX;
    QTabWidget* m_tabs;
    ChartPanel* m_scatter;
    HeatmapPlot* m_heatmap;
    QTableWidget* m_table;
    StudyParallelPanel* m_parallel;
    QLabel* m_statistics;
    QListWidget* m_skipped;
};

} // namespace mtw::gui
