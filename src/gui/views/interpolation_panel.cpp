#include "gui/views/interpolation_panel.h"

#include "engine/run_points.h"
#include "gui/charts/chart_panel.h"
#include "gui/export/csv_table.h"
#include "gui/run_labels.h"
#include "gui/run_parameter_points.h"
#include "gui/views/chart_csv.h"
#include "gui/views/view_style.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QThread>
#include <QVBoxLayout>

namespace mtw::gui {

InterpolationPanel::InterpolationPanel(QWidget* parent)
    : QWidget(parent)
    , m_from(new QComboBox)
    , m_to(new QComboBox)
    , m_status(new QLabel)
    , m_chart(new ChartPanel)
{
    auto* controls = new QHBoxLayout;
    auto* compute = new QPushButton(tr("Compute"));
    controls->addWidget(new QLabel(tr("From (α = 0)")));
    controls->addWidget(m_from, 1);
    controls->addWidget(new QLabel(tr("to (α = 1)")));
    controls->addWidget(m_to, 1);
    controls->addWidget(compute);
    m_status->setWordWrap(true);
    m_chart->setAxisTitles(tr("α along the line"), tr("loss"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addWidget(m_status);
    layout->addWidget(m_chart, 1);
    connect(compute, &QPushButton::clicked, this, &InterpolationPanel::recompute);
}

InterpolationPanel::~InterpolationPanel()
{
    cancelRunning();
}

void InterpolationPanel::cancelRunning()
{
    m_running = false;
    if (m_cancel)
        m_cancel->store(true);
    if (m_thread) {
        m_thread->wait(); // the job checks the flag before every point
        delete m_thread;
        m_thread = nullptr;
    }
}

void InterpolationPanel::setRuns(const QList<RunHistoryPtr>& runs)
{
    const bool same = runs.size() == m_runs.size() && std::equal(runs.begin(), runs.end(), m_runs.begin());
    m_runs = runs;
    if (same)
        return;
    const QStringList labels = runLabels(runs);
    const QSignalBlocker blockFrom(m_from), blockTo(m_to);
    m_from->clear();
    m_to->clear();
    for (const QString& label : labels)
        for (const QString& which : { tr("start"), tr("end") }) {
            m_from->addItem(label + QLatin1Char(' ') + which);
            m_to->addItem(label + QLatin1Char(' ') + which);
        }
    // Two runs: end to end (e.g. a baseline's and its multi-task run's); one run: start to end.
    m_from->setCurrentIndex(runs.size() > 1 ? 3 : 0);
    m_to->setCurrentIndex(runs.isEmpty() ? -1 : 1);
}

void InterpolationPanel::choosePoints(int from, int to)
{
    m_from->setCurrentIndex(from);
    m_to->setCurrentIndex(to);
}

std::optional<InterpolationPanel::Point> InterpolationPanel::point(int index) const
{
    if (index < 0 || index / 2 >= m_runs.size() || !m_runs[index / 2])
        return std::nullopt;
    const RunHistory& run = *m_runs[index / 2];
    Point p { m_from->itemText(index), run.experiment(), {} }; // both combos list the same points
    if (index % 2 == 0) {
        p.parameters = runStartParameters(run);
        return p;
    }
    const std::optional<core::Vector> end = runEndParameters(run);
    if (!end)
        return std::nullopt;
    p.parameters = *end;
    return p;
}

void InterpolationPanel::recompute()
{
    cancelRunning();
    const std::optional<Point> a = point(m_from->currentIndex());
    const std::optional<Point> b = point(m_to->currentIndex());
    if (!a || !b) {
        show(++m_generation, nullptr,
            tr("%1 has no known parameters yet: a run's end is known once it has ended or paused (or from its stored "
               "parameter snapshots, diagnostics.parameters_every)")
                .arg(!a ? m_from->currentText() : m_to->currentText()));
        return;
    }
    if (const std::string difference = engine::modelDifference(a->experiment, b->experiment); !difference.empty()) {
        show(++m_generation, nullptr,
            tr("the two runs train different models (%1): their parameters cannot be joined")
                .arg(QString::fromStdString(difference)));
        return;
    }
    m_curveLabels[0] = a->label;
    m_curveLabels[1] = b->label;
    const quint64 generation = ++m_generation;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    auto cancel = m_cancel;
    m_running = true;
    m_status->setText(tr("Computing the losses from %1 to %2...").arg(a->label, b->label));
    m_thread = QThread::create([this, a = *a, b = *b, cancel, generation] {
        std::shared_ptr<const analysis::LossInterpolation> curve;
        QString error;
        try {
            const core::Vector from = a.parameters.size() > 0 ? a.parameters : engine::initialParameters(a.experiment);
            const core::Vector to = b.parameters.size() > 0 ? b.parameters : engine::initialParameters(b.experiment);
            curve = std::make_shared<analysis::LossInterpolation>(engine::interpolateRunLosses(
                a.experiment, from, to, analysis::interpolationAlphas(-0.25, 1.25, 31), cancel.get()));
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        QMetaObject::invokeMethod(
            this, [this, generation, curve, error] { show(generation, curve, error); }, Qt::QueuedConnection);
    });
    m_thread->start(QThread::LowPriority);
}

void InterpolationPanel::show(
    quint64 generation, std::shared_ptr<const analysis::LossInterpolation> curve, const QString& error)
{
    if (generation != m_generation)
        return; // a cancelled request's late answer
    m_running = false;
    m_error = error;
    if (!error.isEmpty() || !curve || curve->cancelled) {
        m_curve.reset();
        m_barriers.clear();
        m_chart->setSeries({});
        m_status->setText(error.isEmpty() ? tr("Cancelled.") : tr("No path: %1").arg(error));
        emit computed();
        return;
    }
    m_curve = std::move(curve);
    QList<ChartSeries> series;
    auto add = [&](const QString& name, const QColor& color, Qt::PenStyle style, double width,
                   const Eigen::VectorXd& values) {
        ChartSeries s;
        s.name = name;
        s.color = color;
        s.style = style;
        s.width = width;
        for (std::size_t i = 0; i < m_curve->alphas.size(); ++i)
            s.points.append({ m_curve->alphas[i], values(static_cast<Eigen::Index>(i)) });
        series.append(s);
    };
    const bool validation = m_curve->validationLosses.size() > 0;
    const Eigen::VectorXd trainMean = m_curve->trainLosses.rowwise().mean();
    for (int t = 0; t < static_cast<int>(m_curve->taskNames.size()); ++t) {
        const QString task = QString::fromStdString(m_curve->taskNames[static_cast<std::size_t>(t)]);
        add(task + tr(" (train)"), style::taskColor(t), Qt::SolidLine, 1.6, m_curve->trainLosses.col(t));
        if (validation)
            add(task + tr(" (validation)"), style::taskColor(t), Qt::DashLine, 1.6, m_curve->validationLosses.col(t));
    }
    add(tr("mean (train)"), Qt::black, Qt::SolidLine, 2.6, trainMean);
    QString barriers
        = tr("barrier of the mean training loss %1").arg(analysis::lossBarrier(m_curve->alphas, trainMean), 0, 'g', 3);
    if (validation) {
        const Eigen::VectorXd validationMean = m_curve->validationLosses.rowwise().mean();
        add(tr("mean (validation)"), Qt::black, Qt::DashLine, 2.6, validationMean);
        barriers += tr(", of the mean validation loss %1")
                        .arg(analysis::lossBarrier(m_curve->alphas, validationMean), 0, 'g', 3);
    }
    m_chart->setChartTitle(tr("Losses from %1 (α = 0) to %2 (α = 1)").arg(m_curveLabels[0], m_curveLabels[1]));
    m_chart->setSeries(series);
    m_barriers = barriers;
    m_status->setText(
        tr("%1 points on the line · %2 (how far the path rises above the straight chord between the ends; 0: none)")
            .arg(m_curve->alphas.size())
            .arg(barriers));
    emit computed();
}

QString InterpolationPanel::statusText() const
{
    return m_status->text();
}

QString InterpolationPanel::exportBlocker() const
{
    if (m_running)
        return tr("the 1-D path is still computing");
    if (!m_error.isEmpty())
        return tr("the 1-D path failed: %1").arg(m_error);
    if (!m_curve)
        return tr("no 1-D path was computed (press Compute)");
    return {};
}

bool InterpolationPanel::exportCsv(const QString& path, QString* error) const
{
    QStringList header { QStringLiteral("alpha") };
    const bool validation = m_curve && m_curve->validationLosses.size() > 0;
    if (m_curve)
        for (const char* split : { "train", "validation" })
            if (std::string(split) == "train" || validation)
                for (const std::string& task : m_curve->taskNames)
                    header << QStringLiteral("%1:%2").arg(QLatin1String(split), QString::fromStdString(task));
    CsvTable table(header);
    if (m_curve)
        for (std::size_t i = 0; i < m_curve->alphas.size(); ++i) {
            const auto row = static_cast<Eigen::Index>(i);
            QStringList cells { CsvTable::number(m_curve->alphas[i]) };
            for (Eigen::Index t = 0; t < m_curve->trainLosses.cols(); ++t)
                cells << CsvTable::number(m_curve->trainLosses(row, t));
            for (Eigen::Index t = 0; validation && t < m_curve->validationLosses.cols(); ++t)
                cells << CsvTable::number(m_curve->validationLosses(row, t));
            table.addRow(cells);
        }
    return table.save(path, error);
}

void InterpolationPanel::paint(QPainter& painter, const QRectF& rect)
{
    m_chart->renderTo(painter, paintCaptionLine(painter, rect, m_barriers, Qt::BottomEdge, Qt::darkGray));
}

} // namespace mtw::gui
