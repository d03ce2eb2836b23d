#include "engine/training_mode_registry.h"

#include "engine/group_sequential_step.h"
#include "engine/joint_step.h"
#include "engine/task_sam_step.h"

namespace mtw::engine {

namespace {

using core::ParameterSpec;

// Group steps apply per-task loss weights inside each group; an aggregator's weights only make
// sense for the step on all tasks at once.
std::optional<std::string> needsLossWeights(const mtl::MethodSpec& method, const std::string& mode)
{
    if (method.family == mtl::MethodFamily::Scalarization || method.family == mtl::MethodFamily::LossWeighting)
        return std::nullopt;
    return "training mode '" + mode + "' steps on each group's weighted loss, so it needs a scalarization or "
        + "loss-weighting method (ew, fixed, uw, dwa, ...); '" + method.id
        + "' aggregates all task gradients in one step";
}

std::vector<TrainingModeSpec> buildModes()
{
    std::vector<TrainingModeSpec> modes;
    modes.push_back({ "joint", "Joint step", "",
        "One optimizer step per mini-batch on the method's aggregate of all task gradients.", {}, nullptr });
    modes.push_back({ "alternating", "Alternating per-task steps",
        "Pascal, Michiardi, Bost, Huet & Zuluaga 2021, Improved optimization strategies for deep Multi-Task Networks, "
        "Sec. 3",
        "A sequence of steps on each task's (or each random group's) loss per mini-batch.",
        { ParameterSpec::integer("group_size", 1, 1, 1024,
              "Tasks per step: 1 = one step per task; k > 1 = a random partition into groups of k each batch"),
            ParameterSpec::boolean("random_order", false, "Visit the groups in a random order (else task order)"),
            ParameterSpec::boolean("task_moments", true,
                "Keep separate optimizer moments per task for the shared parameters (group_size 1 only)") },
        [](const core::ParameterValues& v, const mtl::MethodSpec& method, int tasks,
            problem::GradientSpace) -> std::optional<std::string> {
            if (v.integer("group_size") > tasks)
                return "group_size " + std::to_string(v.integer("group_size")) + " exceeds the " + std::to_string(tasks)
                    + " tasks";
            if (v.boolean("task_moments") && v.integer("group_size") > 1)
                return std::string("task_moments: per-task moments need group_size 1 (groups change every batch)");
            return needsLossWeights(method, "alternating");
        } });
    modes.push_back({ "selective_groups", "Selective task-group updates",
        "Jeong & Yoon 2025, Selective Task Group Updates for Multi-Task Optimization (ICLR), Alg. 1, Eq. 4-6",
        "Sequential steps on task groups clustered (affinity propagation) from the proximal inter-task affinity.",
        { ParameterSpec::real(
              "beta", 0.001, 0.0, 1.0, "EMA decay of the proximal affinity (affin_decay; 0.0001 on Taskonomy)"),
            ParameterSpec::integer(
                "warmup", 100, 0, 1LL << 40, "Steps with all-singleton groups before grouping (prepos)") },
        [](const core::ParameterValues&, const mtl::MethodSpec& method, int, problem::GradientSpace) {
            return needsLossWeights(method, "selective_groups");
        } });
    modes.push_back({ "task_sam", "Task-based SAM",
        "Phan, Le, Tran, Tran, Nguyen & Ho 2022, Improving Multi-task Learning via Seeking Task-based Flat Regions, "
        "Alg. 1",
        "Per-task sharpness-aware gradients; loss and flatness gradients aggregated separately by the method.",
        { ParameterSpec::real(
              "rho", 0.05, 0.0, 100.0, "Neighbourhood radius (0.05 Multi-MNIST; 2 with adaptive on NYUv2)"),
            ParameterSpec::boolean(
                "adaptive", false, "Adaptive SAM: scale the perturbation by |theta| (Kwon et al. 2021)"),
            ParameterSpec::boolean("split", true,
                "Aggregate loss and flatness gradients separately (false: aggregate g_SAM, the 'a-' variants)") },
        [](const core::ParameterValues&, const mtl::MethodSpec&, int,
            problem::GradientSpace space) -> std::optional<std::string> {
            if (space == problem::GradientSpace::Representation)
                return std::string(
                    "training mode 'task_sam' perturbs the parameters, so it needs training.gradient_space "
                    "'parameters'");
            return std::nullopt;
        } });
    return modes;
}

} // namespace

const std::vector<TrainingModeSpec>& trainingModes()
{
    static const std::vector<TrainingModeSpec> modes = buildModes();
    return modes;
}

const TrainingModeSpec* findTrainingMode(const std::string& id)
{
    for (const TrainingModeSpec& spec : trainingModes())
        if (spec.id == id)
            return &spec;
    return nullptr;
}

std::unique_ptr<TrainingMode> createTrainingMode(const std::string& id, const core::ParameterValues& values,
    TrainingContext& context, const std::function<std::unique_ptr<mtl::Method>()>& makeMethod)
{
    if (id == "alternating" || id == "selective_groups") {
        GroupSequentialOptions options;
        options.selective = id == "selective_groups";
        if (options.selective) {
            options.beta = values.real("beta");
            options.warmup = values.integer("warmup");
        } else {
            options.groupSize = static_cast<int>(values.integer("group_size"));
            options.randomOrder = values.boolean("random_order");
            options.taskMoments = values.boolean("task_moments");
        }
        return std::make_unique<GroupSequentialStep>(context, options);
    }
    if (id == "task_sam")
        return std::make_unique<TaskSamStep>(context,
            TaskSamOptions { values.real("rho"), values.boolean("adaptive"), values.boolean("split") }, makeMethod());
    return std::make_unique<JointStep>(context);
}

} // namespace mtw::engine
