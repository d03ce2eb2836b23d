#include "engine/outcome_front.h"

#include "analysis/objective_direction.h"
#include "analysis/pareto.h"
#include "problem/multi_task_problem.h"

#include <algorithm>

namespace mtw::engine {

namespace {

const std::vector<std::string>& splits()
{
    static const std::vector<std::string> all { "train", "validation", "test" };
    return all;
}

// What of a split's last evaluation an objective names: its loss, its primary metric, or a
// further metric (problem/task_metrics.h; "f1" is macro-F1 for classification tasks).
const std::vector<std::string>& evaluated()
{
    static const std::vector<std::string> all { "loss", "metric", "f1", "auc", "mae", "worst_group_accuracy" };
    return all;
}

bool knownObjective(const std::string& objective)
{
    if (objective == "final.loss")
        return true;
    for (const std::string& split : splits())
        for (const std::string& what : evaluated())
            if (objective == "final." + split + "." + what)
                return true;
    return false;
}

// The run's value of the objective for one task; "f1" is stored as macro_f1 for classification.
QuantityValue objectiveValue(
    const RunCollection& runs, std::size_t run, const std::string& objective, const std::string& task)
{
    const QuantityValue value = runs.value(run, objective + "." + task);
    const std::string f1 = ".f1";
    if (value.available || objective.size() < f1.size()
        || objective.compare(objective.size() - f1.size(), f1.size(), f1) != 0)
        return value;
    const QuantityValue macro = runs.value(run, objective.substr(0, objective.size() - 2) + "macro_f1." + task);
    return macro.available ? macro : value;
}

// Whether larger is better for the primary metric the run reports for `task` (its evaluations say).
bool higherIsBetter(const RunRecord& run, std::size_t task)
{
    for (auto e = run.evaluations.rbegin(); e != run.evaluations.rend(); ++e)
        if (task < e->tasks.size())
            return e->tasks[task].higherIsBetter;
    return false;
}

// "class 1 - accuracy (test)", "class validation loss", "class training loss".
std::string axisName(const std::string& objective, const std::string& task, const RunRecord& first, std::size_t index)
{
    if (objective == "final.loss")
        return task + " training loss";
    const std::size_t dot = objective.find('.', 6);
    const std::string split = objective.substr(6, dot - 6), what = objective.substr(dot + 1);
    if (what == "loss")
        return task + " " + split + " loss";
    if (what != "metric")
        return task + (problem::higherIsBetterMetric(what) ? " 1 - " : " ") + what + " (" + split + ")";
    std::string metric = "metric";
    for (const EvaluationRecord& e : first.evaluations)
        if (index < e.tasks.size())
            metric = e.tasks[index].metricName;
    return task + (higherIsBetter(first, index) ? " 1 - " : " ") + metric + " (" + split + ")";
}

} // namespace

OutcomeFront outcomeFront(const RunCollection& runs, const OutcomeFrontOptions& options)
{
    if (!knownObjective(options.objective)) {
        std::string known = "final.loss";
        for (const std::string& what : evaluated())
            known += ", final.<split>." + what;
        throw StudyError(
            "unknown objective '" + options.objective + "' (" + known + ", split train, validation or test)");
    }
    if (options.tasks.empty())
        throw StudyError("no tasks given for the outcome front");
    OutcomeFront front;
    front.tasks = options.tasks;
    // A metric enters as 1 - metric when larger is better: the primary metric as the run says,
    // the others (and losses) as their name says (problem::higherIsBetterMetric).
    const std::string what = options.objective.substr(options.objective.rfind('.') + 1);
    for (std::size_t r = 0; r < runs.size(); ++r) {
        const RunRecord& record = runs.run(r).record();
        OutcomePoint point { record.directory, Eigen::VectorXd(static_cast<Eigen::Index>(front.tasks.size())), false };
        std::string missing;
        std::vector<std::size_t> indices; // of front.tasks in the run's own task order
        for (std::size_t k = 0; k < front.tasks.size(); ++k) {
            const auto task = std::find(record.taskNames.begin(), record.taskNames.end(), front.tasks[k]);
            if (task == record.taskNames.end()) {
                missing = "no task '" + front.tasks[k] + "'";
                break;
            }
            indices.push_back(static_cast<std::size_t>(task - record.taskNames.begin()));
            const QuantityValue value = objectiveValue(runs, r, options.objective, front.tasks[k]);
            if (!value.available) {
                missing = value.reason.empty() ? "no " + options.objective + "." + front.tasks[k] : value.reason;
                break;
            }
            const bool higher
                = what == "metric" ? higherIsBetter(record, indices[k]) : problem::higherIsBetterMetric(what);
            point.values(static_cast<Eigen::Index>(k)) = analysis::minimisedMetric(value.number, higher);
        }
        if (!missing.empty()) {
            front.skipped.push_back({ record.directory, missing });
            continue;
        }
        if (front.axisNames.empty())
            for (std::size_t k = 0; k < front.tasks.size(); ++k)
                front.axisNames.push_back(axisName(options.objective, front.tasks[k], record, indices[k]));
        front.points.push_back(std::move(point));
    }
    const Eigen::Index tasks = static_cast<Eigen::Index>(front.tasks.size());
    if (options.reference && options.reference->size() != tasks)
        throw StudyError("the reference point has " + std::to_string(options.reference->size()) + " values for "
            + std::to_string(tasks) + " tasks");
    if (options.referenceFront.rows() > 0 && options.referenceFront.cols() != tasks)
        throw StudyError("the reference front has " + std::to_string(options.referenceFront.cols()) + " columns for "
            + std::to_string(tasks) + " tasks");
    if (front.points.empty())
        return front;
    Eigen::MatrixXd matrix(static_cast<Eigen::Index>(front.points.size()), tasks);
    for (std::size_t k = 0; k < front.points.size(); ++k)
        matrix.row(static_cast<Eigen::Index>(k)) = front.points[k].values.transpose();
    const std::vector<Eigen::Index> best = analysis::nonDominatedIndices(matrix);
    Eigen::MatrixXd nonDominated(static_cast<Eigen::Index>(best.size()), tasks);
    for (std::size_t k = 0; k < best.size(); ++k) {
        front.points[static_cast<std::size_t>(best[k])].nonDominated = true;
        nonDominated.row(static_cast<Eigen::Index>(k)) = matrix.row(best[k]);
    }
    if (tasks == 2 || tasks == 3) {
        front.reference = options.reference ? *options.reference : analysis::nadirReference(matrix);
        front.hypervolume = analysis::hypervolume(nonDominated, front.reference);
    }
    if (options.referenceFront.rows() > 0) {
        front.igd = analysis::invertedGenerationalDistance(nonDominated, options.referenceFront);
        front.igdPlus = analysis::invertedGenerationalDistancePlus(nonDominated, options.referenceFront);
    }
    return front;
}

} // namespace mtw::engine
