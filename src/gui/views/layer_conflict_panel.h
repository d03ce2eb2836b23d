#pragma once
// Where in the network the tasks conflict (Roy et al. 2024, FairBranch, section 3.16): small
// multiples of the T x T task-gradient cosines of one matrix step, first over all shared layers
// (the Conflict view's whole-network matrix), then over each shared layer's parameters (input
// side first), all on the same fixed [-1, 1] diverging scale so a layer's colours compare with
// every other's; then the linear CKA of the tasks' head representations (Kornblith et al. 2019)
// on [0, 1] in a sequential colormap, with the groups FairBranch would branch into: single
// linkage of the task pairs with CKA >= tau (analysis/centered_kernel_alignment.h; the paper uses
// tau = 0.8 for vision and 0.7 for tabular data; default 0.80). The Conflict view drives it with
// its time scrubber.
#include "engine/snapshot.h"
#include "gui/charts/panel_grid_layout.h"

#include <Eigen/Dense>
#include <QList>
#include <QStringList>
#include <QWidget>
#include <vector>

class QDoubleSpinBox;
class QGridLayout;
class QLabel;
class QPainter;
class QScrollArea;

namespace mtw::gui {

class CsvTable;
class HeatmapPlot;

class LayerConflictPanel : public QWidget {
    Q_OBJECT
public:
    explicit LayerConflictPanel(QWidget* parent = nullptr);

    // One matrix step: the whole-network cosine and the step's further matrices ("cosine@<layer>"
    // in order, "cka"). Heatmaps are reused while the layer count stays the same.
    void setStep(long long step, const Eigen::MatrixXd& whole, const std::vector<engine::NamedMatrix>& more,
        const QStringList& taskNames);
    void clear();

    // The cosine heatmaps: all shared layers first, then one per layer (titled by its label).
    const QList<HeatmapPlot*>& cosineHeatmaps() const { return m_cosines; }
    HeatmapPlot* ckaHeatmap() const { return m_cka; }
    bool hasCka() const;
    QDoubleSpinBox* thresholdBox() const { return m_threshold; }
    long long shownStep() const { return m_step; }
    // "FairBranch groups at τ = 0.80: {a, b} {c}"; empty without a CKA matrix.
    QString groupsText() const;

    // Export: the heatmaps in the columns that give each the most room, the groups line below.
    PanelGridLayout paint(QPainter& painter, const QRectF& rect);
    // Long format like the Conflict view's: chart "cosine@<layer>" or "cka", series
    // "task_i|task_j", x = step, y = the value.
    void appendCsvRows(CsvTable& table) const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    HeatmapPlot* newHeatmap(bool cosine);
    QList<HeatmapPlot*> shownHeatmaps() const;
    void arrange();
    void updateGroups();
    void updateScales();
    // Below this a heatmap's labels crowd its cells (grows with the task count).
    QSizeF minimumPanelSize() const;

    QScrollArea* m_scroll;
    QWidget* m_gridHost;
    QGridLayout* m_grid;
    QList<HeatmapPlot*> m_cosines;
    HeatmapPlot* m_cka;
    QDoubleSpinBox* m_threshold;
    QLabel* m_groups;
    QLabel* m_scales; // the shared colour scales
    QStringList m_taskNames;
    QStringList m_kinds; // the CSV chart name of each cosine heatmap
    long long m_step = -1;
    int m_columns = 0;
};

// Cell values are printed only where a cell can hold them ("-0.53" at 9 pt): small multiples of
// 12 tasks get bare colours, 3 tasks their numbers.
void showCellValuesIfRoom(HeatmapPlot& heatmap, const QRectF& rect);

} // namespace mtw::gui
