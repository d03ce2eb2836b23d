// Registry entries of the loss-weighting family (and GLS, a scalarization); each method lives in
// its own file. Property claims: a method whose weights depend on the losses only (not on the
// gradients) gives a step that is linear under scaling of the gradients for its current state;
// gradient-norm scaling is linear as well (see its header); the methods that read gradient norms
// or the Jacobian otherwise are not.
#include "mtl/dual_balancing.h"
#include "mtl/dynamic_weight_average.h"
#include "mtl/ema_loss_weighting.h"
#include "mtl/equitable_mtl.h"
#include "mtl/excess_mtl.h"
#include "mtl/famo.h"
#include "mtl/geometric_loss_strategy.h"
#include "mtl/grad_norm.h"
#include "mtl/gradient_norm_scaling.h"
#include "mtl/hybrid_imtl.h"
#include "mtl/imtl_loss.h"
#include "mtl/method_registry.h"
#include "mtl/smooth_tchebycheff.h"
#include "mtl/uncertainty_weighting.h"

namespace mtw::mtl {

namespace {

using core::ParameterSpec;

ParameterSpec learningRate(double value, std::string what)
{
    return ParameterSpec::real("lr", value, 1e-12, 10.0, "Adam learning rate of " + std::move(what));
}

MethodSpec glsSpec()
{
    // A scalarization (a fixed function of the losses, nothing learnt), kept with the loss-based methods.
    MethodSpec spec = methodSpec("gls", "GLS", MethodFamily::Scalarization,
        "Chennupati et al. 2019, MultiNet++: Multi-Stream Feature Aggregation and Geometric Loss Strategy for "
        "Multi-Task Learning (CVPR-W), GLS objective",
        "Minimises the geometric mean of the losses: w_t = (prod L)^(1/T) / (T L_t).");
    spec.properties.linearUnderScaling = true;
    spec.create = [](const core::ParameterValues&, int) { return std::make_unique<GeometricLossStrategy>(); };
    return spec;
}

MethodSpec uwSpec()
{
    MethodSpec spec = methodSpec("uw", "UW", MethodFamily::LossWeighting,
        "Kendall, Gal, Cipolla 2018, Multi-Task Learning Using Uncertainty to Weigh Losses for Scene Geometry "
        "and Semantics (CVPR), Eq. 7",
        "Learnable log-variances s: loss sum L_t/(2 e^s_t) + s_t/2, w_t = 1/(2 e^s_t).");
    spec.properties.linearUnderScaling = true;
    spec.properties.stateful = true;
    spec.parameters = { learningRate(0.025, "the log-variances"),
        ParameterSpec::real("init", -0.5, -20.0, 20.0, "Initial log-variance s (LibMTL)") };
    spec.create = [](const core::ParameterValues& v, int tasks) {
        return std::make_unique<UncertaintyWeighting>(tasks, v.real("lr"), v.real("init"));
    };
    return spec;
}

MethodSpec dwaSpec()
{
    MethodSpec spec = methodSpec("dwa", "DWA", MethodFamily::LossWeighting,
        "Liu, Johns, Davison 2019, End-to-End Multi-Task Learning with Attention (CVPR), Eq. 7",
        "w = T softmax(r / temperature), r_t = epoch-mean loss ratio L(e-1)/L(e-2); w = 1 in epochs 0 and 1.");
    spec.properties.linearUnderScaling = true;
    spec.properties.stateful = true;
    spec.parameters = { ParameterSpec::real("temperature", 2.0, 1e-6, 1e6, "Softmax temperature") };
    spec.create = [](const core::ParameterValues& v, int tasks) {
        return std::make_unique<DynamicWeightAverage>(tasks, v.real("temperature"));
    };
    return spec;
}

MethodSpec gradnormSpec()
{
    MethodSpec spec = methodSpec("gradnorm", "GradNorm", MethodFamily::LossWeighting,
        "Chen, Badrinarayanan, Lee, Rabinovich 2018, GradNorm: Gradient Normalization for Adaptive Loss Balancing "
        "in Deep Multitask Networks (ICML), Eq. 2 and Alg. 1",
        "Learnable weights trained so that weighted gradient norms track mean norm x (relative inverse rate)^alpha.");
    spec.properties.stateful = true;
    spec.parameters = { ParameterSpec::real("alpha", 1.5, 0.0, 100.0, "Restoring-force strength"),
        learningRate(0.025, "the task weights") };
    spec.create = [](const core::ParameterValues& v, int tasks) {
        return std::make_unique<GradNorm>(tasks, v.real("alpha"), v.real("lr"));
    };
    return spec;
}

MethodSpec emaSpec()
{
    MethodSpec spec = methodSpec("ema_lw", "EMA loss weighting", MethodFamily::LossWeighting,
        "Lakkapragada, Sleiman, Surabhi, Wall 2022, Mitigating Negative Transfer in Multi-Task Learning with "
        "Exponential Moving Average Loss Weighting Strategies, arXiv 2211.12999",
        "w_t = 1 / EMA(L_t) (optionally normalised to sum T).");
    spec.properties.linearUnderScaling = true;
    spec.properties.stateful = true;
    spec.parameters = { ParameterSpec::real("beta", 0.9, 0.0, 0.999999, "EMA decay of the losses"),
        ParameterSpec::choice("normalization", "none", { "none", "sum" },
            "none: w = 1/EMA; sum: the same rescaled to sum to the task count") };
    spec.create = [](const core::ParameterValues& v, int tasks) {
        return std::make_unique<EmaLossWeighting>(tasks, v.real("beta"), v.text("normalization") == "sum");
    };
    return spec;
}

MethodSpec gnSpec()
{
    MethodSpec spec = methodSpec("gn_scaling", "Gradient-norm scaling", MethodFamily::LossWeighting,
        "Guo et al. 2025, Revisit the Imbalance Optimization in Multi-task Learning: An Experimental Analysis, "
        "arXiv 2509.23915",
        "w_t = c / |g_t|: every task gradient gets one norm c, the mean of the norms by default.");
    spec.properties.linearUnderScaling = true;
    spec.parameters = { ParameterSpec::choice("target", "mean", { "mean", "max", "min", "unit" },
        "The common norm c every task gradient gets: the mean, largest or smallest of the norms, or 1 "
        "(the paper's is not known; each step's direction is the same for all, only its length differs)") };
    spec.create = [](const core::ParameterValues& v, int) {
        const std::string target = v.text("target");
        using Target = GradientNormScaling::Target;
        return std::make_unique<GradientNormScaling>(target == "max" ? Target::Max
                : target == "min"                                    ? Target::Min
                : target == "unit"                                   ? Target::Unit
                                                                     : Target::Mean);
    };
    return spec;
}

MethodSpec emtlSpec()
{
    MethodSpec spec = methodSpec("emtl", "EMTL", MethodFamily::LossWeighting,
        "Yuan & Zhang 2023, Equitable Multi-Task Learning, arXiv 2306.09373 (abstract: variance regularization "
        "of the relative contributions)",
        "Penalises lambda Var(c), c_t = L_t / |g_t|: w_t = 1 + 2 lambda (c_t - mean c) / ((T-1) |g_t|).");
    spec.parameters = { ParameterSpec::real("lambda", 1.0, 0.0, 1e6,
        "Strength of the variance penalty on the relative contributions (the paper's value is not known)") };
    spec.create = [](const core::ParameterValues& v, int) { return std::make_unique<EquitableMtl>(v.real("lambda")); };
    return spec;
}

MethodSpec famoSpec()
{
    MethodSpec spec = methodSpec("famo", "FAMO", MethodFamily::LossWeighting,
        "Liu, Feng, Stone, Liu 2023, FAMO: Fast Adaptive Multitask Optimization (NeurIPS), Alg. 1",
        "Softmax logits trained on the log-loss improvement; w_t proportional to z_t / L_t.");
    spec.properties.linearUnderScaling = true;
    spec.properties.stateful = true;
    spec.parameters = { ParameterSpec::real("w_lr", 0.025, 1e-12, 10.0, "Adam learning rate of the logits"),
        ParameterSpec::real("gamma", 1e-3, 0.0, 10.0, "Weight decay of the logits"),
        ParameterSpec::real("epsilon", 1e-8, 0.0, 1.0, "Added to the losses inside the logarithms") };
    spec.create = [](const core::ParameterValues& v, int tasks) {
        return std::make_unique<Famo>(tasks, v.real("w_lr"), v.real("gamma"), v.real("epsilon"));
    };
    return spec;
}

MethodSpec dbSpec()
{
    MethodSpec spec = methodSpec("db_mtl", "DB-MTL", MethodFamily::LossWeighting,
        "Lin et al. 2023, Dual-Balancing for Multi-Task Learning, arXiv 2308.12029, Alg. 1",
        "EMA of log-loss gradients, each rescaled to the largest norm, then summed (needs the Jacobian).");
    spec.properties.stateful = true;
    spec.properties.weighted = false;
    spec.parameters = { ParameterSpec::real("beta", 0.9, 0.0, 1.0, "EMA factor of the log-loss gradients"),
        ParameterSpec::real("beta_sigma", 0.0, 0.0, 10.0, "Decay exponent: the EMA factor is beta / k^beta_sigma") };
    spec.create = [](const core::ParameterValues& v, int tasks) {
        return std::make_unique<DualBalancing>(tasks, v.real("beta"), v.real("beta_sigma"));
    };
    return spec;
}

MethodSpec stchSpec()
{
    MethodSpec spec = methodSpec("stch", "STCH", MethodFamily::LossWeighting,
        "Lin et al. 2024, Smooth Tchebycheff Scalarization for Multi-Objective Optimization (ICML), Sec. 3",
        "Log-loss warm-up, then the smooth Tchebycheff (log-sum-exp) of log(L / nadir).");
    spec.properties.linearUnderScaling = true;
    spec.properties.stateful = true;
    spec.parameters = { ParameterSpec::real("mu", 1.0, 1e-6, 1e6, "Smoothing parameter"),
        ParameterSpec::integer("warmup_epochs", 4, 0, 100000, "Epochs of log-loss training; nadir from the last") };
    spec.create = [](const core::ParameterValues& v, int tasks) {
        return std::make_unique<SmoothTchebycheff>(tasks, v.real("mu"), static_cast<int>(v.integer("warmup_epochs")));
    };
    return spec;
}

MethodSpec excessSpec()
{
    MethodSpec spec = methodSpec("excess_mtl", "ExcessMTL", MethodFamily::LossWeighting,
        "He et al. 2024, Robust Multi-Task Learning with Excess Risks (ICML)",
        "Exponentiated-gradient weights on Adagrad-preconditioned excess-risk estimates g^T diag(sqrt A)^-1 g.");
    spec.properties.stateful = true;
    spec.parameters = { ParameterSpec::real("robust_step_size", 1e-2, 0.0, 10.0, "Step size eta of the weights"),
        ParameterSpec::choice("preconditioner", "diagonal", { "diagonal", "scalar" },
            "diagonal: per-coordinate Adagrad sums (exact, needs the Jacobian); scalar: one sum per task (Gramian "
            "only)") };
    spec.create = [](const core::ParameterValues& v, int tasks) {
        return std::make_unique<ExcessMtl>(tasks, v.real("robust_step_size"), v.text("preconditioner") == "diagonal");
    };
    return spec;
}

MethodSpec imtlLSpec()
{
    MethodSpec spec = methodSpec("imtl_l", "IMTL-L", MethodFamily::LossWeighting,
        "Liu et al. 2021, Towards Impartial Multi-task Learning (ICLR), IMTL-L",
        "Learnable scales s: loss sum e^s_t L_t - s_t, w_t = e^s_t.");
    spec.properties.linearUnderScaling = true;
    spec.properties.stateful = true;
    spec.parameters = { learningRate(0.025, "the scales"),
        ParameterSpec::real("init", 0.0, -20.0, 20.0, "Initial scale s (LibMTL)") };
    spec.create = [](const core::ParameterValues& v, int tasks) {
        return std::make_unique<ImtlLoss>(tasks, v.real("lr"), v.real("init"));
    };
    return spec;
}

MethodSpec imtlSpec()
{
    MethodSpec spec = methodSpec("imtl", "IMTL", MethodFamily::LossWeighting,
        "Liu et al. 2021, Towards Impartial Multi-task Learning (ICLR), hybrid IMTL (IMTL-L + IMTL-G)",
        "IMTL-L scales c = e^s, IMTL-G weights alpha of the scaled gradients: w_t = c_t alpha_t.");
    spec.properties.stateful = true;
    spec.parameters = { learningRate(0.025, "the scales"),
        ParameterSpec::real("init", 0.0, -20.0, 20.0, "Initial scale s (LibMTL)") };
    spec.create = [](const core::ParameterValues& v, int tasks) {
        return std::make_unique<HybridImtl>(tasks, v.real("lr"), v.real("init"));
    };
    return spec;
}

} // namespace

void registerLossWeightingMethods(MethodRegistry& registry)
{
    registry.add(glsSpec());
    registry.add(uwSpec());
    registry.add(dwaSpec());
    registry.add(gradnormSpec());
    registry.add(emaSpec());
    registry.add(gnSpec());
    registry.add(emtlSpec());
    registry.add(famoSpec());
    registry.add(dbSpec());
    registry.add(stchSpec());
    registry.add(excessSpec());
    registry.add(imtlLSpec());
    registry.add(imtlSpec());
}

} // namespace mtw::mtl
