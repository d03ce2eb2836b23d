#include "engine/outcome_front.h"

#include "analysis/objective_direction.h"
#include "analysis/pareto.h"

#include <algorithm>

namespace mtw::engine {

namespace {

const std::vector<std::string>& objectives()
{
    static const std::vector<std::string> all { "final.loss", "final.train.loss", "final.validation.loss",
        "final.test.loss", "final.train.metric", "final.validation.metric", "final.test.metric" };
    return all;
}

// Whether larger is better for the metric the run reports for `task` (its evaluations say).
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
    std::string metric = "metric";
    for (const EvaluationRecord& e : first.evaluations)
        if (index < e.tasks.size())
            metric = e.tasks[index].metricName;
    return task + (higherIsBetter(first, index) ? " 1 - " : " ") + metric + " (" + split + ")";
}

} // namespace

OutcomeFront outcomeFront(const RunCollection& runs, const OutcomeFrontOptions& options)
{
    if (std::find(objectives().begin(), objectives().end(), options.objective) == objectives().end()) {
        std::string known;
        for (const std::string& name : objectives())
            known += (known.empty() ? "" : ", ") + name;
        throw StudyError("unknown objective '" + options.objective + "' (" + known + ")");
    }
    if (options.tasks.empty())
        throw StudyError("no tasks given for the outcome front");
    OutcomeFront front;
    front.tasks = options.tasks;
    const bool metric
        = options.objective.size() > 7 && options.objective.compare(options.objective.size() - 7, 7, ".metric") == 0;
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
            const QuantityValue value = runs.value(r, options.objective + "." + front.tasks[k]);
            if (!value.available) {
                missing = value.reason.empty() ? "no " + options.objective + "." + front.tasks[k] : value.reason;
                break;
            }
            point.values(static_cast<Eigen::Index>(k))
                = metric ? analysis::minimisedMetric(value.number, higherIsBetter(record, indices[k])) : value.number;
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
