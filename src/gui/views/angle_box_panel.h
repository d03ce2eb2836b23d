#pragma once
// Per-epoch box plots of the angles between task gradients (Roy et al. 2024, FairBranch, section
// 3.16; analysis/conflict_angles.h): every stored T x T cosine matrix gives T(T-1)/2 angles
// acos(cos_ij) in degrees, and the matrices of an epoch make its box (lower to upper quartile,
// median line, whiskers at the minimum and maximum), x = epoch counted from 1. A dashed line at
// 90 degrees: orthogonal gradients; above it the pair conflicts. A choice of which matrix feeds
// it: the whole network's cosines or one shared layer's. Part of the Conflict view.
#include "analysis/conflict_angles.h"
#include "gui/charts/chart_panel.h"

#include <QWidget>
#include <vector>

class QComboBox;
class QLabel;
class QPainter;

namespace mtw::gui {

class CsvTable;
class RunHistory;

// The drawn series of the boxes: per box a band (the quartiles) over [c - w, c + w], a median line
// across it and two whiskers with caps, where c is the box's middle epoch (1-based) and w = 0.35
// epochs (times the epochs a merged box spans); then the dashed 90-degree reference line. Only the
// first median and whisker are in the legend.
QList<ChartSeries> angleBoxSeries(const std::vector<analysis::AngleBox>& boxes);

class AngleBoxPanel : public QWidget {
    Q_OBJECT
public:
    explicit AngleBoxPanel(QWidget* parent = nullptr);

    // Reads the run's stored matrices (null: none); keeps the chosen source while the run has it.
    // The boxes are computed when the panel is shown or refreshNow() is called: a live run
    // redraws the view many times a second, mostly with this tab hidden.
    void setRun(const RunHistory* run);
    void refreshNow();
    // "" (all shared layers) or a layer's matrix kind ("cosine@L1 Linear 332k").
    void setSource(const QString& kind);
    QString source() const;

    ChartPanel* chart() const { return m_chart; }
    QComboBox* sourceChoice() const { return m_source; }
    const std::vector<analysis::AngleBox>& boxes() const { return m_boxes; }
    QString caption() const;

    // Export: the chart with the caption under it.
    void paint(QPainter& painter, const QRectF& rect);
    // Chart "angle_box", series the statistic ("minimum", "lower_quartile", "median",
    // "upper_quartile", "maximum", "count", "conflict_share"), x = the box's middle epoch (1-based).
    void appendCsvRows(CsvTable& table) const;

protected:
    void showEvent(QShowEvent* event) override;

private:
    void redraw();

    const RunHistory* m_run = nullptr;
    QComboBox* m_source;
    ChartPanel* m_chart;
    QLabel* m_caption;
    std::vector<analysis::AngleBox> m_boxes;
    bool m_stale = false; // the run changed since the boxes were computed
};

} // namespace mtw::gui
