#include "gui/views/pareto_objective.h"

#include "analysis/objective_direction.h"

#include <QCoreApplication>

namespace mtw::gui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("mtw::gui::ParetoObjective", text);
}

bool isMetric(ParetoObjective objective)
{
    return objective == ParetoObjective::ValidationMetric || objective == ParetoObjective::TestMetric;
}

problem::Split splitOf(ParetoObjective objective)
{
    return objective == ParetoObjective::TestLoss || objective == ParetoObjective::TestMetric
        ? problem::Split::Test
        : problem::Split::Validation;
}

} // namespace

const QList<ParetoObjective>& paretoObjectives()
{
    static const QList<ParetoObjective> all { ParetoObjective::TrainingLoss, ParetoObjective::ValidationLoss,
        ParetoObjective::TestLoss, ParetoObjective::ValidationMetric, ParetoObjective::TestMetric };
    return all;
}

QString objectiveName(ParetoObjective objective)
{
    switch (objective) {
    case ParetoObjective::ValidationLoss:
        return tr("final validation loss");
    case ParetoObjective::TestLoss:
        return tr("final test loss");
    case ParetoObjective::ValidationMetric:
        return tr("final validation metric");
    case ParetoObjective::TestMetric:
        return tr("final test metric");
    case ParetoObjective::TrainingLoss:
        break;
    }
    return tr("training loss");
}

Eigen::VectorXd finalObjectives(const RunHistory& run, ParetoObjective objective)
{
    if (objective == ParetoObjective::TrainingLoss)
        return run.finalLosses();
    const engine::EvaluationRecord* e = run.latestEvaluation(splitOf(objective));
    if (!e || static_cast<int>(e->tasks.size()) != run.taskCount())
        return {};
    Eigen::VectorXd values(run.taskCount());
    for (int t = 0; t < run.taskCount(); ++t) {
        const problem::TaskEvaluation& task = e->tasks[static_cast<std::size_t>(t)];
        values(t) = isMetric(objective) ? analysis::minimisedMetric(task.metric, task.higherIsBetter) : task.loss;
    }
    return values;
}

QString objectiveAxisTitle(const RunHistory& run, int task, ParetoObjective objective)
{
    const QString name = run.taskNames().value(task, tr("task %1").arg(task + 1));
    const QString split = splitOf(objective) == problem::Split::Test ? tr("test") : tr("validation");
    switch (objective) {
    case ParetoObjective::TrainingLoss:
        return tr("%1 loss").arg(name);
    case ParetoObjective::ValidationLoss:
    case ParetoObjective::TestLoss:
        return tr("%1 %2 loss").arg(name, split);
    case ParetoObjective::ValidationMetric:
    case ParetoObjective::TestMetric:
        break;
    }
    const QString metric = run.metricName(task);
    return run.metricHigherIsBetter(task) ? tr("%1 1 \u2212 %2 (%3)").arg(name, metric, split)
                                          : tr("%1 %2 (%3)").arg(name, metric, split);
}

} // namespace mtw::gui
