#pragma once
// Conflict: the T x T cosine matrix of the task gradients as a heatmap on a fixed [-1, 1]
// diverging scale (red: conflicting, blue: aligned; fixed so colours compare across steps and
// runs), with a time scrubber over the recorded matrices (replay; it follows the newest matrix
// while at the right end) and the conflict frequency over time (share of task pairs with
// cos < 0 per step) as a line chart. Runs in the selective-groups mode also record the proximal
// inter-task affinity and their task groups, and runs with trajectory factors the look-ahead
// affinities (TAG and its optimizer-consistent form): then a second heatmap (AffinityPanel)
// appears below, driven by the same scrubber (the affinity sample at or before the shown cosine
// step), with a choice of which affinity when a run has several.
// Runs with layer matrices (network problems: per shared layer cosines and the heads' CKA,
// engine/snapshot.h) can show them instead of the single heatmap ("Per layer": LayerConflictPanel,
// same scrubber), and the time series on the right has a second tab: per-epoch box plots of the
// conflict angles (AngleBoxPanel).
#include "gui/affinity_sample.h"
#include "gui/views/run_view.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;
class QStackedWidget;
class QTabWidget;

namespace mtw::gui {

class AffinityPanel;
class AngleBoxPanel;
class LayerConflictPanel;
class ChartPanel;
class HeatmapPlot;

class ConflictView : public RunView {
    Q_OBJECT
public:
    explicit ConflictView(QWidget* parent = nullptr);

    QString title() const override { return tr("Conflict"); }
    void setRuns(const QList<RunHistoryPtr>& runs) override;
    void refresh() override;
    bool exportFigure(const QString& path, const ExportOptions& options, QString* error) override;
    bool exportCsv(const QString& path, QString* error) override;

    // Shows the index-th recorded matrix (0 = oldest kept); follows the newest at the end.
    void scrubTo(int index);
    int matrixCount() const;
    long long shownStep() const { return m_shownStep; }
    HeatmapPlot* heatmap() const { return m_heatmap; }
    ChartPanel* frequencyChart() const { return m_frequency; }
    QSlider* scrubber() const { return m_slider; }
    AffinityPanel* affinityPanel() const { return m_affinityPanel; }
    bool showsAffinity() const;
    // The affinities the current run has, and the one shown (a later redraw keeps the choice
    // while the run has it).
    QComboBox* affinityChoice() const { return m_affinityChoice; }
    void showAffinityKind(AffinityKind kind);
    // "Per layer": enabled only while the current run has layer matrices; on, the small
    // multiples replace the single heatmap.
    QCheckBox* perLayerBox() const { return m_perLayer; }
    bool showsLayers() const;
    LayerConflictPanel* layerPanel() const { return m_layerPanel; }
    AngleBoxPanel* angleBoxPanel() const { return m_angleBoxes; }
    // "Conflict frequency" and "Angle box plots" tabs on the right.
    QTabWidget* overTimeTabs() const { return m_overTime; }

private:
    void redraw();
    void showMatrix();
    void showAffinity(long long step);
    void showLayers(std::size_t index);
    std::size_t timelineLength() const; // matrices, or affinity samples for a run without them
    // Fills the choice with the current run's affinities and points m_affinity at the chosen one.
    void chooseAffinity();

    QList<RunHistoryPtr> m_runs;
    // The current run's cosine and affinity samples, read in place (no copy per redraw); null
    // without a current run.
    const ThinnedSamples<Eigen::MatrixXd>* m_history = nullptr;
    const ThinnedSamples<AffinitySample>* m_affinity = nullptr;
    const ThinnedSamples<std::vector<engine::NamedMatrix>>* m_layers = nullptr;
    HeatmapPlot* m_heatmap;
    LayerConflictPanel* m_layerPanel;
    QStackedWidget* m_matrixStack; // the single heatmap or the layers' small multiples
    QCheckBox* m_perLayer;
    ChartPanel* m_frequency;
    AngleBoxPanel* m_angleBoxes;
    QTabWidget* m_overTime;
    QSlider* m_slider;
    QLabel* m_stepLabel;
    AffinityPanel* m_affinityPanel;
    QComboBox* m_affinityChoice;
    AffinityKind m_affinityKind = AffinityKind::Proximal;
    bool m_follow = true;
    long long m_shownStep = -1;
};

} // namespace mtw::gui
