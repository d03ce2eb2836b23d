#include "engine/factor_probe.h"

#include "analysis/curvature.h"
#include "analysis/gradient_factors.h"
#include "analysis/task_affinity.h"
#include "analysis/task_gradient_oracle.h"
#include "engine/seed_streams.h"
#include "engine/training_mode.h"
#include "problem/analytic_problem.h"
#include "problem/hard_sharing_network.h"

#include <cmath>
#include <sstream>

namespace mtw::engine {

FactorProbe::FactorProbe(const Experiment& experiment, problem::MultiTaskProblem& problem,
    const std::function<std::unique_ptr<problem::MultiTaskProblem>()>& ownProblem)
    : m_config(experiment.factors)
    , m_learningRate(experiment.optimizer.learningRate)
    , m_seed(seedStream(experiment.seed, SeedStream::Factors).next())
{
    for (const problem::TaskInfo& task : problem.tasks())
        m_taskNames.push_back(task.name);
    problem::MultiTaskProblem* measured = &problem;
    const auto* network = dynamic_cast<const problem::HardSharingNetwork*>(&problem);
    if (!network && !dynamic_cast<const problem::AnalyticProblem*>(&problem)) {
        m_ownProblem = ownProblem();
        measured = m_ownProblem.get();
        // Hessian-vector products subtract two gradients, so every call must see the same batch:
        // draw one and hold it (problem::EpochSampler::hold).
        core::Rng rng(m_seed);
        problem::StepGradients first;
        measured->computeGradients(measured->initialParameters(rng), problem::GradientRequest {}, rng, first);
        measured->holdBatch(true);
    }
    m_oracle = std::make_unique<analysis::TaskGradientOracle>(*measured, m_seed, m_config.samples);
    // Networks: the sharpness on its own (smaller) sample, the first samples of the factor sample.
    if (network && m_config.sharpness && m_config.sharpnessSamples < m_config.samples)
        m_sharpnessOracle
            = std::make_unique<analysis::TaskGradientOracle>(*measured, m_seed, m_config.sharpnessSamples);
    m_eigenvectors.resize(static_cast<std::size_t>(m_oracle->taskCount() + 1));
    const bool fisher = m_config.fisher != "off";
    if (network && (fisher || m_config.coherence || m_config.withinTaskCosine)) {
        analysis::GradientFactorOptions options;
        options.samples = m_config.samples;
        options.batchSize = m_config.batchSize > 0 ? m_config.batchSize : experiment.batchSize;
        options.coherence = m_config.coherence;
        options.withinTaskCosine = m_config.withinTaskCosine;
        options.fisher = fisher;
        options.fisherLabels
            = m_config.fisher == "empirical" ? analysis::FisherLabels::Empirical : analysis::FisherLabels::Sampled;
        options.seed = m_seed;
        m_estimator = std::make_unique<analysis::GradientFactorEstimator>(*network, options);
    }
}

FactorProbe::~FactorProbe() = default;

std::string FactorProbe::samName(double rho)
{
    std::ostringstream name;
    name << "sam@" << rho;
    return name.str();
}

void FactorProbe::measure(
    const core::Vector& theta, long long step, std::vector<FactorRecord>& out, const LookaheadContext& lookahead)
{
    const Eigen::VectorXd point = theta.cast<double>();
    const int tasks = m_oracle->taskCount();
    const auto add = [&](int task, const std::string& name, double value) {
        out.push_back({ step, task, name, value });
    };
    // SAM and the look-ahead affinities both start from every task's gradient at the point: one
    // forward and T backward passes serve them all (SAM's total uses the rows' sum), instead of
    // a gradient per SAM loss and another evaluation for the affinities.
    const bool affinity = plainAffinity() || optimizerAffinity(lookahead);
    const bool sharedGradients = !m_config.samRho.empty() || affinity;
    Eigen::VectorXd losses;
    Eigen::MatrixXd gradients;
    if (sharedGradients)
        m_oracle->evaluate(point, losses, &gradients);
    else
        losses = m_oracle->losses(point);
    for (int t = 0; t < tasks; ++t)
        add(t, "loss", losses(t));
    add(-1, "loss", losses.sum());

    const int firstTask = m_config.totalLoss ? -1 : 0;
    for (int task = firstTask; task < tasks; ++task) {
        if (m_config.sharpness) {
            analysis::CurvatureOptions options;
            options.maxIterations = m_config.sharpnessIterations;
            options.tolerance = m_config.sharpnessTolerance;
            options.epsilon = m_config.hvpEpsilon;
            options.forwardDifference = m_config.hvpDifference == "forward";
            // The random start depends on (step, loss) only; after the first measurement the
            // previous eigenvectors start it: they move slowly along a trajectory.
            options.seed = core::Rng(m_seed)
                               .derive(static_cast<std::uint64_t>(step))
                               .derive(static_cast<std::uint64_t>(task + 1))
                               .next();
            Eigen::VectorXd& previous = m_eigenvectors[static_cast<std::size_t>(task + 1)];
            options.start = previous;
            const analysis::HessianSpectrum spectrum = analysis::hessianTopEigenvalues(
                m_sharpnessOracle ? *m_sharpnessOracle : *m_oracle, point, task, m_config.sharpnessTopK, options);
            for (Eigen::Index i = 0; i < spectrum.eigenvalues.size(); ++i)
                add(task, i == 0 ? std::string("sharpness") : "sharpness_" + std::to_string(i + 1),
                    spectrum.eigenvalues(i));
            // What the estimate cost, negative when it stopped unconverged at sharpness_iterations.
            add(task, "sharpness_products", spectrum.converged ? spectrum.products : -spectrum.products);
            if (spectrum.eigenvectors.cols() > 0)
                previous = spectrum.eigenvectors.rowwise().sum();
        }
        if (!m_config.samRho.empty()) {
            const Eigen::VectorXd gradient
                = task >= 0 ? Eigen::VectorXd(gradients.row(task).transpose()) : gradients.colwise().sum().transpose();
            const double loss = task >= 0 ? losses(task) : losses.sum();
            for (double rho : m_config.samRho)
                add(task, samName(rho), analysis::samSharpness(*m_oracle, point, loss, gradient, task, rho));
        }
    }

    if (affinity)
        measureAffinity(point, step, lookahead, losses, gradients, out);

    if (!m_estimator)
        return;
    const std::vector<analysis::TaskGradientFactors> factors = m_estimator->estimate(theta, step);
    for (int t = 0; t < tasks; ++t) {
        const analysis::TaskGradientFactors& f = factors[static_cast<std::size_t>(t)];
        if (m_config.fisher != "off")
            add(t, "fisher_trace", f.fisherTrace);
        if (m_config.coherence) {
            add(t, "coherence", f.coherence);
            add(t, "noise_scale", f.noiseScale);
            add(t, "gradient_norm", f.gradientNorm);
        }
        if (m_config.withinTaskCosine)
            add(t, "within_task_cosine", f.withinTaskCosine);
    }
}

bool FactorProbe::plainAffinity() const
{
    return m_config.tagAffinity == "both" || m_config.tagAffinity == "lookahead";
}

bool FactorProbe::optimizerAffinity(const LookaheadContext& lookahead) const
{
    return lookahead.mode && (m_config.tagAffinity == "both" || m_config.tagAffinity == "optimizer");
}

void FactorProbe::measureAffinity(const Eigen::VectorXd& point, long long step, const LookaheadContext& lookahead,
    const Eigen::VectorXd& losses, const Eigen::MatrixXd& gradients, std::vector<FactorRecord>& out) const
{
    const double learningRate = lookahead.learningRate > 0 ? lookahead.learningRate : m_learningRate;
    const auto record = [&](const Eigen::MatrixXd& affinity, const char* prefix) {
        for (Eigen::Index s = 0; s < affinity.rows(); ++s)
            for (Eigen::Index t = 0; t < affinity.cols(); ++t)
                out.push_back({ step, static_cast<int>(s), prefix + m_taskNames.at(static_cast<std::size_t>(t)),
                    affinity(s, t) });
    };
    if (plainAffinity()) {
        const double eta = m_config.tagEta > 0 ? m_config.tagEta : learningRate;
        record(analysis::lookaheadAffinity(
                   *m_oracle, point, losses, gradients, analysis::sharedGradientStep(*m_oracle, eta), eta),
            tagAffinityPrefix);
    }
    if (optimizerAffinity(lookahead)) {
        // The trainer's parameters are single precision: the step runs there, on a copy.
        const TrainingMode& mode = *lookahead.mode;
        const analysis::LookaheadStep optimizerStep
            = [&mode, learningRate](Eigen::VectorXd& theta, const Eigen::VectorXd& gradient, int task) {
                  core::Vector moved = theta.cast<core::Scalar>();
                  mode.lookahead(moved, gradient.cast<core::Scalar>(), learningRate, task);
                  theta = moved.cast<double>();
              };
        record(analysis::lookaheadAffinity(*m_oracle, point, losses, gradients, optimizerStep, learningRate),
            tagOptimizerPrefix);
    }
}

const std::vector<FactorDescription>& FactorProbe::catalogue()
{
    static const std::vector<FactorDescription> list {
        { "loss", "task loss on the fixed sample (total: the sum); the factor view's x-axis", "1 forward", false },
        { "sharpness",
            "top Hessian eigenvalue (Lanczos on finite-difference Hessian-vector products, warm-started "
            "from the previous measurement); sharpness_2, ... with sharpness_top_k; per task and for the total loss",
            "1 gradient on sharpness_samples per Lanczos iteration (2 with hvp_difference central; <= "
            "sharpness_iterations, "
            "a few once warm) per loss",
            false },
        { "sharpness_products",
            "Hessian-vector products the sharpness took (negative: stopped at sharpness_iterations unconverged)",
            "free", false },
        { "sam@<rho>", "SAM sharpness L(theta + rho g/|g|) - L(theta) (Foret et al. 2021), one per sam_rho",
            "1 gradient + 1 forward per rho and loss", false },
        { "fisher_trace",
            "Fisher information trace mean_i |grad log p(y_i|x_i)|^2, labels sampled from the model "
            "(fisher: sampled) or the data's (empirical)",
            "1 forward + 1 backward per task, with per-example gradient norms", true },
        { "coherence", "per-example gradient coherence |mean g_i|^2 / mean |g_i|^2 (Chatterjee & Zielinski 2020)",
            "1 forward + 1 backward per task (shared with noise_scale, gradient_norm, within_task_cosine)", true },
        { "noise_scale", "gradient noise scale B_simple = tr(Sigma) / |G|^2 (McCandlish et al. 2018)", "with coherence",
            true },
        { "gradient_norm", "norm of the task's mean gradient on the sample", "with coherence", true },
        { "within_task_cosine",
            "cosine of one task's gradients on two disjoint batches (Elich et al. 2024): the single-task "
            "baseline for between-task conflict",
            "with coherence", true },
        { "tag_affinity><t>",
            "TAG look-ahead affinity Z(s -> t) = (1 - L_t(theta_s - eta g_s) / L_t(theta)) / eta, row task s (Fifty et "
            "al. "
            "2021), eta = tag_eta or the run's learning rate; tag_affinity: lookahead or both",
            "1 backward per task (shared with tag_optimizer) + 1 forward per task", false },
        { "tag_optimizer><t>",
            "optimizer-consistent look-ahead affinity: the run's own optimizer step on task s's loss from a copy of "
            "its "
            "state (Wang, Pan & Yu 2024), over the learning rate; tag_affinity: optimizer or both",
            "1 forward per task (+ the gradients above)", false },
        { "magnitude_similarity",
            "min over task pairs of 2|g_i||g_j| / (|g_i|^2 + |g_j|^2) (Yu et al. 2020), every recorded step "
            "(always on)",
            "free (from the Gramian the step already forms)", false },
    };
    return list;
}

} // namespace mtw::engine
