#include "gui/views/pareto_view.h"

#include "gui/charts/chart_panel.h"
#include "gui/export/figure_exporter.h"
#include "gui/run_labels.h"
#include "gui/views/chart_csv.h"
#include "gui/views/pareto_figures.h"
#include "gui/views/pareto_plane.h"
#include "gui/views/task_panel_grid.h"
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
    // Many tasks' names do not fit side by side under the parallel axes (Qt elided 12 names to
    // "ta..." even in a 7 in figure): the axes are marked A, B, ... then, and the key "A name,
    // B name, ..." goes into the chart's tooltip and the exported figure's caption.
    int letters = 0;
    for (const QString& name : names)
        letters += static_cast<int>(name.size()) + 2;
    m_parallelKey.clear();
    if (letters <= kParallelNameLetters) {
        m_parallel->setXCategories(names);
        m_parallel->setAxisTitles(tr("task"), tr("normalised loss"));
        m_parallel->setToolTip({});
        return;
    }
    // One letter per axis (Qt elided even "10", "11", "12" between close axes); past 26 tasks
    // every fifth axis numbered, the blank labels differing in length because a category axis
    // needs distinct labels.
    QStringList numbers, key;
    for (int t = 0; t < names.size(); ++t) {
        const QString mark = names.size() <= 26 ? QString(QChar(u'A' + t))
            : (t + 1) % 5 == 0 || t == 0        ? QString::number(t + 1)
                                                : QString(t + 1, QLatin1Char(' '));
        numbers << mark;
        key << QStringLiteral("%1 %2").arg(mark.trimmed().isEmpty() ? QString::number(t + 1) : mark, names[t]);
    }
    m_parallelKey = tr("Parallel axes: %1").arg(key.join(QStringLiteral(", ")));
    m_parallel->setXCategories(numbers);
    m_parallel->setAxisTitles(tr("task (key in the caption)"), tr("normalised loss"));
    m_parallel->setToolTip(m_parallelKey);
}

ParetoPlaneRequest ParetoView::planeRequest() const
{
    ParetoPlaneRequest request;
    request.taskX = std::max(0, m_taskX->currentIndex());
    request.taskY = std::max(0, m_taskY->currentIndex());
    request.objective = objective();
    request.includeTrajectories = m_includeTrajectories->isChecked();
    request.grouping = m_grouping;
    request.userReference = m_userReference;
    request.reference = referencePoint();
    request.analytic = m_analytic;
    return request;
}

void ParetoView::redraw()
{
    markDrawn(m_runs);
    const ParetoPlaneRequest request = planeRequest();
    const int a = request.taskX, b = request.taskY;
    const QStringList names = m_taskX->count() > 0 ? m_runs.first()->taskNames() : QStringList();
    const ParetoObjective objective = request.objective;
    const bool losses = objective == ParetoObjective::TrainingLoss; // else outcomes: final points only
    if (!names.isEmpty())
        m_scatter->setAxisTitles(
            objectiveAxisTitle(*m_runs.first(), a, objective), objectiveAxisTitle(*m_runs.first(), b, objective));
    m_scatter->setChartTitle(losses ? tr("Task-loss space") : tr("Outcomes: %1").arg(objectiveName(objective)));

    const QStringList labels = runLabels(m_runs);
    const ParetoPlane plane = buildParetoPlane(m_runs, labels, request);
    for (int d = 0; d < 2 && !m_userReference; ++d) {
        const QSignalBlocker block(m_reference[d]);
        m_reference[d]->setValue(plane.reference(d));
    }
    m_front = plane.front;
    m_hypervolume = plane.hypervolume;
    m_scatter->setSeries(plane.series);
    // The finals of several methods sit close together under the trajectories' first, large
    // losses: this zoom frames them (and the reference point) with a margin.
    if (m_zoomToFinals->isChecked() && !plane.finals.empty()) {
        const auto [x, y] = finalsFrame(plane.finals, plane.reference);
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
    m_hvLabel->setText(paretoPlaneCaption(plane, request, names)
        + (plane.candidates.rows() == 0 ? QString()
                                        : allTasks
                    + igdSummary(
                        m_front, losses ? m_analytic : std::vector<Eigen::VectorXd>(), a, b, names, m_igdReference)));

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
    const QString hv = m_parallelKey.isEmpty() || m_parallel->isHidden()
        ? m_hvLabel->text()
        : m_hvLabel->text() + QStringLiteral("   \u00b7   ") + m_parallelKey;
    PanelGridLayout pairs;
    const bool written = FigureExporter::exportFigure(
        path, options,
        [this, hv, &pairs](QPainter& p, const QRectF& rect) {
            const QRectF body = paintCaptionLine(p, rect, hv, Qt::TopEdge);
            if (!m_allPairs->isChecked()) {
                QList<ChartPanel*> charts { m_scatter };
                if (!m_parallel->isHidden())
                    charts.append(m_parallel);
                // Many parallel axes get the figure's whole width, under the scatter.
                const bool stacked = !m_parallelKey.isEmpty();
                paintChartGrid(p, body, charts, stacked ? 1 : static_cast<int>(charts.size()));
                return;
            }
            const double split = m_parallel->isHidden() ? 1.0 : 0.55;
            pairs = m_pairs->paintTo(p, QRectF(body.left(), body.top(), body.width() * split, body.height()));
            if (!m_parallel->isHidden())
                m_parallel->renderTo(p,
                    QRectF(body.left() + body.width() * split, body.top(), body.width() * (1 - split), body.height()));
        },
        error);
    return written && keepReadablePanelFigure(path, pairs, options, error);
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
