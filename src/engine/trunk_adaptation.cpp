#include "engine/trunk_adaptation.h"

#include "engine/problem_factory.h"
#include "engine/run_points.h"
#include "engine/run_reader.h"
#include "problem/hard_sharing_network.h"
#include "problem/mmoe_network.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <variant>

namespace mtw::engine {

namespace {

constexpr core::Index representationChunk = 1024;

std::string joined(const std::vector<std::string>& names)
{
    std::string text;
    for (const std::string& name : names)
        text += (text.empty() ? "" : ", ") + name;
    return text;
}

// The task's classes per sample of the data set: a classification task's labels, a binary task's
// 0/1 target as two classes.
analysis::FewShotTask fewShotTask(const data::MultiTaskDataset& dataset, int task)
{
    const data::TaskTargets& targets = dataset.tasks[static_cast<std::size_t>(task)];
    analysis::FewShotTask result;
    result.name = targets.name;
    result.train = dataset.train;
    result.test = dataset.test;
    switch (targets.kind) {
    case data::TargetKind::Classification:
        result.classes = targets.classCount;
        result.labels = targets.labels;
        break;
    case data::TargetKind::Binary:
        if (targets.values.rows() != 1)
            throw std::runtime_error("task '" + targets.name + "' has " + std::to_string(targets.values.rows())
                + " binary outputs; adaptation needs one label per sample");
        result.classes = 2;
        result.labels.resize(static_cast<std::size_t>(targets.values.cols()));
        for (core::Index i = 0; i < targets.values.cols(); ++i)
            result.labels[static_cast<std::size_t>(i)]
                = !targets.isLabelled(i) ? data::unlabelledClass : (targets.values(0, i) > 0.5f ? 1 : 0);
        break;
    case data::TargetKind::Regression:
        throw std::runtime_error("task '" + targets.name
            + "' is a regression task; few-shot adaptation fits a classifier (a classification or binary task)");
    }
    return result;
}

// The frozen trunk of one network at fixed parameters, as a thread-safe representation.
analysis::Representation representationOf(
    std::shared_ptr<const problem::MultiTaskProblem> problem, std::shared_ptr<const core::Vector> theta)
{
    if (const auto* hard = dynamic_cast<const problem::HardSharingNetwork*>(problem.get())) {
        return [problem, hard, theta](const std::vector<core::Index>& samples) {
            const data::MultiTaskDataset& data = hard->dataset();
            Eigen::MatrixXd out(hard->trunk().outputSize(), static_cast<Eigen::Index>(samples.size()));
            core::Sequential::Workspace work;
            core::Matrix X;
            for (std::size_t begin = 0; begin < samples.size(); begin += representationChunk) {
                const std::size_t end = std::min(samples.size(), begin + representationChunk);
                X.resize(data.inputDimension(), static_cast<core::Index>(end - begin));
                for (std::size_t i = begin; i < end; ++i)
                    X.col(static_cast<core::Index>(i - begin)) = data.features.col(samples[i]);
                out.middleCols(static_cast<Eigen::Index>(begin), static_cast<Eigen::Index>(end - begin))
                    = hard->trunk().forward(theta->data(), X, work).cast<double>();
            }
            return out;
        };
    }
    if (const auto* mmoe = dynamic_cast<const problem::MmoeNetwork*>(problem.get())) {
        return [problem, mmoe, theta](const std::vector<core::Index>& samples) {
            Eigen::MatrixXd out;
            for (std::size_t begin = 0; begin < samples.size(); begin += representationChunk) {
                const std::size_t end = std::min(samples.size(), begin + representationChunk);
                const std::vector<core::Index> chunk(samples.begin() + static_cast<std::ptrdiff_t>(begin),
                    samples.begin() + static_cast<std::ptrdiff_t>(end));
                const core::Matrix experts = mmoe->expertOutputs(*theta, chunk);
                if (out.size() == 0)
                    out.resize(experts.rows(), static_cast<Eigen::Index>(samples.size()));
                out.middleCols(static_cast<Eigen::Index>(begin), experts.cols()) = experts.cast<double>();
            }
            return out;
        };
    }
    throw std::runtime_error("problem '" + problem->name()
        + "' has no trunk: adaptation needs a network on a data set (model.architecture mlp, cnn or mmoe)");
}

struct LoadedRun {
    Experiment experiment;
    std::vector<std::string> taskNames;
    std::shared_ptr<const problem::MultiTaskProblem> problem;
    int task = 0;
    analysis::FewShotTask fewShot;
};

LoadedRun loadRun(const std::string& directory, const std::string& taskName)
{
    LoadedRun run;
    const RunRecord record = readRun(directory);
    run.experiment = record.experiment;
    run.taskNames = record.taskNames;
    const auto it = std::find(run.taskNames.begin(), run.taskNames.end(), taskName);
    if (it == run.taskNames.end())
        throw std::runtime_error(
            "--task: the run has no task '" + taskName + "' (its tasks: " + joined(run.taskNames) + ")");
    run.task = static_cast<int>(it - run.taskNames.begin());
    run.problem = createProblem(run.experiment);
    const data::MultiTaskDataset* dataset = nullptr;
    if (const auto* hard = dynamic_cast<const problem::HardSharingNetwork*>(run.problem.get()))
        dataset = &hard->dataset();
    else if (const auto* mmoe = dynamic_cast<const problem::MmoeNetwork*>(run.problem.get()))
        dataset = &mmoe->dataset();
    else
        throw std::runtime_error("problem '" + run.experiment.problem
            + "' has no trunk on a data set: adaptation needs a network problem (e.g. fashion_mtl, synthetic_family)");
    run.fewShot = fewShotTask(*dataset, run.task);
    return run;
}

core::Vector trunkParameters(const std::string& directory, long long step, long long& usedStep)
{
    if (step < 0) {
        RunPoint end = runEndPoint(directory);
        usedStep = end.step;
        return end.parameters;
    }
    usedStep = step;
    const std::vector<long long> steps = storedParameterSteps(directory);
    if (std::find(steps.begin(), steps.end(), step) == steps.end()) {
        std::string stored;
        for (long long s : steps)
            stored += (stored.empty() ? "" : ", ") + std::to_string(s);
        throw std::runtime_error("--step: no parameter snapshot at step " + std::to_string(step)
            + " (stored: " + (stored.empty() ? std::string("none") : stored)
            + "); runs store them every diagnostics.parameters_every steps and at their end");
    }
    return storedParameters(directory, step);
}

} // namespace

std::string trunkKindName(TrunkKind kind)
{
    return kind == TrunkKind::RandomInit ? "random-init" : "trained";
}

TaskTraining taskTraining(const Experiment& experiment, int task)
{
    if (experiment.method != "fixed")
        return { true, "trained on it (method " + experiment.method + " trains every task)" };
    const auto it = experiment.methodParams.find("weights");
    const auto* weights = it == experiment.methodParams.end() ? nullptr : std::get_if<std::vector<double>>(&it->second);
    if (!weights || task >= static_cast<int>(weights->size()))
        return { true, "trained on it (method fixed)" };
    const double weight = (*weights)[static_cast<std::size_t>(task)];
    if (weight == 0.0)
        return { false, "never trained on it (weight 0)" };
    std::ostringstream text;
    text << "trained on it (weight " << weight << ")";
    return { true, text.str() };
}

AdaptationResult adaptTrunks(const AdaptationRequest& request, const std::atomic<bool>* cancel)
{
    if (request.runs.empty())
        throw std::runtime_error("no run to adapt: name at least one run directory");
    AdaptationResult result;
    result.task = request.task;
    result.options = request.options;
    std::optional<AdaptedTrunk> floor; // listed after the trained trunks
    for (std::size_t r = 0; r < request.runs.size(); ++r) {
        if (cancel && cancel->load())
            break;
        const std::string& directory = request.runs[r];
        try {
            const LoadedRun run = loadRun(directory, request.task);
            if (r == 0)
                result.classes = run.fewShot.classes;
            AdaptedTrunk trunk;
            trunk.directory = directory;
            long long step = 0;
            auto theta = std::make_shared<const core::Vector>(trunkParameters(directory, request.step, step));
            trunk.step = step;
            trunk.label = run.experiment.name + (request.step >= 0 ? " @" + std::to_string(step) : std::string());
            const TaskTraining training = taskTraining(run.experiment, run.task);
            trunk.trainedOnTask = training.trained;
            trunk.training = training.description;
            const analysis::Representation represent = representationOf(run.problem, theta);
            if (r == 0)
                result.representationSize = static_cast<int>(represent({ run.fewShot.train.front() }).rows());
            trunk.points = analysis::runFewShotEpisodes(represent, run.fewShot, request.options);
            result.trunks.push_back(std::move(trunk));
            if (r == 0 && request.randomTrunk) {
                floor.emplace();
                floor->directory = directory;
                floor->kind = TrunkKind::RandomInit;
                floor->label = run.experiment.name + " (random init)";
                floor->trainedOnTask = false;
                floor->training = "untrained: the network at its initialisation (the run's seed)";
                auto initial = std::make_shared<const core::Vector>(initialParameters(run.experiment));
                floor->points = analysis::runFewShotEpisodes(
                    representationOf(run.problem, initial), run.fewShot, request.options);
            }
        } catch (const std::exception& error) {
            throw std::runtime_error(directory + ": " + error.what());
        }
    }
    if (floor)
        result.trunks.push_back(std::move(*floor));
    return result;
}

} // namespace mtw::engine
