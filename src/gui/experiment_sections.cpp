#include "gui/experiment_sections.h"

#include "engine/experiment.h"

namespace mtw::gui {

namespace {

using core::ParameterSpec;

constexpr long long huge = 1LL << 40;

std::vector<ExperimentSection> buildSections()
{
    const engine::Experiment d;
    std::vector<ExperimentSection> sections;
    sections.push_back({ QStringLiteral("optimizer"), QStringLiteral("Optimizer"),
        {
            ParameterSpec::choice("type", d.optimizer.type, { "sgd", "adam", "adamw" }, "Optimizer"),
            ParameterSpec::real("lr", d.optimizer.learningRate, 0.0, 1e6, "Learning rate (before the schedule)"),
            ParameterSpec::real("momentum", d.optimizer.momentum, 0.0, 1.0, "SGD momentum"),
            ParameterSpec::boolean("nesterov", d.optimizer.nesterov, "Nesterov momentum (SGD)"),
            ParameterSpec::real(
                "weight_decay", d.optimizer.weightDecay, 0.0, 1e3, "L2 weight decay (decoupled for AdamW)"),
            ParameterSpec::real("beta1", d.optimizer.beta1, 0.0, 0.999999, "Adam first-moment decay"),
            ParameterSpec::real("beta2", d.optimizer.beta2, 0.0, 0.99999999, "Adam second-moment decay"),
            ParameterSpec::real("eps", d.optimizer.epsilon, 0.0, 1.0, "Adam denominator epsilon"),
        } });
    sections.push_back({ QStringLiteral("schedule"), QStringLiteral("Learning-rate schedule"),
        {
            ParameterSpec::choice(
                "type", d.schedule.type, { "constant", "step", "exponential", "cosine" }, "Learning-rate schedule"),
            ParameterSpec::integer("step_size", d.schedule.stepSize, 1, huge, "Steps between decays (step schedule)"),
            ParameterSpec::real("gamma", d.schedule.gamma, 0.0, 1.0, "Decay factor (step, exponential)"),
            ParameterSpec::integer("warmup_steps", d.schedule.warmupSteps, 0, huge, "Linear warm-up steps"),
        } });
    sections.push_back({ QStringLiteral("training"), QStringLiteral("Training"),
        {
            ParameterSpec::integer("steps", d.steps, 1, huge, "Optimizer steps"),
            ParameterSpec::integer("batch_size", d.batchSize, 1, 1 << 20, "Mini-batch size (data problems)"),
            ParameterSpec::integer("seed", static_cast<long long>(d.seed), 0, 1LL << 53,
                "Seed of every random draw (same seed, same bits, any thread count)"),
            ParameterSpec::integer("threads", d.threads, 0, 4096, "Worker threads (0: all cores)"),
            ParameterSpec::choice("gradient_space", "parameters", { "parameters", "representation" },
                "Where task gradients are taken: shared parameters (exact) or the shared representation "
                "(MGDA-UB, Sener & Koltun 2018 section 3.3)"),
        } });
    sections.push_back({ QStringLiteral("evaluation"), QStringLiteral("Evaluation"),
        {
            ParameterSpec::integer(
                "every", d.evaluateEvery, 0, huge, "Evaluate every this many steps (0: only at the end)"),
        } });
    sections.push_back({ QStringLiteral("diagnostics"), QStringLiteral("Diagnostics"),
        {
            ParameterSpec::integer(
                "record_every", d.recordEvery, 1, huge, "Record step diagnostics every this many steps"),
            ParameterSpec::integer("matrix_every", d.matrixEvery, 0, huge,
                "Record the task cosine matrix every this many steps (0: never)"),
            ParameterSpec::integer(
                "snapshot_ms", d.snapshotMilliseconds, 1, 60000, "Milliseconds between snapshots sent to the views"),
            ParameterSpec::real("divergence_threshold", d.divergenceThreshold, 1.0, 1e300,
                "Stop the run when a task loss exceeds this"),
            ParameterSpec::integer("parameters_every", d.parametersEvery, 0, huge,
                "Store all parameters every this many steps and at the end, for the Landscape view's PCA plane "
                "of the trajectory (0: never; 4 bytes per parameter each)"),
        } });
    // A nested block (engine/factor_config.h): the form's key path names it, the dock writes it there.
    const engine::FactorConfig& f = d.factors;
    sections.push_back({ QStringLiteral("diagnostics.factors"), QStringLiteral("Trajectory factors"),
        {
            ParameterSpec::integer("every", f.every, 0, huge,
                "Measure sharpness, Fisher, coherence, ... every this many steps, densely early and at the end (0: "
                "off)"),
            ParameterSpec::integer(
                "samples", f.samples, 2, 1 << 20, "Fixed sample: the first this many training samples"),
            ParameterSpec::integer(
                "batch_size", f.batchSize, 0, 1 << 20, "Within-task cosine batches (0: the training batch size)"),
            ParameterSpec::boolean("sharpness", f.sharpness, "Top Hessian eigenvalue (Lanczos; the costly one)"),
            ParameterSpec::integer("sharpness_iterations", f.sharpnessIterations, 1, 10000,
                "Lanczos iterations (Hessian-vector products) at most"),
            ParameterSpec::integer(
                "sharpness_top_k", f.sharpnessTopK, 1, 10, "How many top eigenvalues (sharpness, sharpness_2, ...)"),
            ParameterSpec::integer("sharpness_samples", f.sharpnessSamples, 2, 1 << 20,
                "The sharpness' sample: the first this many of the fixed sample"),
            ParameterSpec::real("sharpness_tolerance", f.sharpnessTolerance, 1e-12, 1.0, "Relative Ritz residual"),
            ParameterSpec::real("hvp_epsilon", f.hvpEpsilon, 1e-8, 10.0, "Finite-difference step of H v"),
            ParameterSpec::choice("hvp_difference", f.hvpDifference, { "forward", "central" },
                "H v by forward differences (one gradient, O(eps)) or central ones (two, O(eps^2))"),
            ParameterSpec::realList("sam_rho", f.samRho, 1e-12, 100.0, "SAM sharpness radii (empty: off)"),
            ParameterSpec::choice("fisher", f.fisher, { "sampled", "empirical", "off" },
                "Fisher trace with labels sampled from the model, the data's labels, or off"),
            ParameterSpec::boolean("coherence", f.coherence, "Per-example gradient coherence and noise scale"),
            ParameterSpec::boolean(
                "within_task_cosine", f.withinTaskCosine, "Cosine of two batches' gradients of a task"),
            ParameterSpec::boolean("total_loss", f.totalLoss, "Sharpness and SAM of the total loss too"),
            ParameterSpec::choice("tag_affinity", f.tagAffinity, { "both", "lookahead", "optimizer", "off" },
                "Look-ahead affinity matrix: TAG's plain step, the run's optimizer step, both, or off"),
            ParameterSpec::real("tag_eta", f.tagEta, 0.0, 100.0, "TAG look-ahead learning rate (0: the run's)"),
        } });
    return sections;
}

} // namespace

const std::vector<ExperimentSection>& experimentSections()
{
    static const std::vector<ExperimentSection> sections = buildSections();
    return sections;
}

} // namespace mtw::gui
