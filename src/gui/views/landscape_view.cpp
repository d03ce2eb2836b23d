#include "gui/views/landscape_view.h"

#include "gui/charts/heatmap_plot.h"
#include "gui/charts/surface_panel.h"
#include "gui/run_parameter_points.h"
#include "gui/views/interpolation_panel.h"
#include "gui/views/landscape_overlays.h"
#include "gui/views/view_style.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace mtw::gui {

LandscapeView::LandscapeView(QWidget* parent)
    : RunView(parent)
    , m_heatmap(new HeatmapPlot)
    , m_surface(new SurfacePanel)
    , m_interpolation(new InterpolationPanel)
    , m_tabs(new QTabWidget)
    , m_surfaceChoice(new QComboBox)
    , m_planeChoice(new QComboBox)
    , m_resolution(new QComboBox)
    , m_contours(new QSpinBox)
    , m_status(new QLabel)
    , m_progress(new QProgressBar)
{
    m_heatmap->setColormap(Colormap::viridis());
    m_heatmap->setPlaceholderText(tr("Start or open a run to compute its loss landscape"));
    m_heatmap->setContourCount(12);
    m_planeChoice->addItem(
        tr("Random directions (filter-normalized)"), static_cast<int>(analysis::PlaneKind::FilterNormalizedRandom));
    m_planeChoice->addItem(tr("Plane of two task gradients"), static_cast<int>(analysis::PlaneKind::TaskGradients));
    m_planeChoice->addItem(
        tr("PCA of the trajectory (stored snapshots)"), static_cast<int>(analysis::PlaneKind::TrajectoryPca));
    m_planeChoice->addItem(tr("Start, end and a second run's end"), static_cast<int>(analysis::PlaneKind::ThreePoints));
    m_planeChoice->setToolTip(tr("The PCA plane and the three-point plane need the runs' parameter snapshots "
                                 "(diagnostics.parameters_every) or their ends (known once a run has ended)"));
    for (int n : { 33, 65, 129, 257 })
        m_resolution->addItem(QStringLiteral("%1 x %1").arg(n), n);
    m_resolution->setCurrentIndex(2);
    m_contours->setRange(0, 40);
    m_contours->setValue(12);
    const char* names[4] = { "x min", "x max", "y min", "y max" };
    auto* controls = new QGridLayout;
    for (int k = 0; k < 4; ++k) {
        m_window[k] = new QDoubleSpinBox;
        m_window[k]->setRange(-1e6, 1e6);
        m_window[k]->setDecimals(3);
        m_window[k]->setValue(k % 2 == 0 ? -1 : 1);
        controls->addWidget(new QLabel(tr(names[k])), 1, 2 * k);
        controls->addWidget(m_window[k], 1, 2 * k + 1);
    }
    auto* recomputeButton = new QPushButton(tr("Recompute"));
    controls->addWidget(new QLabel(tr("Surface")), 0, 0);
    controls->addWidget(m_surfaceChoice, 0, 1, 1, 2);
    controls->addWidget(new QLabel(tr("Plane")), 0, 3);
    controls->addWidget(m_planeChoice, 0, 4, 1, 2);
    controls->addWidget(new QLabel(tr("Grid")), 0, 6);
    controls->addWidget(m_resolution, 0, 7);
    controls->addWidget(new QLabel(tr("Contours")), 0, 8);
    controls->addWidget(m_contours, 0, 9);
    controls->addWidget(recomputeButton, 1, 9);
    m_tabs->addTab(m_heatmap, tr("2-D"));
    m_tabs->addTab(m_surface, tr("3-D"));
    m_tabs->addTab(m_interpolation, tr("1-D path"));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(8);
    layout->addWidget(m_status);
    layout->addWidget(m_progress);
    layout->addWidget(m_tabs, 1);

    connect(recomputeButton, &QPushButton::clicked, this, &LandscapeView::recompute);
    connect(m_planeChoice, &QComboBox::currentIndexChanged, this, [this] {
        m_fitNext = true;
        recompute();
    });
    connect(m_surfaceChoice, &QComboBox::currentIndexChanged, this, [this] { showSurface(); });
    connect(m_contours, &QSpinBox::valueChanged, this, [this](int n) { m_heatmap->setContourCount(n); });
}

LandscapeView::~LandscapeView()
{
    cancelRunning();
}

void LandscapeView::cancelRunning()
{
    m_awaitingFinal = false;
    if (m_cancel)
        m_cancel->store(true);
    if (m_thread) {
        // The job checks the flag before every grid point, so this wait is short.
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
    }
}

void LandscapeView::setRuns(const QList<RunHistoryPtr>& runs)
{
    m_runs = runs;
    forgetDrawn();
    const RunHistoryPtr current = runs.isEmpty() ? nullptr : runs.first();
    if (!current) {
        cancelRunning();
        m_outcome.reset();
        m_heatmap->clear();
        return;
    }
    const std::string key = engine::experimentToJsonText(current->experiment());
    if (key != m_computedFor) {
        const QSignalBlocker block(m_surfaceChoice);
        m_surfaceChoice->clear();
        m_surfaceChoice->addItem(tr("Mean loss"));
        applyDefaultWindow();
        // Exact toy grids are cheap; a network slice costs a forward pass per point.
        m_resolution->setCurrentIndex(engine::LandscapeJob::isPlanarProblem(current->experiment().problem) ? 2 : 0);
        // A run that stored its trajectory is best seen on the plane that holds it.
        if (current->parameterRecords().size() >= engine::LandscapeJob::minimumTrajectory) {
            const QSignalBlocker blockPlane(m_planeChoice);
            m_planeChoice->setCurrentIndex(
                m_planeChoice->findData(static_cast<int>(analysis::PlaneKind::TrajectoryPca)));
        }
        m_fitNext = true;
        m_computedFor = key;
        recompute();
    }
    m_interpolation->setRuns(runs);
    refresh();
}

// CAGrad toy: the paper's window (a margin around [-10, 10]^2). Other planar problems: the
// trajectory's bounding box with a margin. Neural slices: [-1, 1]^2 in direction units.
void LandscapeView::applyDefaultWindow()
{
    const RunHistoryPtr run = m_runs.first();
    double w[4] = { -1, 1, -1, 1 };
    if (engine::LandscapeJob::isPlanarProblem(run->experiment().problem)) {
        w[0] = w[2] = -11;
        w[1] = w[3] = 11;
    } else if (const auto t = run->trajectory(); !t.empty() && t.front().second.size() == 2) {
        Eigen::Vector2d lo = t.front().second, hi = lo;
        for (const auto& p : t) {
            lo = lo.cwiseMin(p.second);
            hi = hi.cwiseMax(p.second);
        }
        const Eigen::Vector2d margin = ((hi - lo) * 0.3).cwiseMax(1.0);
        w[0] = lo(0) - margin(0);
        w[1] = hi(0) + margin(0);
        w[2] = lo(1) - margin(1);
        w[3] = hi(1) + margin(1);
    }
    for (int k = 0; k < 4; ++k) {
        const QSignalBlocker block(m_window[k]);
        m_window[k]->setValue(w[k]);
    }
}

void LandscapeView::setWindow(double xMin, double xMax, double yMin, double yMax)
{
    const double w[4] = { xMin, xMax, yMin, yMax };
    for (int k = 0; k < 4; ++k)
        m_window[k]->setValue(w[k]);
}

void LandscapeView::setSurface(int index)
{
    m_surfaceChoice->setCurrentIndex(index);
}

void LandscapeView::showTab(int index)
{
    m_tabs->setCurrentIndex(index);
}

void LandscapeView::setPlane(analysis::PlaneKind kind)
{
    m_planeChoice->setCurrentIndex(m_planeChoice->findData(static_cast<int>(kind))); // recomputes when it changes
}

void LandscapeView::recompute()
{
    if (m_runs.isEmpty() || !m_runs.first())
        return;
    cancelRunning();
    const RunHistoryPtr run = m_runs.first();
    engine::LandscapeRequest request;
    request.experiment = run->experiment();
    request.plane = static_cast<analysis::PlaneKind>(m_planeChoice->currentData().toInt());
    request.xMin = m_window[0]->value();
    request.xMax = std::max(m_window[1]->value(), request.xMin + 1e-6);
    request.yMin = m_window[2]->value();
    request.yMax = std::max(m_window[3]->value(), request.yMin + 1e-6);
    request.finalResolution = m_resolution->currentData().toInt();
    request.initialResolution = 17;
    request.origin = run->currentParameters();
    m_centredOn = request.origin;
    if (request.plane == analysis::PlaneKind::TrajectoryPca || request.plane == analysis::PlaneKind::ThreePoints) {
        request.trajectory = run->parameterRecords();
        request.fitWindow = m_fitNext;
    }
    m_fitNext = false;
    if (request.plane == analysis::PlaneKind::ThreePoints) {
        m_error = threePointPlaneInputs(m_runs, request);
        if (!m_error.isEmpty()) {
            m_status->setText(tr("Landscape failed: %1").arg(m_error));
            m_awaitingFinal = false;
            return;
        }
    }
    const quint64 generation = ++m_generation;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    auto cancel = m_cancel;
    m_finalPoints = static_cast<long long>(request.finalResolution) * request.finalResolution;
    m_clock.start();
    m_progress->setValue(0);
    m_status->setText(tr("Computing the landscape: %1 x %1 first, then refining to %2 x %2 (%3 points)...")
                          .arg(request.initialResolution)
                          .arg(request.finalResolution)
                          .arg(QLocale().toString(m_finalPoints)));
    m_error.clear();
    m_awaitingFinal = true;
    m_thread = QThread::create([this, request, cancel, generation] {
        engine::LandscapeJob::run(
            request, *cancel, [this, generation](const std::shared_ptr<const engine::LandscapeOutcome>& outcome) {
                // Queued to the GUI thread; the destructor joins this thread before the view dies,
                // and Qt drops events still queued for a deleted receiver.
                QMetaObject::invokeMethod(
                    this, [this, generation, outcome] { onLevel(generation, outcome); }, Qt::QueuedConnection);
            });
    });
    m_thread->start(QThread::LowPriority);
}

void LandscapeView::onLevel(quint64 generation, const std::shared_ptr<const engine::LandscapeOutcome>& outcome)
{
    if (generation != m_generation)
        return; // a stale level from a cancelled request
    if (!outcome->error.empty()) {
        m_error = QString::fromStdString(outcome->error);
        m_awaitingFinal = false;
        m_status->setText(tr("Landscape failed: %1").arg(m_error));
        return;
    }
    m_outcome = outcome;
    m_outcomeGeneration = generation;
    const analysis::LandscapeResult& r = outcome->result;
    if (r.xs.size() >= 2 && r.ys.size() >= 2) { // a fitted window: show where it went, for editing
        const double w[4] = { r.xs.front(), r.xs.back(), r.ys.front(), r.ys.back() };
        for (int k = 0; k < 4; ++k) {
            const QSignalBlocker block(m_window[k]);
            m_window[k]->setValue(w[k]);
        }
    }
    if (r.finished)
        m_awaitingFinal = false;
    if (m_surfaceChoice->count() != static_cast<int>(r.taskLosses.size()) + 1) {
        const QSignalBlocker block(m_surfaceChoice);
        const int keep = m_surfaceChoice->currentIndex();
        m_surfaceChoice->clear();
        m_surfaceChoice->addItem(tr("Mean loss"));
        for (const std::string& n : r.taskNames)
            m_surfaceChoice->addItem(QString::fromStdString(n));
        m_surfaceChoice->setCurrentIndex(std::max(0, keep));
    }
    m_planeChoice->setEnabled(!outcome->planar);
    // Progress over the final grid's points: a level evaluates only the points the previous
    // levels lack, so the rate so far predicts the rest.
    const double seconds = static_cast<double>(m_clock.elapsed()) / 1000.0;
    const long long total = std::max(m_finalPoints, r.evaluatedPoints);
    m_progress->setValue(r.finished ? 1000 : static_cast<int>(1000 * r.evaluatedPoints / std::max(1LL, total)));
    QString cost;
    if (r.finished)
        cost = tr("%1 points in %2 s").arg(QLocale().toString(r.evaluatedPoints)).arg(seconds, 0, 'f', 1);
    else if (r.evaluatedPoints > 0)
        cost = tr("%1 of %2 points in %3 s, about %4 s left")
                   .arg(QLocale().toString(r.evaluatedPoints), QLocale().toString(total))
                   .arg(seconds, 0, 'f', 1)
                   .arg(seconds * static_cast<double>(total - r.evaluatedPoints)
                           / static_cast<double>(r.evaluatedPoints),
                       0, 'f', 0);
    m_status->setText(
        tr("%1 x %1 grid, level %2%3 · %4 · %5 · %6")
            .arg(r.xs.size())
            .arg(r.level)
            .arg(r.finished ? tr(" (final)") : tr(" (refining...)"))
            .arg(QString::fromStdString(r.description.empty() ? analysis::planeKindName(r.planeKind) : r.description))
            .arg(QString::fromStdString(outcome->originNote), cost));
    showSurface();
    emit levelShown(r.level, r.finished);
}

int LandscapeView::progress() const
{
    return m_progress->value();
}

QString LandscapeView::statusText() const
{
    return m_status->text();
}

void LandscapeView::showSurface()
{
    if (!m_outcome)
        return;
    const analysis::LandscapeResult& r = m_outcome->result;
    if (r.xs.size() < 2 || r.ys.size() < 2)
        return;
    const int index = std::max(0, m_surfaceChoice->currentIndex());
    const bool total = index == 0 || index > static_cast<int>(r.taskLosses.size());
    const Eigen::MatrixXd& values = total ? r.totalLoss : r.taskLosses[static_cast<std::size_t>(index - 1)];
    const QString name = total ? tr("mean loss")
                               : QString::fromStdString(r.taskNames[static_cast<std::size_t>(index - 1)]) + tr(" loss");
    m_heatmap->setField(values, r.xs.front(), r.xs.back(), r.ys.front(), r.ys.back());
    m_heatmap->setTitle(m_outcome->planar ? tr("%1 over the parameters").arg(name) : tr("%1 on a 2-D slice").arg(name));
    m_heatmap->setAxisTitles(landscapeAxisTitle(*m_outcome, 0), landscapeAxisTitle(*m_outcome, 1));
    m_heatmap->setColorBarTitle(name);
    m_surface->setField(values, r.xs.front(), r.xs.back(), r.ys.front(), r.ys.back(), name);
    updateOverlays();
}

void LandscapeView::refresh()
{
    if (!changedSinceDrawn(m_runs))
        return;
    markDrawn(m_runs);
    // A network run sends its parameters when it pauses or ends (a stored run: from its final
    // checkpoint, after its steps were read). The slice computed before, around the initial
    // parameters, showed chance-level loss for a trained model: centre it on them now.
    // (Two parameters are a planar problem's point, streamed every step; its plane is fixed.)
    const RunHistoryPtr run = m_runs.isEmpty() ? nullptr : m_runs.first();
    if (run && !engine::LandscapeJob::isPlanarProblem(run->experiment().problem)) {
        const Eigen::VectorXd& parameters = run->currentParameters();
        if (parameters.size() > 2 && (parameters.size() != m_centredOn.size() || parameters != m_centredOn))
            recompute();
    }
    updateOverlays();
}

void LandscapeView::updateOverlays()
{
    if (!m_outcome)
        m_heatmap->setOverlays({});
    else if (m_outcome->planar)
        m_heatmap->setOverlays(planarTrajectoryOverlays(m_runs));
    else
        m_heatmap->setOverlays(projectedOverlays(*m_outcome));
}

} // namespace mtw::gui
