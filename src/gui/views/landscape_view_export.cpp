// LandscapeView's exports: the figure of the shown tab (the plane with its status line, or the
// 1-D path), what keeps it from being exported yet, and the CSV of the surface and trajectory.
#include "gui/charts/heatmap_plot.h"
#include "gui/export/csv_table.h"
#include "gui/export/figure_exporter.h"
#include "gui/views/chart_csv.h"
#include "gui/views/interpolation_panel.h"
#include "gui/views/landscape_view.h"

#include <QLabel>
#include <QTabWidget>

namespace mtw::gui {

bool LandscapeView::exportFigure(const QString& path, const ExportOptions& options, QString* error)
{
    if (m_tabs->currentWidget() == m_interpolation)
        return FigureExporter::exportFigure(
            path, options, [this](QPainter& p, const QRectF& rect) { m_interpolation->paint(p, rect); }, error);
    const QString status = m_status->text();
    return FigureExporter::exportFigure(
        path, options,
        [this, status](QPainter& p, const QRectF& rect) {
            m_heatmap->paint(p, paintCaptionLine(p, rect, status, Qt::BottomEdge, Qt::darkGray));
        },
        error);
}

QString LandscapeView::exportBlocker() const
{
    if (m_runs.isEmpty() || !m_runs.first())
        return tr("no run to show");
    if (m_tabs->currentWidget() == m_interpolation)
        return m_interpolation->exportBlocker();
    if (!m_error.isEmpty())
        return tr("the landscape computation failed: %1").arg(m_error);
    // Checked before isFinished(): m_outcome may still be the finished grid of an earlier request.
    if (m_awaitingFinal) {
        if (m_outcome && m_outcomeGeneration == m_generation) // a coarse preview is shown, not the result
            return tr("the landscape is still refining (level %1, %2 x %2 grid so far)")
                .arg(m_outcome->result.level)
                .arg(m_outcome->result.xs.size());
        return tr("the landscape is still computing");
    }
    if (isFinished())
        return {};
    return tr("the landscape was not computed");
}

bool LandscapeView::exportCsv(const QString& path, QString* error)
{
    if (m_tabs->currentWidget() == m_interpolation)
        return m_interpolation->exportCsv(path, error);
    // The shown surface, one row per grid point, plus the drawn trajectory points.
    CsvTable table({ "kind", "x", "y", "value" });
    if (m_outcome && m_heatmap->hasData()) {
        const analysis::LandscapeResult& r = m_outcome->result;
        const Eigen::MatrixXd& v = m_heatmap->values();
        for (Eigen::Index i = 0; i < v.rows(); ++i)
            for (Eigen::Index j = 0; j < v.cols(); ++j)
                table.addRow({ QStringLiteral("surface"), CsvTable::number(r.xs[static_cast<std::size_t>(i)]),
                    CsvTable::number(r.ys[static_cast<std::size_t>(j)]), CsvTable::number(v(i, j)) });
    }
    for (const PlotOverlay& o : m_heatmap->overlays())
        if (o.lineWidth > 0)
            for (const QPointF& p : o.points)
                table.addRow(
                    { QStringLiteral("trajectory"), CsvTable::number(p.x()), CsvTable::number(p.y()), QString() });
    return table.save(path, error);
}

} // namespace mtw::gui
