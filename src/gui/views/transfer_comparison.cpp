#include "gui/views/transfer_comparison.h"

#include "gui/views/transfer_curves.h"
#include "gui/views/view_style.h"

#include <QCoreApplication>
#include <QLocale>
#include <algorithm>
#include <limits>

namespace mtw::gui {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("mtw::gui::TransferView", text);
}

constexpr int gridPoints = 60;
constexpr int maxMarkers = 400; // checkpoints drawn as markers per curve (thinned beyond)
const QColor baselineColor(40, 40, 40);

QVector<QPointF> envelopePoints(const analysis::EqualLossCurve& curve)
{
    QVector<QPointF> points;
    for (std::size_t i = 0; i < curve.envelopeLosses().size(); ++i)
        points.append({ curve.envelopeLosses()[i], curve.envelopeValues()[i] });
    return points;
}

// Every checkpoint as a marker: the line is the monotone envelope the gap is computed from, the
// markers show what was left out (checkpoints where the training loss did not improve).
ChartSeries checkpointMarkers(const RunHistory& run, int task, bool metric, const QColor& color)
{
    ChartSeries s;
    s.name = run.name() + QStringLiteral(" checkpoints");
    s.kind = ChartSeries::Kind::Scatter;
    s.color = color;
    s.color.setAlpha(110);
    s.markerSize = 5;
    s.inLegend = false;
    const LossValuePoints p = lossValuePoints(run, task, metric);
    const std::size_t stride = std::max<std::size_t>(1, p.trainLoss.size() / maxMarkers + 1);
    for (std::size_t i = 0; i < p.trainLoss.size(); i += stride)
        s.points.append({ p.trainLoss[i], p.value[i] });
    return s;
}

QString number(double x)
{
    return QLocale::c().toString(x, 'g', 4);
}
} // namespace

TransferComparison buildTransferComparison(
    const QList<RunHistoryPtr>& shown, const QList<RunHistoryPtr>& available, const TransferRequest& request)
{

    TransferComparison out;
    const int task = request.task;
    const bool metric = request.metric;
    const bool logX = request.logX;
    const bool atOk = std::isfinite(request.at);
    const double chosen = request.at;

    QList<RunHistoryPtr> multi;
    for (const RunHistoryPtr& run : shown)
        if (run && baselineTask(*run) < 0)
            multi.append(run);

    QList<ChartSeries>& curves = out.curves;
    QList<ChartSeries>& gapSeries = out.gapSeries;
    QStringList& lines = out.lines;
    QList<RunHistoryPtr> drawnBaselines;
    double low = std::numeric_limits<double>::infinity(), high = -low;
    bool& higherIsBetter = out.higherIsBetter;
    QString& valueName = out.valueName;
    valueName = tr("validation loss");
    for (int i = 0; task >= 0 && i < multi.size(); ++i) {
        const RunHistory& run = *multi[i];
        const QColor color = style::runColor(run, i);
        if (metric && !run.metricName(task).isEmpty())
            valueName = tr("validation %1").arg(run.metricName(task));
        higherIsBetter = metric && run.metricHigherIsBetter(task);
        TransferGap gap;
        gap.run = run.name();
        const std::optional<analysis::EqualLossCurve> mt = equalLossCurve(run, task, metric);
        if (!mt) {
            lines
                << tr("%1: no checkpoints with both training and validation loss (data problems only)").arg(run.name());
            out.gaps.append(gap);
            continue;
        }
        curves.append({ QStringLiteral("MT: ") + run.name(), color, ChartSeries::Kind::Line, Qt::SolidLine, 2.0, 8,
            QScatterSeries::MarkerShapeCircle, true, envelopePoints(*mt), {} });
        curves.append(checkpointMarkers(run, task, metric, color));
        const RunHistoryPtr baseline = findBaseline(run, task, shown, available, &gap.exactBaseline);
        if (!baseline) {
            lines << tr("%1: no single-task baseline for task '%2' (Run > Single-task baselines)")
                         .arg(run.name(), request.taskName);
            out.gaps.append(gap);
            continue;
        }
        gap.baseline = baseline->name();
        const std::optional<analysis::EqualLossCurve> st = equalLossCurve(*baseline, task, metric);
        if (st && !drawnBaselines.contains(baseline)) {
            const LineDash pen = style::runDash(static_cast<int>(drawnBaselines.size()) + 1);
            curves.append({ QStringLiteral("ST: ") + baseline->name(), baselineColor, ChartSeries::Kind::Line, pen, 2.0,
                8, QScatterSeries::MarkerShapeCircle, true, envelopePoints(*st), {} });
            curves.append(checkpointMarkers(*baseline, task, metric, baselineColor));
            drawnBaselines.append(baseline);
        }
        if (!st) {
            lines << tr("%1: the baseline %2 has no checkpoints yet").arg(run.name(), baseline->name());
            out.gaps.append(gap);
            continue;
        }
        gap.low = std::max(st->minimumLoss(), mt->minimumLoss());
        gap.high = std::min(st->maximumLoss(), mt->maximumLoss());
        const analysis::GapCurve curve = analysis::generalizationGap(*st, *mt, gridPoints, logX);
        if (curve.empty()) {
            lines << tr("%1: the runs reach no common training loss yet").arg(run.name());
            out.gaps.append(gap);
            continue;
        }
        ChartSeries g { run.name() + QStringLiteral(" - ST"), color, ChartSeries::Kind::Line, Qt::SolidLine, 2.0, 8,
            QScatterSeries::MarkerShapeCircle, true, {}, {} };
        for (std::size_t k = 0; k < curve.trainLoss.size(); ++k)
            g.points.append({ curve.trainLoss[k], curve.gap[k] });
        gapSeries.append(g);
        low = std::min(low, gap.low);
        high = std::max(high, gap.high);
        gap.trainLoss = atOk ? chosen : gap.low;
        gap.gap = analysis::gapAt(*st, *mt, gap.trainLoss);
        if (std::isfinite(gap.gap)) {
            ChartSeries marker { run.name() + QStringLiteral(" at ") + number(gap.trainLoss), color,
                ChartSeries::Kind::Scatter, Qt::SolidLine, 1, 10, QScatterSeries::MarkerShapeRectangle, false,
                { QPointF(gap.trainLoss, gap.gap) }, {} };
            gapSeries.append(marker);
            const bool better = higherIsBetter ? gap.gap > 0 : gap.gap < 0;
            lines << tr("%1 vs %2: gap %3 at training loss %4 (%5)%6")
                         .arg(run.name(), baseline->name(), number(gap.gap), number(gap.trainLoss),
                             gap.gap == 0 ? tr("equal")
                                 : better ? tr("MT generalizes better")
                                          : tr("ST generalizes better"),
                             gap.exactBaseline ? QString() : tr("; the baseline's set-up differs"));
        } else {
            lines << tr("%1: training loss %2 is outside the common range [%3, %4]")
                         .arg(run.name(), number(gap.trainLoss), number(gap.low), number(gap.high));
        }
        // Optimization next to generalization: how far MT's training lags ST's (Mueller et al.).
        lines << slowdownText(run, *baseline, task);
        out.gaps.append(gap);
    }
    if (multi.isEmpty()) {
        // Only baselines shown: draw them, so the selection still shows something useful.
        int k = 0;
        for (const RunHistoryPtr& run : shown)
            if (task >= 0 && run && baselineTask(*run) >= 0)
                if (const auto st = equalLossCurve(*run, task, metric))
                    curves.append({ QStringLiteral("ST: ") + run->name(), style::runColor(k++), ChartSeries::Kind::Line,
                        Qt::SolidLine, 2.0, 8, QScatterSeries::MarkerShapeCircle, true, envelopePoints(*st), {} });
        lines << tr("Select a multi-task run (its single-task baselines are found among all runs).");
    }
    // Without a single gap curve the figure is not an ST-vs-MT comparison (at most some curves
    // on empty gap axes): exporters skip it and say why instead of writing empty axes.
    if (gapSeries.isEmpty()) {
        if (task < 0)
            lines << tr("No run with tasks is shown.");
        out.blocker = tr("nothing to compare: %1").arg(lines.join(QStringLiteral("; ")));
    }
    if (std::isfinite(low))
        gapSeries.append({ tr("zero"), QColor(150, 150, 150), ChartSeries::Kind::Line, Qt::DotLine, 1.0, 8,
            QScatterSeries::MarkerShapeCircle, false, { QPointF(low, 0), QPointF(high, 0) }, {} });

    return out;
}

} // namespace mtw::gui
