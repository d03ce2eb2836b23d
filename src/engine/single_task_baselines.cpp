#include "engine/single_task_baselines.h"

#include "engine/problem_factory.h"

#include <variant>

namespace mtw::engine {

namespace {
// On one task, a sequence of group steps is one step on that task: the baseline of an alternating
// or selective-group run is the joint step (the same trajectory, without the empty sub-steps).
// Task SAM stays: single-task SAM is that run's honest baseline.
void collapseGroupModes(Experiment& experiment)
{
    if (experiment.mode == "alternating" || experiment.mode == "selective_groups") {
        experiment.mode = "joint";
        experiment.modeParams.clear();
    }
}
} // namespace

Experiment singleTaskExperiment(const Experiment& experiment, int task, int taskCount, const std::string& taskName)
{
    Experiment single = experiment;
    collapseGroupModes(single);
    single.name = experiment.name + "-st-" + taskName;
    single.method = "fixed";
    std::vector<double> weights(static_cast<std::size_t>(taskCount), 0.0);
    weights[static_cast<std::size_t>(task)] = 1.0;
    single.methodParams = { { "weights", weights } };
    return single;
}

std::vector<Experiment> singleTaskExperiments(const Experiment& experiment, const std::vector<std::string>& taskNames)
{
    std::vector<Experiment> runs;
    const int count = static_cast<int>(taskNames.size());
    for (int t = 0; t < count; ++t)
        runs.push_back(singleTaskExperiment(experiment, t, count, taskNames[static_cast<std::size_t>(t)]));
    return runs;
}

std::optional<int> singleTaskIndex(const Experiment& experiment)
{
    if (experiment.method != "fixed")
        return std::nullopt;
    const auto it = experiment.methodParams.find("weights");
    if (it == experiment.methodParams.end())
        return std::nullopt;
    const auto* weights = std::get_if<std::vector<double>>(&it->second);
    if (!weights || weights->size() < 2)
        return std::nullopt;
    std::optional<int> task;
    for (std::size_t t = 0; t < weights->size(); ++t) {
        if ((*weights)[t] == 0.0)
            continue;
        if ((*weights)[t] != 1.0 || task)
            return std::nullopt;
        task = static_cast<int>(t);
    }
    return task;
}

namespace {
// The experiment with everything that does not change the training trajectory set to fixed values.
std::string trajectoryKey(Experiment experiment)
{
    const Experiment defaults;
    experiment.name.clear();
    experiment.method.clear();
    experiment.methodParams.clear();
    collapseGroupModes(experiment);
    experiment.threads = 0; // results are bit-identical for any thread count
    experiment.recordEvery = defaults.recordEvery;
    experiment.matrixEvery = defaults.matrixEvery;
    experiment.snapshotMilliseconds = defaults.snapshotMilliseconds;
    experiment.divergenceThreshold = defaults.divergenceThreshold;
    return experimentToJsonText(experiment);
}
} // namespace

bool isBaselineOf(const Experiment& single, const Experiment& multi)
{
    return singleTaskIndex(single).has_value() && !singleTaskIndex(multi).has_value()
        && trajectoryKey(single) == trajectoryKey(multi);
}

std::vector<std::string> experimentTaskNames(const Experiment& experiment)
{
    // Held in a local: a range-for over createProblem(...)->tasks() would outlive the problem.
    const std::unique_ptr<problem::MultiTaskProblem> built = createProblem(experiment);
    std::vector<std::string> names;
    for (const problem::TaskInfo& task : built->tasks())
        names.push_back(task.name);
    return names;
}

} // namespace mtw::engine
