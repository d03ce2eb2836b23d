#include "gui/views/transfer_curves.h"

#include "analysis/optimization_slowdown.h"
#include "engine/single_task_baselines.h"

#include <QCoreApplication>
#include <cmath>

namespace mtw::gui {

int baselineTask(const RunHistory& run)
{
    const std::optional<int> task = engine::singleTaskIndex(run.experiment());
    return task ? *task : -1;
}

RunHistoryPtr findBaseline(const RunHistory& multi, int task, const QList<RunHistoryPtr>& shown,
    const QList<RunHistoryPtr>& available, bool* exact)
{
    if (exact)
        *exact = true;
    for (const QList<RunHistoryPtr>* runs : { &shown, &available })
        for (const RunHistoryPtr& run : *runs)
            if (run && baselineTask(*run) == task && engine::isBaselineOf(run->experiment(), multi.experiment()))
                return run;
    if (exact)
        *exact = false;
    for (const RunHistoryPtr& run : shown)
        if (run && baselineTask(*run) == task && run->taskNames() == multi.taskNames())
            return run;
    return nullptr;
}

LossValuePoints lossValuePoints(const RunHistory& run, int task, bool metric)
{
    LossValuePoints out;
    for (const TransferPoint& p : run.transferPoints(task)) {
        const double value = metric ? p.validationMetric : p.validationLoss;
        if (!std::isfinite(p.trainLoss) || !std::isfinite(value))
            continue; // a diverged checkpoint has no place on the curve
        out.trainLoss.push_back(p.trainLoss);
        out.value.push_back(value);
    }
    return out;
}

std::optional<analysis::EqualLossCurve> equalLossCurve(const RunHistory& run, int task, bool metric)
{
    const LossValuePoints points = lossValuePoints(run, task, metric);
    if (points.trainLoss.empty())
        return std::nullopt;
    return analysis::EqualLossCurve(points.trainLoss, points.value);
}

QString slowdownText(const RunHistory& multi, const RunHistory& single, int task)
{
    const auto checkpoints = [task](const RunHistory& run) {
        analysis::LossCheckpoints out;
        for (const TransferPoint& p : run.transferPoints(task))
            if (std::isfinite(p.trainLoss))
                out.emplace_back(p.step, p.trainLoss);
        return out;
    };
    const auto tr = [](const char* text) { return QCoreApplication::translate("mtw::gui::SlowdownText", text); };
    const QString name = multi.taskNames().value(task);
    const double firstOrder = multi.series(TaskSeries::Slowdown, task).mean();
    const QString rt = std::isfinite(firstOrder) ? tr("first-order r_t %1 on average").arg(firstOrder, 0, 'g', 3)
                                                 : tr("no first-order r_t recorded");
    try {
        const analysis::SlowdownSummary s = analysis::measuredSlowdown(checkpoints(multi), checkpoints(single));
        const QString steps = std::isfinite(s.stepsRatio)
            ? tr("MT needs %1x ST's steps to reach ST's final loss").arg(s.stepsRatio, 0, 'g', 3)
            : tr("MT never reaches ST's final loss");
        return tr("Slow-down of %1: training loss MT/ST %2 at the last common checkpoint, %3 on average; %4; %5")
            .arg(name)
            .arg(s.lossRatioEnd, 0, 'g', 3)
            .arg(s.lossRatioMean, 0, 'g', 3)
            .arg(steps, rt);
    } catch (const std::exception& error) {
        return tr("Slow-down of %1: not measurable yet (%2); %3").arg(name, QString::fromUtf8(error.what()), rt);
    }
}

} // namespace mtw::gui
