// Registry entries of the scalarization family: EW (mean), Sum, fixed weights, RLW.
#include "mtl/equal_weighting.h"
#include "mtl/method_registry.h"
#include "mtl/random_loss_weighting.h"

namespace mtw::mtl {

void registerScalarizationMethods(MethodRegistry& registry)
{
    MethodProperties linear;
    linear.linearUnderScaling = true;

    MethodSpec ew;
    ew.id = "ew";
    ew.displayName = "EW (mean)";
    ew.family = MethodFamily::Scalarization;
    ew.paper = "Caruana 1997, Multitask Learning; Kurin et al. 2022, In Defense of the Unitary Scalarization";
    ew.summary = "Equal weights 1/T: the average of the task gradients.";
    ew.properties = linear;
    ew.create = [](const core::ParameterValues&, int tasks) {
        return std::make_unique<ConstantWeighting>(VectorXd::Constant(tasks, 1.0 / tasks));
    };
    registry.add(ew);

    MethodSpec sum;
    sum.id = "sum";
    sum.displayName = "Sum";
    sum.family = MethodFamily::Scalarization;
    sum.paper = "Linear scalarization with unit weights (TorchJD Sum)";
    sum.summary = "Unit weights: the sum of the task gradients.";
    sum.properties = linear;
    sum.create = [](const core::ParameterValues&, int tasks) {
        return std::make_unique<ConstantWeighting>(VectorXd::Ones(tasks));
    };
    registry.add(sum);

    MethodSpec fixed;
    fixed.id = "fixed";
    fixed.displayName = "Fixed weights";
    fixed.family = MethodFamily::Scalarization;
    fixed.paper = "Linear scalarization with user weights (TorchJD Constant)";
    fixed.summary = "User-given constant task weights.";
    fixed.properties = linear;
    fixed.properties.permutationEquivariant = false; // weights are tied to task positions
    core::ParameterSpec weights
        = core::ParameterSpec::realList("weights", {}, 0.0, 1e6, "One non-negative weight per task");
    weights.optional = true;
    fixed.parameters = { weights };
    fixed.validate = [](const core::ParameterValues& values, int tasks) -> std::optional<std::string> {
        if (static_cast<int>(values.realList("weights").size()) != tasks)
            return "weights needs one entry per task (" + std::to_string(tasks) + ")";
        return std::nullopt;
    };
    fixed.create = [](const core::ParameterValues& values, int) {
        const std::vector<double> w = values.realList("weights");
        return std::make_unique<ConstantWeighting>(
            Eigen::Map<const VectorXd>(w.data(), static_cast<Eigen::Index>(w.size())));
    };
    fixed.exampleParameters = [](int tasks) {
        std::vector<double> w;
        for (int t = 0; t < tasks; ++t)
            w.push_back(0.5 + t);
        return std::map<std::string, core::ParameterValue> { { "weights", w } };
    };
    registry.add(fixed);

    MethodSpec rlw;
    rlw.id = "rlw";
    rlw.displayName = "RLW";
    rlw.family = MethodFamily::Scalarization;
    rlw.paper = "Lin et al. 2022, Reasonable Effectiveness of Random Weighting (TMLR), Eq. 4";
    rlw.summary = "Random weights softmax(z), z ~ N(0, I), drawn every step.";
    rlw.properties = linear;
    rlw.properties.stochastic = true;
    rlw.properties.permutationEquivariant = false; // the draw is tied to task order
    rlw.create = [](const core::ParameterValues&, int) { return std::make_unique<RandomLossWeighting>(); };
    registry.add(rlw);
}

} // namespace mtw::mtl
