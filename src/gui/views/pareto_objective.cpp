#include "gui/views/pareto_objective.h"

#include "analysis/objective_direction.h"
#include "problem/task_metrics.h"

#include <QCoreApplication>

namespace mtw::gui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("mtw::gui::ParetoObjective", text);
}

problem::Split splitOf(ParetoObjective objective)
{
    switch (objective) {
    case ParetoObjective::TestLoss:
    case ParetoObjective::TestMetric:
    case ParetoObjective::TestF1:
    case ParetoObjective::TestAuc:
        return problem::Split::Test;
    default:
        return problem::Split::Validation;
    }
}

// The further metric an objective names ("f1", "auc"), empty for losses and the primary metric.
std::string namedMetric(ParetoObjective objective)
{
    switch (objective) {
    case ParetoObjective::ValidationF1:
    case ParetoObjective::TestF1:
        return "f1";
    case ParetoObjective::ValidationAuc:
    case ParetoObjective::TestAuc:
        return "auc";
    default:
        return {};
    }
}

bool isLoss(ParetoObjective objective)
{
    return objective == ParetoObjective::ValidationLoss || objective == ParetoObjective::TestLoss;
}

} // namespace

const QList<ParetoObjective>& paretoObjectives()
{
    static const QList<ParetoObjective> all { ParetoObjective::TrainingLoss, ParetoObjective::ValidationLoss,
        ParetoObjective::TestLoss, ParetoObjective::ValidationMetric, ParetoObjective::TestMetric,
        ParetoObjective::ValidationF1, ParetoObjective::TestF1, ParetoObjective::ValidationAuc,
        ParetoObjective::TestAuc };
    return all;
}

QString objectiveName(ParetoObjective objective)
{
    if (objective == ParetoObjective::TrainingLoss)
        return tr("training loss");
    const QString split = splitOf(objective) == problem::Split::Test ? tr("test") : tr("validation");
    if (isLoss(objective))
        return tr("final %1 loss").arg(split);
    const std::string named = namedMetric(objective);
    const QString what = named.empty() ? tr("metric") : named == "f1" ? tr("F1") : tr("AUC");
    return tr("final %1 %2").arg(split, what);
}

Eigen::VectorXd finalObjectives(const RunHistory& run, ParetoObjective objective)
{
    if (objective == ParetoObjective::TrainingLoss)
        return run.finalLosses();
    const engine::EvaluationRecord* e = run.latestEvaluation(splitOf(objective));
    if (!e || static_cast<int>(e->tasks.size()) != run.taskCount())
        return {};
    const std::string named = namedMetric(objective);
    Eigen::VectorXd values(run.taskCount());
    for (int t = 0; t < run.taskCount(); ++t) {
        const problem::TaskEvaluation& task = e->tasks[static_cast<std::size_t>(t)];
        if (isLoss(objective)) {
            values(t) = task.loss;
        } else if (named.empty()) {
            values(t) = analysis::minimisedMetric(task.metric, task.higherIsBetter);
        } else {
            const std::optional<problem::MetricValue> metric = problem::findMetric(task, named);
            if (!metric) // a regression task has no F1 or AUC: no point for this run
                return {};
            values(t) = analysis::minimisedMetric(metric->value, metric->higherIsBetter);
        }
    }
    return values;
}

QString objectiveAxisTitle(const RunHistory& run, int task, ParetoObjective objective)
{
    const QString name = run.taskNames().value(task, tr("task %1").arg(task + 1));
    const QString split = splitOf(objective) == problem::Split::Test ? tr("test") : tr("validation");
    if (objective == ParetoObjective::TrainingLoss)
        return tr("%1 loss").arg(name);
    if (isLoss(objective))
        return tr("%1 %2 loss").arg(name, split);
    const std::string named = namedMetric(objective);
    const QString metric = named.empty() ? run.metricName(task) : named == "f1" ? tr("F1") : tr("AUC");
    const bool higher = named.empty() ? run.metricHigherIsBetter(task) : true;
    return higher ? tr("%1 1 \u2212 %2 (%3)").arg(name, metric, split) : tr("%1 %2 (%3)").arg(name, metric, split);
}

} // namespace mtw::gui
