#pragma once
// An inter-task affinity matrix as a heatmap, with text on its right: the proximal affinity
// A[s,t] of a selective-groups run (Jeong & Yoon 2025, Eq. 4-6; mtl/proximal_affinity.h) with
// the task groups of the same step, or a look-ahead affinity Z(s -> t) (TAG, Fifty et al. 2021,
// or its optimizer-consistent form, Wang, Pan & Yu 2024; analysis/task_affinity.h) with each
// task's strongest helper. Same diverging colours as the cosine heatmap (blue: a step on s
// lowered t's loss, red: it raised it), but affinities are not bounded in [-1, 1], so the scale
// is symmetric to the largest |value| of the shown step (white stays 0) and the colour bar says
// so. Part of the Conflict view, which drives it with its time scrubber.
#include "gui/affinity_sample.h"

#include <QStringList>
#include <QWidget>

class QLabel;
class QPainter;

namespace mtw::gui {

class CsvTable;
class HeatmapPlot;

class AffinityPanel : public QWidget {
    Q_OBJECT
public:
    explicit AffinityPanel(QWidget* parent = nullptr);

    void setSample(long long step, const AffinitySample& sample, const QStringList& taskNames,
        AffinityKind kind = AffinityKind::Proximal);
    void clear();
    AffinityKind kind() const { return m_kind; }

    HeatmapPlot* heatmap() const { return m_heatmap; }
    long long shownStep() const { return m_step; }
    // The largest |A| of the shown step (the colour scale is [-scale, scale]).
    double scale() const { return m_scale; }
    // The text on the right: the groups (proximal) or each task's strongest helper (look-ahead).
    QString groupsText() const;

    // Export: the heatmap with the groups text on its right.
    void paint(QPainter& painter, const QRectF& rect) const;
    // Long-format CSV rows: chart "affinity" ("tag_affinity", "tag_optimizer" for the look-ahead
    // kinds), series "<source>><target>", x = step, y = the value; chart "group", series
    // "<task>", y = its group index.
    void appendCsvRows(CsvTable& table) const;

private:
    HeatmapPlot* m_heatmap;
    QLabel* m_groups;
    QStringList m_taskNames;
    AffinitySample m_sample;
    long long m_step = -1;
    double m_scale = 0;
    AffinityKind m_kind = AffinityKind::Proximal;
};

} // namespace mtw::gui
