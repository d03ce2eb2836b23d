// Registry entries of the gradient-aggregation family: MGDA, PCGrad, CAGrad, IMTL-G, Nash-MTL,
// UPGrad, DualProj. Each method lives in its own file; defaults follow the reference
// implementations (LibMTL config.py, TorchJD constructors, the papers' official code).
#include "mtl/cagrad.h"
#include "mtl/dual_proj.h"
#include "mtl/imtl_g.h"
#include "mtl/method_registry.h"
#include "mtl/mgda.h"
#include "mtl/nash_mtl.h"
#include "mtl/pcgrad.h"
#include "mtl/upgrad.h"

namespace mtw::mtl {

namespace {

using core::ParameterSpec;

// The KKT conditions of the regularized QP, (G / trace(G) + reg_eps I) v >= 0, give only
// J d >= -reg_eps trace(G) w per task: a gap that is large for a task whose gradient is small
// next to the others (norms 1e4 apart: progress -19,240 with the defaults, issue 10).
core::ParameterSchema dualConeParameters()
{
    return {
        ParameterSpec::real("norm_eps", 1e-4, 0.0, 1.0,
            "The Gramian is divided by its trace, or set to 0 when the trace is below norm_eps (the step is then "
            "the mean gradient, with no non-conflict guarantee)"),
        ParameterSpec::real("reg_eps", 1e-4, 0.0, 1.0,
            "Added to the diagonal of the normalized Gramian (TorchJD); the step then only has J d >= -reg_eps "
            "trace(G) w. 0 solves the exact projection: non-conflicting at any row scaling"),
    };
}

// The exact aggregator (reg_eps = 0): the regularization perturbs the claimed properties by
// O(reg_eps), beyond the shared tests' 1e-6 tolerance (TorchJD tests them at 1e-2).
std::map<std::string, core::ParameterValue> exactDualCone(int)
{
    return { { "reg_eps", 0.0 } };
}

MethodSpec mgdaSpec()
{
    MethodSpec spec = methodSpec("mgda", "MGDA", MethodFamily::GradientAggregation,
        "Sener & Koltun 2018, Multi-Task Learning as Multi-Objective Optimization (NeurIPS), Alg. 2 (Frank-Wolfe)",
        "Min-norm element of the convex hull of the (optionally normalized) task gradients. Non-conflicting "
        "exactly with solver = exact (or T <= 2); Frank-Wolfe only approximately.");
    spec.properties.nonConflicting = true;
    spec.properties.nonConflictingCondition = "solver = exact, or T <= 2";
    spec.parameters = {
        ParameterSpec::choice("normalization", "none", { "none", "l2", "loss", "loss+" },
            "Gradient normalizer before the min-norm solve (LibMTL mgda_gn): none, |g|, loss, loss*|g|"),
        ParameterSpec::choice("solver", "frank_wolfe", { "frank_wolfe", "exact" },
            "Min-norm solver for T >= 3: Frank-Wolfe (paper Alg. 2, TorchJD; approximate) or the exact active-set "
            "solve (non-conflicting to rounding at any row scaling)"),
        ParameterSpec::real("epsilon", 1e-3, 0.0, 1.0, "Frank-Wolfe stops when its step size falls below epsilon"),
        ParameterSpec::integer("max_iters", 100, 1, 100000, "Maximum Frank-Wolfe iterations"),
    };
    spec.create = [](const core::ParameterValues& values, int) {
        return std::make_unique<Mgda>(Mgda::parseNormalization(values.text("normalization")),
            Mgda::parseSolver(values.text("solver")), values.real("epsilon"),
            static_cast<int>(values.integer("max_iters")));
    };
    return spec;
}

MethodSpec pcGradSpec()
{
    MethodSpec spec = methodSpec("pcgrad", "PCGrad", MethodFamily::GradientAggregation,
        "Yu et al. 2020, Gradient Surgery for Multi-Task Learning (NeurIPS), Alg. 1",
        "Projects each gradient onto the normal plane of the gradients it conflicts with (random or fixed order), "
        "then sums.");
    spec.properties.linearUnderScaling = true;
    spec.properties.stochastic = true; // with the default order
    spec.properties.permutationEquivariant = false; // the order is drawn (or fixed) per task position
    spec.parameters = {
        ParameterSpec::choice("reduction", "sum", { "sum", "mean" },
            "Combine the projected gradients by their sum (TorchJD, LibMTL) or mean (nash-mtl option)"),
        ParameterSpec::choice("order", "random", { "random", "fixed" },
            "Order in which each gradient visits the others: a fresh random permutation per task (paper Alg. 1, "
            "TorchJD, LibMTL) or task index order (deterministic, comparable with a reference for T >= 3)"),
    };
    spec.create = [](const core::ParameterValues& values, int) {
        return std::make_unique<PcGrad>(values.text("reduction") == "mean", PcGrad::parseOrder(values.text("order")));
    };
    return spec;
}

MethodSpec caGradSpec()
{
    MethodSpec spec = methodSpec("cagrad", "CAGrad", MethodFamily::GradientAggregation,
        "Liu et al. 2021, Conflict-Averse Gradient Descent for Multi-task Learning (NeurIPS), Alg. 1",
        "Mean gradient plus the correction that maximizes the worst task's improvement in a ball of radius c|g0|.");
    spec.parameters = {
        ParameterSpec::real("c", 0.4, 0.0, 100.0, "Radius of the ball around the mean gradient, relative to |g0|"),
        ParameterSpec::integer("rescale", 1, 0, 2, "Divide the update by 1 (0), 1 + c^2 (1) or 1 + c (2)"),
        ParameterSpec::real(
            "norm_eps", 1e-4, 0.0, 1.0, "Weights are 0 when |g_w| < norm_eps |J|_F (a Pareto-stationary point)"),
        ParameterSpec::real("trace_eps", 0.0, 0.0, 1e6,
            "Weights are 0 when trace(G) = |J|_F^2 < trace_eps, an absolute threshold (0: none, as the official "
            "code; TorchJD: 1e-4)"),
    };
    spec.create = [](const core::ParameterValues& values, int) {
        return std::make_unique<CaGrad>(values.real("c"), static_cast<int>(values.integer("rescale")),
            values.real("norm_eps"), values.real("trace_eps"));
    };
    return spec;
}

MethodSpec imtlGSpec()
{
    MethodSpec spec = methodSpec("imtl_g", "IMTL-G", MethodFamily::GradientAggregation,
        "Liu et al. 2021, Towards Impartial Multi-task Learning (ICLR), Sec. 3.2; generalized as in Quinton & Rey 2024",
        "Weights pinv(G) diag(G)^(1/2), normalized to sum 1: equal projections of the update on every unit gradient.");
    spec.create = [](const core::ParameterValues&, int) { return std::make_unique<ImtlG>(); };
    return spec;
}

MethodSpec nashMtlSpec()
{
    MethodSpec spec = methodSpec("nash_mtl", "Nash-MTL", MethodFamily::GradientAggregation,
        "Navon et al. 2022, Multi-Task Learning as a Bargaining Game (ICML), Alg. 1 (CCCP of the official code)",
        "Nash bargaining weights G alpha = 1/alpha, by a sequence of convex problems; update norm clipped.");
    spec.properties.nonConflicting = true;
    spec.properties.stateful = true;
    spec.parameters = {
        ParameterSpec::real("max_norm", 1.0, 0.0, 1e6, "Clip the update's norm to max_norm (0: no clipping)"),
        ParameterSpec::integer("update_weights_every", 1, 1, 1000000, "Recompute the weights every this many steps"),
        ParameterSpec::integer("optim_niter", 20, 1, 1000, "Maximum convex problems (CCCP iterations) per update"),
    };
    spec.create = [](const core::ParameterValues& values, int tasks) {
        return std::make_unique<NashMtl>(tasks, values.real("max_norm"),
            static_cast<int>(values.integer("update_weights_every")), static_cast<int>(values.integer("optim_niter")));
    };
    return spec;
}

MethodSpec upGradSpec()
{
    MethodSpec spec = methodSpec("upgrad", "UPGrad", MethodFamily::GradientAggregation,
        "Quinton & Rey 2024, Jacobian Descent for Multi-Objective Optimization, Eq. 5 and Proposition 1",
        "Average of each gradient's projection onto the dual cone of all gradients. Non-conflicting exactly "
        "with reg_eps = 0 and trace(G) >= norm_eps (or norm_eps = 0); with reg_eps > 0 only J d >= -reg_eps "
        "trace(G) w.");
    spec.properties.nonConflicting = true;
    spec.properties.nonConflictingCondition = "reg_eps = 0 and trace(G) >= norm_eps";
    spec.properties.linearUnderScaling = true;
    spec.parameters = dualConeParameters();
    spec.exampleParameters = exactDualCone;
    spec.create = [](const core::ParameterValues& values, int) {
        return std::make_unique<UpGrad>(values.real("norm_eps"), values.real("reg_eps"));
    };
    return spec;
}

MethodSpec dualProjSpec()
{
    MethodSpec spec = methodSpec("dual_proj", "DualProj", MethodFamily::GradientAggregation,
        "Lopez-Paz & Ranzato 2017, Gradient Episodic Memory (NeurIPS), Eq. 11; TorchJD DualProj",
        "Projection of the mean gradient onto the dual cone of the task gradients. Non-conflicting exactly "
        "with reg_eps = 0 and trace(G) >= norm_eps (or norm_eps = 0); with reg_eps > 0 only J d >= -reg_eps "
        "trace(G) w.");
    spec.properties.nonConflicting = true;
    spec.properties.nonConflictingCondition = "reg_eps = 0 and trace(G) >= norm_eps";
    spec.parameters = dualConeParameters();
    spec.exampleParameters = exactDualCone;
    spec.create = [](const core::ParameterValues& values, int) {
        return std::make_unique<DualProj>(values.real("norm_eps"), values.real("reg_eps"));
    };
    return spec;
}

} // namespace

void registerAggregationMethods(MethodRegistry& registry)
{
    registry.add(mgdaSpec());
    registry.add(pcGradSpec());
    registry.add(caGradSpec());
    registry.add(imtlGSpec());
    registry.add(nashMtlSpec());
    registry.add(upGradSpec());
    registry.add(dualProjSpec());
}

} // namespace mtw::mtl
