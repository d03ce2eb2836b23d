// Registry entry of the synthetic task family trained with a hard-parameter-sharing network.
#include "data/synthetic_task_family.h"
#include "problem/hard_sharing_factory.h"
#include "problem/labelled_fraction_parameter.h"
#include "problem/problem_registry.h"

namespace mtw::problem {

void registerSyntheticProblems(ProblemRegistry& registry)
{
    ProblemSpec family;
    family.id = "synthetic_family";
    family.displayName = "Synthetic task family (relatedness rho)";
    family.summary = "T regression or classification tasks whose teachers correlate with rho.";
    family.usesModel = true;
    family.parameters = {
        core::ParameterSpec::integer("tasks", 4, 1, 64, "Number of tasks T"),
        core::ParameterSpec::integer("samples", 4000, 16, 10000000, "Samples n (split 80/10/10)"),
        core::ParameterSpec::integer("features", 32, 1, 100000, "Input dimension d"),
        core::ParameterSpec::integer("hidden", 16, 1, 4096, "Teacher's shared feature count m"),
        core::ParameterSpec::real("rho", 0.5, 0.0, 1.0, "Correlation of the tasks' teacher weights"),
        core::ParameterSpec::choice("kind", "regression", { "regression", "classification" }, "Task type"),
        core::ParameterSpec::integer("classes", 4, 2, 1000, "Classes per task (classification)"),
        core::ParameterSpec::real("noise", 0.1, 0.0, 10.0, "Label noise (std, or flip probability)"),
        core::ParameterSpec::integer("data_seed", 0, 0, 1LL << 53, "Seed of the generated data"),
        labelledFractionParameter(),
    };
    family.validate = [](const ProblemContext& context) -> std::optional<std::string> {
        if (context.problem.text("kind") == "classification" && context.problem.real("noise") > 1.0)
            return "problem.noise: is a flip probability for classification and must be <= 1";
        if (context.model.text("architecture") != "mlp")
            return "model.architecture: the synthetic family supports only 'mlp'";
        return checkLabelledFraction(context, static_cast<int>(context.problem.integer("tasks")));
    };
    family.create = [](const ProblemContext& context) {
        data::SyntheticTaskFamilyOptions options;
        options.tasks = static_cast<int>(context.problem.integer("tasks"));
        options.samples = static_cast<int>(context.problem.integer("samples"));
        options.features = static_cast<int>(context.problem.integer("features"));
        options.hidden = static_cast<int>(context.problem.integer("hidden"));
        options.rho = context.problem.real("rho");
        options.classification = context.problem.text("kind") == "classification";
        options.classes = static_cast<int>(context.problem.integer("classes"));
        options.noise = context.problem.real("noise");
        options.seed = static_cast<std::uint64_t>(context.problem.integer("data_seed"));
        auto dataset = std::make_shared<const data::MultiTaskDataset>(withLabelledFraction(
            data::makeSyntheticTaskFamily(options), context.problem.realList("labelled_fraction"), options.seed));
        return makeNeuralProblem("synthetic_family", dataset, context);
    };
    family.taskCount = [](const ProblemContext& context) { return static_cast<int>(context.problem.integer("tasks")); };
    registry.add(family);
}

} // namespace mtw::problem
