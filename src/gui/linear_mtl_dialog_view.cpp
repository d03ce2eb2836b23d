// LinearMtlDialog: the chart of F(W) - F*, the summary table and the exports.
#include "gui/charts/chart_panel.h"
#include "gui/export/figure_exporter.h"
#include "gui/export_prompts.h"
#include "gui/linear_mtl_dialog.h"
#include "gui/views/chart_csv.h"
#include "gui/views/view_style.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QTableWidget>
#include <cmath>

namespace mtw::gui {

namespace {

QString number(double value, int digits = 4)
{
    return QString::number(value, 'g', digits);
}

QString solverLabel(const classical::SolverRun& run, const classical::AsyncOptions& async)
{
    if (run.solver == "ista")
        return QStringLiteral("ISTA (sync)");
    if (run.solver == "fista")
        return QStringLiteral("FISTA (sync)");
    if (async.delays == classical::DelayModel::Clock)
        return QStringLiteral("AMTL (async, clock delays, step for \u03c4 = %1)").arg(async.maxDelay);
    return QStringLiteral("AMTL (async, \u03c4 = %1)").arg(async.maxDelay);
}

} // namespace

void LinearMtlDialog::updateChart()
{
    if (!m_comparison)
        return;
    const classical::LinearMtlComparison& c = *m_comparison;
    const classical::LinearMtlOptions& o = c.options;
    const bool time = xAxis() == XAxis::Time;
    const double floor = c.floorObjective();
    // Gaps within rounding of F* carry no information and have no place on a log axis.
    const double resolution = 1e-13 * std::max(1.0, std::abs(floor));
    QList<ChartSeries> series;
    for (std::size_t k = 0; k < c.solvers.size(); ++k) {
        const classical::SolverRun& run = c.solvers[k].run;
        ChartSeries line;
        line.name = solverLabel(run, o.async);
        const int colour = run.solver == "ista" ? 0 : run.solver == "fista" ? 1 : 2;
        line.color = style::taskColor(colour);
        line.style = style::runDash(colour);
        line.width = 2.2;
        for (const classical::TracePoint& point : run.trace) {
            const double gap = point.objective - floor;
            if (gap > resolution)
                line.points.append(QPointF(time ? point.time : point.iteration, gap));
        }
        series.append(line);
    }
    const bool trace = o.regularizer == classical::Regularizer::TraceNorm;
    m_chart->setChartTitle(tr("%1, \u03bb = %2: T = %3, d = %4, n = %5, W* %6, noise %7, straggler \u00d7%8, jitter %9")
                               .arg(trace ? tr("Trace norm") : tr("\u2113\u2082,\u2081 norm"))
                               .arg(*o.lambda)
                               .arg(o.data.tasks)
                               .arg(o.data.features)
                               .arg(o.data.samples)
                               .arg(trace ? tr("rank %1").arg(o.data.rank) : tr("%1 rows").arg(o.data.rows))
                               .arg(o.data.noise)
                               .arg(o.timing.straggler)
                               .arg(o.timing.jitter));
    m_chart->setAxisTitles(
        time ? tr("simulated time (node compute units)") : tr("iteration (async: epoch of T updates)"),
        tr("F(W) \u2212 F*"));
    m_chart->resetZoom();
    m_chart->setSeries(series);
    m_status->setText(
        tr("F* = %1 (FISTA with restart, %2 iterations, residual %3); its %4 and recovery error "
           "%5. Step 1/L = %6; async KM step %7. Gaps below 1e-13 |F*| are not drawn.")
            .arg(number(c.optimum.objective, 10))
            .arg(c.optimum.iterations)
            .arg(number(c.optimum.residual, 2))
            .arg(trace ? tr("rank is %1").arg(c.optimumRank) : tr("non-zero rows are %1").arg(c.optimumRows))
            .arg(number(c.optimumRecoveryError))
            .arg(number(1.0 / c.lipschitz))
            .arg(number(classical::kmRelaxation(o.async.maxDelay, o.data.tasks, o.async.kmConstant))));
}

void LinearMtlDialog::updateTable()
{
    const classical::LinearMtlComparison& c = *m_comparison;
    const bool trace = c.options.regularizer == classical::Regularizer::TraceNorm;
    const double floor = c.floorObjective();
    m_table->setRowCount(static_cast<int>(c.solvers.size()));
    for (std::size_t k = 0; k < c.solvers.size(); ++k) {
        const classical::SolverSummary& s = c.solvers[k];
        const bool async = s.run.solver == "async";
        const QStringList cells { solverLabel(s.run, c.options.async), number(s.run.trace.back().iteration, 8),
            number(s.objective, 12), number(s.objective - floor, 3), number(s.residual, 3), number(s.recoveryError),
            QString::number(trace ? s.rank : s.rows), number(s.run.time),
            async ? QStringLiteral("%1 / %2").arg(s.run.maxDelay).arg(number(s.run.meanDelay, 3))
                  : QStringLiteral("\u2013") };
        for (int col = 0; col < cells.size(); ++col) {
            auto* item = new QTableWidgetItem(cells[col]);
            item->setTextAlignment(col == 0 ? Qt::AlignLeft | Qt::AlignVCenter : Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(static_cast<int>(k), col, item);
        }
    }
}

bool LinearMtlDialog::exportFigure(const QString& path, const ExportOptions& options, QString* error)
{
    if (!m_comparison) {
        *error = tr("nothing to export: press Run first");
        return false;
    }
    const QString caption = m_status->text();
    return FigureExporter::exportFigure(
        path, options,
        [this, caption](QPainter& painter, const QRectF& rect) {
            const QRectF rest = paintCaptionLine(painter, rect, caption, Qt::BottomEdge);
            m_chart->renderTo(painter, rest);
        },
        error);
}

bool LinearMtlDialog::exportCsv(const QString& path, QString* error) const
{
    if (!m_comparison) {
        *error = tr("nothing to export: press Run first");
        return false;
    }
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || file.write(QByteArray::fromStdString(classical::curvesCsv(*m_comparison))) < 0) {
        *error = tr("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

void LinearMtlDialog::exportFigureDialog()
{
    promptFigureExport(this, tr("Classical linear MTL: objective gap"), QStringLiteral("linear-mtl.png"),
        [this](const QString& path, const ExportOptions& options, QString* error) {
            return exportFigure(path, options, error);
        });
}

void LinearMtlDialog::exportCsvDialog()
{
    promptCsvExport(this, QStringLiteral("linear-mtl.csv"),
        [this](const QString& path, QString* error) { return exportCsv(path, error); });
}

} // namespace mtw::gui
