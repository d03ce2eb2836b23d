// Registry entries of the analytic problems: the CAGrad/Nash-MTL toy and the Pareto MTL synthetic.
#include "problem/cagrad_toy.h"
#include "problem/pareto_mtl_synthetic.h"
#include "problem/problem_registry.h"

namespace mtw::problem {

void registerAnalyticProblems(ProblemRegistry& registry)
{
    ProblemSpec toy;
    toy.id = "cagrad_toy";
    toy.displayName = "CAGrad / Nash-MTL toy (2-D)";
    toy.summary = "Two tasks on the plane (Liu et al. 2021 Fig. 1; Navon et al. 2022 Fig. 1); exact gradients.";
    toy.parameters = {
        core::ParameterSpec::realList("start", { -8.5, 7.5 }, -100, 100, "Start point (x1, x2)"),
        core::ParameterSpec::realList("loss_scales", { 1.0, 1.0 }, 1e-6, 1e6, "Multipliers (s1, s2) of L1 and L2"),
    };
    toy.validate = [](const ProblemContext& context) -> std::optional<std::string> {
        if (context.problem.realList("start").size() != 2)
            return "problem.start: needs two numbers (x1, x2)";
        if (context.problem.realList("loss_scales").size() != 2)
            return "problem.loss_scales: needs two numbers";
        return std::nullopt;
    };
    toy.create = [](const ProblemContext& context) {
        const std::vector<double> start = context.problem.realList("start");
        const std::vector<double> scales = context.problem.realList("loss_scales");
        return std::make_unique<CagradToy>(Eigen::Vector2d(start[0], start[1]), Eigen::Vector2d(scales[0], scales[1]));
    };
    toy.taskCount = [](const ProblemContext&) { return 2; };
    registry.add(toy);

    ProblemSpec synthetic;
    synthetic.id = "pareto_mtl_synthetic";
    synthetic.displayName = "Pareto MTL synthetic (concave front)";
    synthetic.summary = "f1, f2 = 1 - exp(-|x -+ 1/sqrt(n)|^2) (Lin et al. 2019 section 6.1).";
    synthetic.parameters = { core::ParameterSpec::integer("dimension", 20, 1, 100000, "Dimension n of x") };
    synthetic.create = [](const ProblemContext& context) {
        return std::make_unique<ParetoMtlSynthetic>(static_cast<int>(context.problem.integer("dimension")));
    };
    synthetic.taskCount = [](const ProblemContext&) { return 2; };
    registry.add(synthetic);
}

} // namespace mtw::problem
