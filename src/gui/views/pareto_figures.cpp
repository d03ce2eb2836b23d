#include "gui/views/pareto_figures.h"

#include "analysis/pareto.h"
#include "engine/reference_front.h"
#include "gui/views/task_panel_grid.h"
#include "gui/views/view_style.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <algorithm>
#include <cmath>

namespace mtw::gui {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("ParetoFigures", text);
}
} // namespace

ParallelCoordinates parallelCoordinates(const QList<RunHistoryPtr>& runs, const QStringList& labels, int tasks,
    bool withTrajectories, ParetoObjective objective)
{
    ParallelCoordinates out;
    std::vector<std::pair<int, Eigen::VectorXd>> rows; // (run, final objectives)
    for (int r = 0; r < runs.size(); ++r)
        if (runs[r])
            if (Eigen::VectorXd f = finalObjectives(*runs[r], objective); f.size() == tasks)
                rows.emplace_back(r, std::move(f));
    if (rows.empty())
        return out;
    // The axes are normalised over the final points, so the finals spread over [0, 1] instead of
    // being squashed near 0 by the first steps' losses.
    std::vector<std::pair<int, Eigen::VectorXd>> context; // trajectories are training losses
    for (int r = 0; r < runs.size() && withTrajectories && objective == ParetoObjective::TrainingLoss; ++r) {
        if (!runs[r])
            continue;
        const auto traj = runs[r]->lossTrajectory();
        const std::size_t stride = std::max<std::size_t>(1, traj.size() / 60);
        for (std::size_t k = 0; k < traj.size(); k += stride)
            if (traj[k].second.size() == tasks)
                context.emplace_back(r, traj[k].second);
    }
    out.withTrajectories = !context.empty();
    Eigen::VectorXd lo = rows.front().second, hi = lo;
    for (const auto& group : { &rows, &context })
        for (const auto& [r, v] : *group) {
            lo = lo.cwiseMin(v);
            hi = hi.cwiseMax(v);
        }
    const auto line = [&](const Eigen::VectorXd& v) {
        QVector<QPointF> points;
        for (Eigen::Index t = 0; t < v.size(); ++t)
            points.append({ static_cast<double>(t), hi(t) > lo(t) ? (v(t) - lo(t)) / (hi(t) - lo(t)) : 0.5 });
        return points;
    };
    for (std::size_t k = 0; k < context.size(); ++k) {
        const auto& [r, v] = context[k];
        ChartSeries s;
        s.name = labels[r] + tr(" trajectory ") + QString::number(k);
        s.color = style::runColor(*runs[r], r);
        s.color.setAlpha(45);
        s.width = 1.0;
        s.inLegend = false;
        s.points = line(v);
        out.lines.append(s);
    }
    for (const auto& [r, v] : rows) {
        ChartSeries s;
        s.name = labels[r];
        s.color = style::runColor(*runs[r], r);
        s.width = 2.2;
        s.points = line(v);
        out.lines.append(s);
    }
    return out;
}

Eigen::MatrixXd sortedFront(const Eigen::MatrixXd& points)
{
    const Eigen::MatrixXd front = analysis::nonDominated(points);
    std::vector<Eigen::Index> order(static_cast<std::size_t>(front.rows()));
    for (std::size_t k = 0; k < order.size(); ++k)
        order[k] = static_cast<Eigen::Index>(k);
    std::sort(
        order.begin(), order.end(), [&front](Eigen::Index i, Eigen::Index j) { return front(i, 0) < front(j, 0); });
    Eigen::MatrixXd sorted(front.rows(), front.cols());
    for (std::size_t k = 0; k < order.size(); ++k)
        sorted.row(static_cast<Eigen::Index>(k)) = front.row(order[k]);
    return sorted;
}

std::pair<std::pair<double, double>, std::pair<double, double>> finalsFrame(
    const std::vector<Eigen::Vector2d>& finals, const Eigen::Vector2d& reference)
{
    Eigen::Vector2d lo = reference, hi = reference;
    for (const Eigen::Vector2d& p : finals) {
        lo = lo.cwiseMin(p);
        hi = hi.cwiseMax(p);
    }
    const Eigen::Vector2d margin = ((hi - lo) * 0.12).cwiseMax(hi.cwiseAbs() * 0.02).cwiseMax(1e-9);
    return { { lo(0) - margin(0), hi(0) + margin(0) }, { lo(1) - margin(1), hi(1) + margin(1) } };
}

FinalsHypervolume finalsHypervolume(const QList<RunHistoryPtr>& runs, ParetoObjective objective)
{
    FinalsHypervolume out;
    std::vector<Eigen::VectorXd> rows;
    for (const RunHistoryPtr& run : runs)
        if (run)
            if (Eigen::VectorXd f = finalObjectives(*run, objective); f.size() == 3)
                rows.push_back(std::move(f));
    if (rows.empty())
        return out;
    Eigen::MatrixXd points(static_cast<Eigen::Index>(rows.size()), 3);
    for (std::size_t k = 0; k < rows.size(); ++k)
        points.row(static_cast<Eigen::Index>(k)) = rows[k].transpose();
    out.reference = nadirReference(points);
    out.value = analysis::hypervolume(points, out.reference);
    out.tasks = 3;
    return out;
}

void drawFinalPairs(
    TaskPanelGrid& grid, const QList<RunHistoryPtr>& runs, const QStringList& labels, ParetoObjective objective)
{
    QStringList names;
    std::vector<std::pair<int, Eigen::VectorXd>> finals;
    for (int r = 0; r < runs.size(); ++r) {
        if (!runs[r])
            continue;
        Eigen::VectorXd f = finalObjectives(*runs[r], objective);
        if (f.size() >= 2) {
            if (names.isEmpty())
                names = runs[r]->taskNames();
            if (f.size() == names.size())
                finals.emplace_back(r, std::move(f));
        }
    }
    const int tasks = std::min<int>(static_cast<int>(names.size()), 8);
    QStringList titles;
    QList<QList<ChartSeries>> panels;
    for (int i = 0; i < tasks; ++i)
        for (int j = i + 1; j < tasks; ++j) {
            titles << QStringLiteral("%1 vs %2").arg(names[i], names[j]);
            QList<ChartSeries> series;
            Eigen::MatrixXd points(static_cast<Eigen::Index>(finals.size()), 2);
            for (std::size_t k = 0; k < finals.size(); ++k) {
                const auto& [r, v] = finals[k];
                ChartSeries s;
                s.kind = ChartSeries::Kind::Scatter;
                s.name = labels[r];
                s.color = style::runColor(*runs[r], r);
                s.markerSize = 10;
                s.shape = QScatterSeries::MarkerShapeRectangle;
                s.points = { QPointF(v(i), v(j)) };
                series.append(s);
                points.row(static_cast<Eigen::Index>(k)) << v(i), v(j);
            }
            ChartSeries front;
            front.kind = ChartSeries::Kind::Scatter;
            front.name = tr("non-dominated");
            front.color = QColor(20, 20, 20);
            front.markerSize = 5;
            if (points.rows() > 0) {
                const Eigen::MatrixXd nd = analysis::nonDominated(points);
                for (Eigen::Index k = 0; k < nd.rows(); ++k)
                    front.points.append({ nd(k, 0), nd(k, 1) });
            }
            series.append(front);
            panels << series;
        }
    QList<LegendEntry> legend;
    for (const auto& [r, v] : finals)
        legend.append(
            { labels[r], style::runColor(*runs[r], r), Qt::SolidLine, true, QScatterSeries::MarkerShapeRectangle });
    legend.append({ tr("non-dominated in the pair"), QColor(20, 20, 20), Qt::SolidLine, true,
        QScatterSeries::MarkerShapeCircle });
    const QString what = objective == ParetoObjective::TrainingLoss ? tr("final losses") : objectiveName(objective);
    grid.setCaption(names.size() > 8 ? tr("%1, x: first task, y: second (the first 8 tasks);").arg(what)
                                     : tr("%1, x: first task, y: second;").arg(what));
    grid.setSharedAxes(false);
    grid.setPanels(titles, panels, legend);
    for (ChartPanel* panel : grid.panels())
        panel->setMarginX(0.08);
}

QString igdSummary(const Eigen::MatrixXd& front, const std::vector<Eigen::VectorXd>& analytic, int a, int b,
    const QStringList& taskNames, const QString& referencePath)
{
    if (front.rows() == 0)
        return {};
    const auto distances = [&](const Eigen::MatrixXd& reference, const QString& against) {
        return tr("   ·   IGD to %1: %2 (IGD+ %3)")
            .arg(against)
            .arg(analysis::invertedGenerationalDistance(front, reference), 0, 'g', 4)
            .arg(analysis::invertedGenerationalDistancePlus(front, reference), 0, 'g', 4);
    };
    QString text;
    if (!analytic.empty() && analytic.front().size() > std::max(a, b)) {
        Eigen::MatrixXd pair(static_cast<Eigen::Index>(analytic.size()), 2);
        for (std::size_t k = 0; k < analytic.size(); ++k)
            pair.row(static_cast<Eigen::Index>(k)) << analytic[k](a), analytic[k](b);
        text += distances(pair, tr("the analytic front"));
    }
    if (!referencePath.isEmpty()) {
        try {
            const Eigen::MatrixXd reference = engine::readReferenceFront(
                referencePath.toStdString(), { taskNames.value(a).toStdString(), taskNames.value(b).toStdString() });
            text += distances(reference, QFileInfo(referencePath).fileName());
        } catch (const std::exception& error) {
            text += tr("   ·   IGD reference set: %1").arg(QString::fromStdString(error.what()));
        }
    }
    return text;
}

} // namespace mtw::gui
