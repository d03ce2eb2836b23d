// Registry entries of the extended gradient-aggregation family: GradDrop, GradVac, Aligned-MTL,
// ConFIG, MoCo, SDMGrad, FairGrad, Krum, TrimmedMean. Each method lives in its own file; the
// properties claimed are those of TorchJD's aggregator property table (adapted from Quinton & Rey
// 2024, Sec. 2.2 and App. B) where TorchJD has the method.
#include "mtl/aligned_mtl.h"
#include "mtl/con_fig.h"
#include "mtl/fair_grad.h"
#include "mtl/grad_drop.h"
#include "mtl/grad_vac.h"
#include "mtl/krum.h"
#include "mtl/method_registry.h"
#include "mtl/moco.h"
#include "mtl/sdm_grad.h"
#include "mtl/trimmed_mean.h"

#include <string>

namespace mtw::mtl {

namespace {

MethodSpec gradDropSpec()
{
    MethodSpec spec = methodSpec("graddrop", "GradDrop", MethodFamily::GradientAggregation,
        "Chen et al. 2020, Just Pick a Sign: Optimizing Deep Multitask Models with Gradient Sign Dropout "
        "(NeurIPS), Algorithm 1",
        "Per coordinate, keep only the positive or only the negative task gradients, chosen at random "
        "with the sign purity P = (1 + sum g / sum |g|) / 2.");
    spec.properties.weighted = false;
    spec.properties.stochastic = true;
    spec.parameters = { core::ParameterSpec::real(
        "leak", 0.0, 0.0, 1.0, "Fraction of every task gradient that always passes (0: none, 1: plain sum)") };
    spec.create
        = [](const core::ParameterValues& values, int) { return std::make_unique<GradDrop>(values.real("leak")); };
    return spec;
}

MethodSpec gradVacSpec()
{
    MethodSpec spec = methodSpec("gradvac", "GradVac", MethodFamily::GradientAggregation,
        "Wang et al. 2021, Gradient Vaccine: Investigating and Improving Multi-task Optimization in Massively "
        "Multilingual Models (ICLR), Algorithm 1, Eq. 2-3",
        "Raise each pairwise gradient cosine to an EMA target by adding the other gradient (whole model, "
        "random order); PCGrad when the targets are 0.");
    spec.properties.stochastic = true;
    spec.properties.stateful = true;
    spec.parameters = { core::ParameterSpec::real("beta", 0.5, 0.0, 1.0, "EMA rate of the target cosines") };
    spec.create = [](const core::ParameterValues& values, int tasks) {
        return std::make_unique<GradVac>(values.real("beta"), tasks);
    };
    return spec;
}

MethodSpec alignedMtlSpec()
{
    MethodSpec spec = methodSpec("aligned_mtl", "Aligned-MTL", MethodFamily::GradientAggregation,
        "Senushkin et al. 2023, Independent Component Alignment for Multi-Task Learning (CVPR), Algorithm 1",
        "Rescale the principal components of the task gradients to equal norm (condition number 1), "
        "then average.");
    spec.parameters = { core::ParameterSpec::choice("scale_mode", "min", { "min", "median", "rmse" },
        "Common scale of the aligned components: smallest, median or mean eigenvalue of G") };
    spec.create = [](const core::ParameterValues& values, int) {
        return std::make_unique<AlignedMtl>(AlignedMtl::scaleModeFromName(values.text("scale_mode")));
    };
    return spec;
}

MethodSpec conFigSpec()
{
    MethodSpec spec = methodSpec("config", "ConFIG", MethodFamily::GradientAggregation,
        "Liu, Chu, Thuerey 2024, ConFIG: Towards Conflict-free Training of Physics Informed Neural Networks, Eq. 2",
        "Direction with equal cosine to every unit task gradient (pinv of the unit rows times 1), "
        "scaled by the sum of the gradients' projections on it.");
    spec.properties.linearUnderScaling = true;
    spec.create = [](const core::ParameterValues&, int) { return std::make_unique<ConFig>(); };
    return spec;
}

MethodSpec mocoSpec()
{
    MethodSpec spec = methodSpec("moco", "MoCo", MethodFamily::GradientAggregation,
        "Fernando et al. 2023, Mitigating Gradient Bias in Multi-objective Learning: A Provably Convergent "
        "Approach (ICLR), Algorithm 1",
        "Track each task gradient with a moving estimate Y and update the weights lambda by a step on "
        "lambda^T Y Y^T lambda; the update is Y^T lambda.");
    spec.properties.weighted = false;
    spec.properties.stateful = true;
    spec.parameters = {
        core::ParameterSpec::real("beta", 0.5, 0.0, 1.0, "Step of the gradient tracking Y (decays as k^-beta_sigma)"),
        core::ParameterSpec::real("beta_sigma", 0.5, 0.0, 10.0, "Decay exponent of beta"),
        core::ParameterSpec::real("gamma", 0.1, 0.0, 1e6, "Step of the weights lambda (decays as k^-gamma_sigma)"),
        core::ParameterSpec::real("gamma_sigma", 0.5, 0.0, 10.0, "Decay exponent of gamma"),
        core::ParameterSpec::real("rho", 0.0, 0.0, 1e6, "l2 regularisation of the lambda update"),
        core::ParameterSpec::boolean(
            "normalize_gradients", true, "Track L_t g_t / |g_t| (LibMTL and the authors' code) instead of g_t"),
        core::ParameterSpec::choice("lambda_update", "softmax", { "softmax", "projection" },
            "softmax (authors' code, LibMTL, TorchJD) or simplex projection (the paper)"),
    };
    spec.create = [](const core::ParameterValues& values, int tasks) {
        Moco::Options options;
        options.beta = values.real("beta");
        options.betaSigma = values.real("beta_sigma");
        options.gamma = values.real("gamma");
        options.gammaSigma = values.real("gamma_sigma");
        options.rho = values.real("rho");
        options.normalizeGradients = values.boolean("normalize_gradients");
        options.projectLambda = values.text("lambda_update") == "projection";
        return std::make_unique<Moco>(options, tasks);
    };
    return spec;
}

MethodSpec sdmGradSpec()
{
    MethodSpec spec = methodSpec("sdmgrad", "SDMGrad", MethodFamily::GradientAggregation,
        "Xiao, Ban, Ji 2023, Direction-oriented Multi-objective Learning: Simple and Provable Stochastic "
        "Algorithms (NeurIPS), Algorithm 1",
        "Projected-gradient steps on the simplex for min |J^T w|^2 regularised towards the average "
        "gradient; one mini-batch stands in for SDMGrad's three.");
    spec.properties.stateful = true;
    spec.parameters = {
        core::ParameterSpec::real("lambda", 0.3, 0.0, 1e6, "Pull towards the average gradient"),
        core::ParameterSpec::integer("niter", 20, 1, 10000, "Inner projected-gradient iterations per step"),
        core::ParameterSpec::real("lr", 5.0, 1e-12, 1e6, "Step of the inner projected gradient (momentum 0.5)"),
    };
    spec.create = [](const core::ParameterValues& values, int tasks) {
        return std::make_unique<SdmGrad>(
            values.real("lambda"), static_cast<int>(values.integer("niter")), values.real("lr"), tasks);
    };
    return spec;
}

MethodSpec fairGradSpec()
{
    MethodSpec spec = methodSpec("fairgrad", "FairGrad", MethodFamily::GradientAggregation,
        "Ban, Ji 2024, Fair Resource Allocation in Multi-Task Learning (ICML), Algorithm 1",
        "alpha-fair weights: solve G w = w^(-1/alpha) for w > 0 (Newton on a convex potential).");
    spec.parameters = { core::ParameterSpec::real(
        "alpha", 1.0, 0.0, 100.0, "Fairness: 0 = equal weights, 1 = proportional, large = max-min") };
    spec.create
        = [](const core::ParameterValues& values, int) { return std::make_unique<FairGrad>(values.real("alpha")); };
    return spec;
}

MethodSpec krumSpec()
{
    MethodSpec spec = methodSpec("krum", "Krum", MethodFamily::GradientAggregation,
        "Blanchard et al. 2017, Machine Learning with Adversaries: Byzantine Tolerant Gradient Descent "
        "(NeurIPS), Section 4",
        "Average the n_selected task gradients closest (in summed squared, or plain, distance) to their "
        "T - n_byzantine - 2 nearest neighbours.");
    spec.parameters = {
        requiredParameter(core::ParameterSpec::integer("n_byzantine", 0, 0, 1000000,
            "Number of task gradients that may be adversarial (needs T >= n_byzantine + 3)")),
        core::ParameterSpec::integer(
            "n_selected", 1, 1, 1000000, "Number of gradients averaged (1 = Krum, more = Multi-Krum)"),
        core::ParameterSpec::choice("distance", "squared", { "squared", "euclidean" },
            "Scores sum squared distances to the neighbours (paper, Sec. 4) or plain distances (TorchJD)"),
    };
    spec.validate = [](const core::ParameterValues& values, int tasks) -> std::optional<std::string> {
        const long long byzantine = values.integer("n_byzantine");
        const long long selected = values.integer("n_selected");
        // With n_selected = T every row is averaged and no score is needed, so the neighbour
        // count T - n_byzantine - 2 may be < 1 (this admits T = 2, which TorchJD rejects).
        if (tasks < byzantine + 3 && selected != tasks)
            return "n_byzantine = " + std::to_string(byzantine) + " needs at least n_byzantine + 3 = "
                + std::to_string(byzantine + 3) + " tasks, got " + std::to_string(tasks);
        if (tasks < selected)
            return "n_selected = " + std::to_string(selected) + " exceeds the task count " + std::to_string(tasks);
        return std::nullopt;
    };
    spec.create = [](const core::ParameterValues& values, int) {
        return std::make_unique<Krum>(static_cast<int>(values.integer("n_byzantine")),
            static_cast<int>(values.integer("n_selected")), values.text("distance") == "squared");
    };
    // Krum proper needs T >= 3; with 2 tasks only the all-rows Multi-Krum (the mean) is valid.
    spec.exampleParameters = [](int tasks) {
        return std::map<std::string, core::ParameterValue> { { "n_byzantine", 0LL },
            { "n_selected", tasks >= 3 ? 1LL : static_cast<long long>(tasks) } };
    };
    return spec;
}

MethodSpec trimmedMeanSpec()
{
    MethodSpec spec = methodSpec("trimmed_mean", "Trimmed mean", MethodFamily::GradientAggregation,
        "Yin et al. 2018, Byzantine-Robust Distributed Learning: Towards Optimal Statistical Rates (ICML), "
        "Definition 2",
        "Coordinate-wise mean after dropping the trim_number largest and smallest task values.");
    spec.properties.weighted = false;
    spec.parameters = { requiredParameter(core::ParameterSpec::integer("trim_number", 0, 0, 1000000,
        "Values dropped at each end of every coordinate (needs T >= 2 trim_number + 1)")) };
    spec.validate = [](const core::ParameterValues& values, int tasks) -> std::optional<std::string> {
        const long long trim = values.integer("trim_number");
        if (tasks < 2 * trim + 1)
            return "trim_number = " + std::to_string(trim) + " needs at least 2 trim_number + 1 = "
                + std::to_string(2 * trim + 1) + " tasks, got " + std::to_string(tasks);
        return std::nullopt;
    };
    spec.create = [](const core::ParameterValues& values, int) {
        return std::make_unique<TrimmedMean>(static_cast<int>(values.integer("trim_number")));
    };
    // One value trimmed at each end where the task count allows it; with 2 tasks only the
    // untrimmed mean is valid.
    spec.exampleParameters = [](int tasks) {
        return std::map<std::string, core::ParameterValue> { { "trim_number", tasks >= 3 ? 1LL : 0LL } };
    };
    return spec;
}

} // namespace

void registerExtendedAggregationMethods(MethodRegistry& registry)
{
    registry.add(gradDropSpec());
    registry.add(gradVacSpec());
    registry.add(alignedMtlSpec());
    registry.add(conFigSpec());
    registry.add(mocoSpec());
    registry.add(sdmGradSpec());
    registry.add(fairGradSpec());
    registry.add(krumSpec());
    registry.add(trimmedMeanSpec());
}

} // namespace mtw::mtl
