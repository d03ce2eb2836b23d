// Registry entries of the scalarization family: EW (mean), Sum, fixed weights, RLW.
#include "mtl/equal_weighting.h"
#include "mtl/method_registry.h"
#include "mtl/random_loss_weighting.h"

namespace mtw::mtl {

namespace {

MethodSpec ewSpec()
{
    MethodSpec spec = methodSpec("ew", "EW (mean)", MethodFamily::Scalarization,
        "Caruana 1997, Multitask Learning; Kurin et al. 2022, In Defense of the Unitary Scalarization",
        "Equal weights 1/T: the average of the task gradients.");
    spec.properties.linearUnderScaling = true;
    spec.create = [](const core::ParameterValues&, int tasks) {
        return std::make_unique<ConstantWeighting>(VectorXd::Constant(tasks, 1.0 / tasks));
    };
    return spec;
}

MethodSpec sumSpec()
{
    MethodSpec spec = methodSpec("sum", "Sum", MethodFamily::Scalarization,
        "Linear scalarization with unit weights (TorchJD Sum)", "Unit weights: the sum of the task gradients.");
    spec.properties.linearUnderScaling = true;
    spec.create = [](const core::ParameterValues&, int tasks) {
        return std::make_unique<ConstantWeighting>(VectorXd::Ones(tasks));
    };
    return spec;
}

MethodSpec fixedSpec()
{
    MethodSpec spec = methodSpec("fixed", "Fixed weights", MethodFamily::Scalarization,
        "Linear scalarization with user weights (TorchJD Constant)", "User-given constant task weights.");
    spec.properties.linearUnderScaling = true;
    spec.properties.permutationEquivariant = false; // weights are tied to task positions
    spec.parameters = { requiredParameter(
        core::ParameterSpec::realList("weights", {}, 0.0, 1e6, "One non-negative weight per task")) };
    spec.validate = [](const core::ParameterValues& values, int tasks) -> std::optional<std::string> {
        if (static_cast<int>(values.realList("weights").size()) != tasks)
            return "weights needs one entry per task (" + std::to_string(tasks) + ")";
        return std::nullopt;
    };
    spec.create = [](const core::ParameterValues& values, int) {
        const std::vector<double> w = values.realList("weights");
        return std::make_unique<ConstantWeighting>(
            Eigen::Map<const VectorXd>(w.data(), static_cast<Eigen::Index>(w.size())));
    };
    spec.exampleParameters = [](int tasks) {
        std::vector<double> w;
        for (int t = 0; t < tasks; ++t)
            w.push_back(0.5 + t);
        return std::map<std::string, core::ParameterValue> { { "weights", w } };
    };
    return spec;
}

MethodSpec rlwSpec()
{
    MethodSpec spec = methodSpec("rlw", "RLW", MethodFamily::Scalarization,
        "Lin et al. 2022, Reasonable Effectiveness of Random Weighting (TMLR), Eq. 4",
        "Random weights softmax(z), z ~ N(0, I), drawn every step.");
    spec.properties.linearUnderScaling = true;
    spec.properties.stochastic = true;
    spec.properties.permutationEquivariant = false; // the draw is tied to task order
    spec.create = [](const core::ParameterValues&, int) { return std::make_unique<RandomLossWeighting>(); };
    return spec;
}

} // namespace

void registerScalarizationMethods(MethodRegistry& registry)
{
    registry.add(ewSpec());
    registry.add(sumSpec());
    registry.add(fixedSpec());
    registry.add(rlwSpec());
}

} // namespace mtw::mtl
