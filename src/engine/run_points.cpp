#include "engine/run_points.h"

#include "engine/checkpoint.h"
#include "engine/problem_factory.h"
#include "engine/run_reader.h"
#include "engine/run_store.h"
#include "engine/seed_streams.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace mtw::engine {

RunPoint runEndPoint(const std::string& directory)
{
    RunPoint point;
    point.step = -1;
    const std::vector<long long> steps = storedParameterSteps(directory); // throws when not a run
    if (!steps.empty()) {
        point.step = steps.back();
        point.parameters = storedParameters(directory, steps.back());
        point.source = "parameter snapshot";
    }
    try {
        const Checkpoint checkpoint = Checkpoint::read(checkpointPathIn(directory));
        const auto step = static_cast<long long>(checkpoint.vector("step").at(0));
        if (step > point.step) {
            const std::vector<double>& theta = checkpoint.vector("theta");
            point.parameters = Eigen::Map<const Eigen::VectorXd>(theta.data(), static_cast<Eigen::Index>(theta.size()))
                                   .cast<core::Scalar>();
            point.step = step;
            point.source = "checkpoint";
        }
    } catch (const std::exception&) {
        // No checkpoint (a run kept without one): the snapshots alone decide.
    }
    if (point.step < 0)
        throw RunStoreError("'" + directory
            + "' stores neither parameter snapshots nor a checkpoint, so its end point is unknown: run it with "
              "diagnostics.parameters_every (or with checkpoints, as `mtw-cli run` does)");
    return point;
}

core::Vector initialParameters(const Experiment& experiment)
{
    core::Rng rng = seedStream(experiment.seed, SeedStream::InitialParameters);
    return createProblem(experiment)->initialParameters(rng);
}

RunPoint runStartPoint(const std::string& directory, const Experiment& experiment)
{
    const std::vector<long long> steps = storedParameterSteps(directory);
    if (!steps.empty() && steps.front() == 0)
        return { storedParameters(directory, 0), 0, "parameter snapshot" };
    return { initialParameters(experiment), 0, "seed" };
}

std::string modelDifference(const Experiment& a, const Experiment& b)
{
    // Compared as the experiment file writes them, so every parameter's type and default count.
    const nlohmann::json left = nlohmann::json::parse(experimentToJsonText(a));
    const nlohmann::json right = nlohmann::json::parse(experimentToJsonText(b));
    for (const std::string section : { "problem", "model" }) {
        const nlohmann::json l = left.value(section, nlohmann::json::object());
        const nlohmann::json r = right.value(section, nlohmann::json::object());
        const nlohmann::json patch = nlohmann::json::diff(l, r);
        if (patch.empty())
            continue;
        const nlohmann::json::json_pointer at(patch.front().at("path").get<std::string>());
        const auto shown
            = [&at](const nlohmann::json& side) { return side.contains(at) ? side.at(at).dump() : "absent"; };
        std::string path = at.to_string();
        std::replace(path.begin(), path.end(), '/', '.');
        return section + path + ": " + shown(l) + " and " + shown(r);
    }
    return {};
}

analysis::LossInterpolation interpolateRunLosses(const Experiment& experiment, const core::Vector& a,
    const core::Vector& b, const std::vector<double>& alphas, const std::atomic<bool>* cancel)
{
    return analysis::interpolateLosses(*createProblem(experiment), a, b, alphas, cancel);
}

} // namespace mtw::engine
