#pragma once
// The training modes by id, each with its hyperparameter schema (the single source for the
// experiment file's "mode" section, `mtw-cli modes` and the GUI form), its checks against the
// chosen method, and its factory.
//   joint              one step on the method's aggregate (default)
//   alternating        per-task (or random-group) sequential steps, Pascal et al. 2021
//   selective_groups   proximal-affinity task groups, Jeong & Yoon 2025
//   task_sam           per-task SAM, split loss / flatness aggregation, Phan et al. 2022
#include "core/parameter_schema.h"
#include "engine/training_mode.h"
#include "mtl/method_spec.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mtw::engine {

struct TrainingModeSpec {
    std::string id;
    std::string displayName;
    std::string paper;
    std::string summary;
    core::ParameterSchema parameters;
    // Checks against the method, the task count and the gradient space; returns the reason.
    std::function<std::optional<std::string>(
        const core::ParameterValues&, const mtl::MethodSpec&, int taskCount, problem::GradientSpace)>
        validate;
};

const std::vector<TrainingModeSpec>& trainingModes();
const TrainingModeSpec* findTrainingMode(const std::string& id);

// `makeMethod` builds another instance of the run's method (SAM's flatness aggregator).
std::unique_ptr<TrainingMode> createTrainingMode(const std::string& id, const core::ParameterValues& values,
    TrainingContext& context, const std::function<std::unique_ptr<mtl::Method>()>& makeMethod);

} // namespace mtw::engine
