#include "gui/views/pareto_view.h"

#include "analysis/pareto.h"
#include "gui/charts/chart_panel.h"
#include "gui/export/figure_exporter.h"
#include "gui/run_labels.h"
#include "gui/views/chart_csv.h"
#include "gui/views/pareto_figures.h"
#include "gui/views/seed_group_markers.h"
#include "gui/views/task_panel_grid.h"
#include "gui/views/view_style.h"
#include "problem/network_builder.h"
#include "problem/problem_registry.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace mtw::gui {

ParetoView::ParetoView(QWidget* parent)
    : RunView(parent)
    , m_scatter(new ChartPanel)
    , m_parallel(new ChartPanel)
    , m_objective(new QComboBox)
    , m_taskX(new QComboBox)
    , m_taskY(new QComboBox)
    , m_includeTrajectories(new QCheckBox(tr("Include trajectory points")))
    , m_zoomToFinals(new QCheckBox(tr("Zoom to the final points")))
    , m_allPairs(new QCheckBox(tr("All pairs")))
    , m_pairs(new TaskPanelGrid)
    , m_planes(new QStackedWidget)
    , m_hvLabel(new QLabel)
{
    m_scatter->setChartTitle(tr("Task-loss space"));
    m_includeTrajectories->setToolTip(tr("Trajectory points count for the front, the automatic reference point and the "
                                         "parallel axes' ranges (drawn faintly there)"));
    m_parallel->setAxisTitles(tr("task"), tr("normalised loss"));
    m_parallel->setFixedYRange(std::make_pair(-0.02, 1.02));
    auto* top = new QHBoxLayout;
    for (ParetoObjective objective : paretoObjectives())
        m_objective->addItem(objectiveName(objective), static_cast<int>(objective));
    m_objective->setToolTip(
        tr("Training losses along the runs, or an outcome of the finished runs: the last validation "
           "or test evaluation (metrics where larger is better as 1 - metric, so every axis is minimised)"));
    top->addWidget(m_objective);
    top->addWidget(new QLabel(tr("x")));
    top->addWidget(m_taskX);
    top->addWidget(new QLabel(tr("y")));
    top->addWidget(m_taskY);
    top->addWidget(m_includeTrajectories);
    top->addSpacing(12);
    top->addWidget(new QLabel(tr("Reference point")));
    for (auto*& spin : m_reference) {
        spin = new QDoubleSpinBox;
        spin->setRange(-1e9, 1e9);
        spin->setDecimals(4);
        spin->setToolTip(tr("Hypervolume reference point (must be dominated by the front to count)"));
        top->addWidget(spin);
        connect(spin, &QDoubleSpinBox::editingFinished, this, [this] {
            m_userReference = true;
            redraw();
        });
    }
    auto* autoRef = new QPushButton(tr("Auto"));
    autoRef->setToolTip(
        tr("The nadir of the final points (of every point with trajectory points included) plus 10 % of their range"));
    top->addWidget(autoRef);
    top->addSpacing(12);
    top->addWidget(m_zoomToFinals);
    m_allPairs->setToolTip(tr("A scatter-plot matrix of the final losses: one panel per pair of tasks"));
    top->addWidget(m_allPairs);
    auto* reset = new QPushButton(tr("Reset zoom"));
    top->addWidget(reset);
    top->addStretch(1);
    auto* splitter = new QSplitter(Qt::Horizontal);
    m_planes->addWidget(m_scatter);
    m_planes->addWidget(m_pairs);
    splitter->addWidget(m_planes);
    splitter->addWidget(m_parallel);
    splitter->setStretchFactor(0, 1); // the scatter is the main figure: at least half the width
    splitter->setStretchFactor(1, 1);
    auto* igdReference = new QPushButton(tr("IGD reference set..."));
    igdReference->setToolTip(tr("A CSV file of reference points (a header naming the tasks, one point per row): the "
                                "IGD and IGD+ of the front to it are written next to the hypervolume"));
    auto* summary = new QHBoxLayout;
    summary->addWidget(m_hvLabel, 1);
    summary->addWidget(igdReference);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(summary);
    layout->addWidget(splitter, 1);
    m_parallel->hide();
    connect(autoRef, &QPushButton::clicked, this, &ParetoView::useAutomaticReference);
    connect(igdReference, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("IGD reference set"), QString(), tr("CSV files (*.csv);;All files (*)"));
        if (!path.isEmpty())
            setIgdReference(path);
    });
    connect(m_objective, &QComboBox::currentIndexChanged, this, [this] {
        m_includeTrajectories->setEnabled(objective() == ParetoObjective::TrainingLoss);
        redraw();
    });
    connect(m_taskX, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
    connect(m_taskY, &QComboBox::currentIndexChanged, this, [this] { redraw(); });
    connect(m_includeTrajectories, &QCheckBox::toggled, this, [this] { redraw(); });
    connect(m_zoomToFinals, &QCheckBox::toggled, this, [this] { redraw(); });
    connect(m_allPairs, &QCheckBox::toggled, this, [this](bool on) {
        m_planes->setCurrentIndex(on ? 1 : 0);
        redraw();
    });
    connect(reset, &QPushButton::clicked, this, [this] {
        m_scatter->resetZoom();
        m_parallel->resetZoom();
    });
}

void ParetoView::setRuns(const QList<RunHistoryPtr>& runs)
{
    m_runs = runs;
    forgetDrawn();
    loadAnalyticFront();
    updateTaskChoices();
    redraw();
}

void ParetoView::refresh()
{
    if (!changedSinceDrawn(m_runs))
        return;
    updateTaskChoices();
    redraw();
}

void ParetoView::setTaskPair(int taskX, int taskY)
{
    const QSignalBlocker bx(m_taskX), by(m_taskY);
    m_taskX->setCurrentIndex(taskX);
    m_taskY->setCurrentIndex(taskY);
    redraw();
}

void ParetoView::setReferencePoint(double x, double y)
{
    m_reference[0]->setValue(x);
    m_reference[1]->setValue(y);
    m_userReference = true;
    redraw();
}

void ParetoView::useAutomaticReference()
{
    m_userReference = false;
    redraw();
}

Eigen::Vector2d ParetoView::referencePoint() const
{
    return { m_reference[0]->value(), m_reference[1]->value() };
}

QString ParetoView::hypervolumeText() const
{
    return m_hvLabel->text();
}

// Analytic problems only (cheap to build); networks have no closed-form front.
void ParetoView::loadAnalyticFront()
{
    if (m_runs.isEmpty() || !m_runs.first()) {
        m_analytic.clear();
        m_analyticFor.clear();
        return;
    }
    const engine::Experiment& e = m_runs.first()->experiment();
    if (e.problem == m_analyticFor)
        return;
    m_analyticFor = e.problem;
    m_analytic.clear();
    const problem::ProblemSpec* spec = problem::ProblemRegistry::instance().find(e.problem);
    if (!spec || spec->usesModel)
        return;
    try {
        problem::ProblemContext context;
        context.problem = core::withDefaults(spec->parameters, e.problemParams);
        context.model = core::withDefaults(problem::modelSchema(), e.modelParams);
        context.batchSize = e.batchSize;
        context.seed = e.seed;
        m_analytic = spec->create(context)->paretoFront(200);
    } catch (const std::exception&) {
        m_analytic.clear(); // no front is shown; the rest of the view still works
    }
}

ParetoObjective ParetoView::objective() const
{
    return static_cast<ParetoObjective>(m_objective->currentData().toInt());
}

void ParetoView::setObjective(ParetoObjective objective)
{
    m_objective->setCurrentIndex(m_objective->findData(static_cast<int>(objective)));
}

void ParetoView::setIgdReference(const QString& path)
{
    m_igdReference = path;
    redraw();
}

void ParetoView::setSeedGrouping(SeedGrouping grouping)
{
    m_grouping = grouping;
    redraw();
}

void ParetoView::updateTaskChoices()
{
    const QStringList names = (!m_runs.isEmpty() && m_runs.first()) ? m_runs.first()->taskNames() : QStringList();
    if (m_taskX->count() == names.size())
        return;
    const QSignalBlocker bx(m_taskX), by(m_taskY);
    m_taskX->clear();
    m_taskY->clear();
    m_taskX->addItems(names);
    m_taskY->addItems(names);
    m_taskX->setCurrentIndex(0);
    m_taskY->setCurrentIndex(names.size() > 1 ? 1 : 0);
    m_parallel->setVisible(names.size() >= 3);
    m_parallel->setXCategories(names);
}

void ParetoView::redraw()
{
    markDrawn(m_runs);
    const int a = std::max(0, m_taskX->currentIndex()), b = std::max(0, m_taskY->currentIndex());
    const QStringList names = m_taskX->count() > 0 ? m_runs.first()->taskNames() : QStringList();
    const ParetoObjective objective = this->objective();
    const bool losses = objective == ParetoObjective::TrainingLoss; // else outcomes: final points only
    if (!names.isEmpty())
        m_scatter->setAxisTitles(
            objectiveAxisTitle(*m_runs.first(), a, objective), objectiveAxisTitle(*m_runs.first(), b, objective));
    m_scatter->setChartTitle(losses ? tr("Task-loss space") : tr("Outcomes: %1").arg(objectiveName(objective)));

    QList<ChartSeries> series;
    std::vector<Eigen::Vector2d> finals, all;
    const QStringList labels = runLabels(m_runs);
    for (int r = 0; r < m_runs.size(); ++r) {
        const RunHistoryPtr& run = m_runs[r];
        if (!run || run->taskCount() <= std::max(a, b))
            continue;
        ChartSeries trail;
        trail.kind = ChartSeries::Kind::Scatter;
        trail.name = (m_runs.size() > 1 ? labels[r] + QStringLiteral(" · ") : QString()) + tr("trajectory");
        trail.inLegend = m_runs.size() == 1; // with several runs the final's entry stands for the run
        trail.color = style::runColor(*run, r);
        trail.color.setAlpha(110);
        trail.markerSize = 5;
        for (const auto& [step, point] : run->lossTrajectory()) {
            if (!losses)
                break;
            trail.points.append({ point(a), point(b) });
            all.emplace_back(point(a), point(b));
        }
        if (losses)
            series.append(trail);
        const Eigen::VectorXd f = finalObjectives(*run, objective);
        if (f.size() > std::max(a, b)) {
            ChartSeries fin;
            fin.kind = ChartSeries::Kind::Scatter;
            fin.name
                = m_runs.size() > 1 ? labels[r] : labels[r] + tr(" (final)"); // a click hides the run's trajectory too
            fin.color = style::runColor(*run, r);
            fin.markerSize = 14;
            fin.shape = QScatterSeries::MarkerShapeRectangle;
            fin.points = { QPointF(f(a), f(b)) };
            series.append(fin);
            finals.emplace_back(f(a), f(b));
            all.emplace_back(f(a), f(b));
        }
    }
    if (m_grouping != SeedGrouping::Separate)
        series.append(seedGroupMarkers(m_runs, a, b, m_grouping, objective));
    const std::vector<Eigen::Vector2d>& candidates = losses && m_includeTrajectories->isChecked() ? all : finals;
    m_candidates.resize(static_cast<Eigen::Index>(candidates.size()), 2);
    for (std::size_t k = 0; k < candidates.size(); ++k)
        m_candidates.row(static_cast<Eigen::Index>(k)) = candidates[k].transpose();

    // Automatic reference: the nadir of the points the hypervolume is over (the final points,
    // or every point with trajectories included) plus 10 % of their range per axis. Not of
    // everything shown: the trajectories' first losses put the reference so far out that every
    // method got nearly the same hypervolume. The user can fix it in the spin boxes.
    if (!m_userReference && m_candidates.rows() > 0) {
        const Eigen::VectorXd automatic = nadirReference(m_candidates);
        for (int d = 0; d < 2; ++d) {
            const QSignalBlocker block(m_reference[d]);
            m_reference[d]->setValue(automatic(d));
        }
    }
    const Eigen::Vector2d ref = referencePoint();
    m_front.resize(0, 2);
    m_hypervolume = 0;
    if (m_candidates.rows() > 0) {
        m_front = sortedFront(m_candidates);
        // A dynamic copy filled in place: converting the fixed Vector2d trips GCC 12's
        // -Warray-bounds on Eigen's AVX path (a false positive).
        Eigen::VectorXd reference(2);
        reference << ref(0), ref(1);
        m_hypervolume = analysis::hypervolume(m_front, reference);
        ChartSeries front;
        front.name = tr("non-dominated front");
        front.color = QColor(20, 20, 20);
        front.width = 2.5;
        for (Eigen::Index k = 0; k < m_front.rows(); ++k)
            front.points.append({ m_front(k, 0), m_front(k, 1) });
        if (front.points.size() == 1) {
            front.kind = ChartSeries::Kind::Scatter;
            front.markerSize = 9;
        }
        series.append(front);
    }
    if (losses && !m_analytic.empty() && m_analytic.front().size() > std::max(a, b)) {
        ChartSeries analytic;
        analytic.name = tr("analytic front");
        analytic.color = QColor(110, 110, 110);
        analytic.style = Qt::DashLine;
        std::vector<QPointF> pts;
        for (const Eigen::VectorXd& p : m_analytic)
            pts.emplace_back(p(a), p(b));
        std::sort(pts.begin(), pts.end(), [](const QPointF& x, const QPointF& y) { return x.x() < y.x(); });
        analytic.points = QVector<QPointF>(pts.begin(), pts.end());
        series.append(analytic);
    }
    ChartSeries refSeries;
    refSeries.kind = ChartSeries::Kind::Scatter;
    refSeries.name = tr("reference point");
    refSeries.color = QColor(200, 0, 0);
    refSeries.markerSize = 12;
    refSeries.shape = QScatterSeries::MarkerShapeStar;
    refSeries.points = { QPointF(ref(0), ref(1)) };
    series.append(refSeries);
    m_scatter->setSeries(series);
    // The finals of several methods sit close together under the trajectories' first, large
    // losses: this zoom frames them (and the reference point) with a margin.
    if (m_zoomToFinals->isChecked() && !finals.empty()) {
        const auto [x, y] = finalsFrame(finals, ref);
        m_scatter->setFixedXRange(x);
        m_scatter->setFixedYRange(y);
    } else {
        m_scatter->setFixedXRange(std::nullopt);
        m_scatter->setFixedYRange(std::nullopt);
    }
    m_hypervolumeAll = std::nan("");
    QString allTasks;
    if (const FinalsHypervolume overAll = finalsHypervolume(m_runs, objective); overAll.tasks == 3) {
        m_hypervolumeAll = overAll.value;
        allTasks = tr("   ·   all 3 tasks: %1 (reference %2, %3, %4)")
                       .arg(overAll.value, 0, 'g', 6)
                       .arg(overAll.reference(0), 0, 'g', 4)
                       .arg(overAll.reference(1), 0, 'g', 4)
                       .arg(overAll.reference(2), 0, 'g', 4);
    }
    m_hvLabel->setText(m_candidates.rows() == 0
            ? tr("No points yet")
            : tr("Hypervolume (%1, %2) = %3   with reference (%4, %5)%8; front: %6 of %7 points")
                    .arg(names.value(a), names.value(b))
                    .arg(m_hypervolume, 0, 'g', 6)
                    .arg(ref(0), 0, 'g', 5)
                    .arg(ref(1), 0, 'g', 5)
                    .arg(m_front.rows())
                    .arg(m_candidates.rows())
                    .arg(m_userReference
                            ? QString()
                            : tr(" = nadir of the %1 + 10 %")
                                  .arg(m_includeTrajectories->isChecked() ? tr("points") : tr("final points")))
                + allTasks
                + igdSummary(
                    m_front, losses ? m_analytic : std::vector<Eigen::VectorXd>(), a, b, names, m_igdReference));

    if (m_allPairs->isChecked()) // before the early return below: two tasks make one pair
        drawFinalPairs(*m_pairs, m_runs, labels, objective);
    // Parallel coordinates over all tasks (3+ tasks).
    if (m_parallel->isHidden() && names.size() < 3)
        return;
    const ParallelCoordinates parallel = parallelCoordinates(
        m_runs, labels, static_cast<int>(names.size()), losses && m_includeTrajectories->isChecked(), objective);
    m_parallel->setChartTitle(parallel.withTrajectories
            ? tr("Parallel coordinates (normalised over the trajectories)")
            : tr("Parallel coordinates (normalised over the final points)"));
    m_parallel->setSeries(parallel.lines);
}

void ParetoView::setIncludeTrajectories(bool include)
{
    m_includeTrajectories->setChecked(include);
} // redraws via toggled

void ParetoView::setZoomToFinals(bool zoom)
{
    m_zoomToFinals->setChecked(zoom);
}

void ParetoView::setAllPairs(bool all)
{
    m_allPairs->setChecked(all);
}

bool ParetoView::exportFigure(const QString& path, const ExportOptions& options, QString* error)
{
    const QString hv = m_hvLabel->text();
    return FigureExporter::exportFigure(
        path, options,
        [this, hv](QPainter& p, const QRectF& rect) {
            const double h = p.fontMetrics().height() * 1.5;
            p.setPen(Qt::black);
            p.drawText(QRectF(rect.left() + 8, rect.top(), rect.width() - 16, h), Qt::AlignLeft | Qt::AlignVCenter, hv);
            const QRectF body = rect.adjusted(0, h, 0, 0);
            if (!m_allPairs->isChecked()) {
                QList<ChartPanel*> charts { m_scatter };
                if (!m_parallel->isHidden())
                    charts.append(m_parallel);
                paintChartGrid(p, body, charts, static_cast<int>(charts.size()));
                return;
            }
            const double split = m_parallel->isHidden() ? 1.0 : 0.55;
            m_pairs->paintTo(p, QRectF(body.left(), body.top(), body.width() * split, body.height()));
            if (!m_parallel->isHidden())
                m_parallel->renderTo(p,
                    QRectF(body.left() + body.width() * split, body.top(), body.width() * (1 - split), body.height()));
        },
        error);
}

bool ParetoView::exportCsv(const QString& path, QString* error)
{
    CsvTable table(chartCsvHeader());
    if (m_allPairs->isChecked())
        m_pairs->appendCsvRows(table, QStringLiteral("pair"));
    else
        appendChartRows(table, *m_scatter, QStringLiteral("loss_space"));
    if (!m_parallel->isHidden())
        appendChartRows(table, *m_parallel, QStringLiteral("parallel_coordinates"));
    table.addRow(
        { QStringLiteral("hypervolume"), QStringLiteral("value"), QString(), CsvTable::number(m_hypervolume) });
    return table.save(path, error);
}

} // namespace mtw::gui
