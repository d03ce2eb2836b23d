#include "gui/views/transfer_curves.h"

#include "engine/single_task_baselines.h"

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

} // namespace mtw::gui
