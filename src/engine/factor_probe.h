#pragma once
// Measures the trajectory factors of Mueller, Dredze & Andrews (2024, TMLR, "Can Optimization
// Trajectories Explain Multi-Task Transfer?") at the steps FactorConfig::due() names, on a fixed
// sample (the first `samples` training samples), per task t and, where it says so, for the total
// loss L = sum_t L_t (task -1). Record names (FactorRecord::name):
//
//   loss                 L_t on the sample (the factor view's x-axis; total: sum_t L_t)
//   sharpness            top Hessian eigenvalue of L_t (and of L) on the first sharpness_samples
//                        samples of the sample, Lanczos on finite-difference
//                        Hessian-vector products (analysis/curvature.h), started from the
//                        previous measurement's eigenvectors (a random start the first time, and
//                        after a resume: values then differ in the last digits, never the training)
//   sharpness_<i>        the i-th largest-magnitude eigenvalue, i = 2..sharpness_top_k
//   sharpness_products   the Hessian-vector products it took; negative when Lanczos stopped at
//                        sharpness_iterations without converging
//   sam@<rho>            SAM sharpness L(theta + rho g/|g|) - L(theta) (Foret et al. 2021, Eq. 2-3)
//   fisher_trace         tr F = mean_i |grad log p(y_i|x_i)|^2, labels sampled from the model (or
//                        the data's: "empirical"; analysis/gradient_factors.h)
//   coherence            |mean_i g_i|^2 / mean_i |g_i|^2 over per-example gradients
//                        (Chatterjee & Zielinski 2020)
//   noise_scale          B_simple = tr(Sigma) / |G|^2 (McCandlish et al. 2018)
//   within_task_cosine   cosine of one task's gradients on two disjoint batches (Elich et al. 2024)
//   gradient_norm        |mean_i g_i| on the sample
//   tag_affinity><t>     row task s: the TAG look-ahead affinity Z(s -> t) (Fifty et al. 2021), a
//                        plain step of eta = tag_eta (or the run's learning rate) on the shared
//                        parameters along task s's gradient, the relative change of task t's loss
//                        over eta (analysis/task_affinity.h); one record per (s, t)
//   tag_optimizer><t>    the same with the run's own optimizer step on task s's loss from a copy
//                        of its state (Wang, Pan & Yu 2024; TrainingMode::lookahead), over the
//                        run's learning rate
// Per-example factors need per-example gradients: hard-sharing networks only (MLP, CNN); other
// problems record the sharpness and SAM factors only, measured on one held training batch of
// their own instance (MMoE) or in closed form (analytic problems).
//
// Cost, in gradients of one loss on the sample (one backward pass each):
// sharpness 1 per Lanczos iteration on sharpness_samples (2 with central differences; <=
// sharpness_iterations, a few with a warm start) for each
// of the T (+1) losses; SAM 1
// gradient + 1 loss per rho and loss; Fisher 1 backward per task; coherence, noise scale and
// within-task cosine together 1 backward per task; the look-ahead affinities 1 backward per task
// and 1 forward per task and variant. `mtw-cli run --list-diagnostics` prints this.
//
// The probe never changes the parameters or the training's random streams: networks and analytic
// problems are only read; any other problem is measured on its own instance (`ownProblem`).
#include "engine/experiment.h"
#include "engine/snapshot.h"
#include "problem/multi_task_problem.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace mtw::analysis {
class TaskGradientOracle;
class GradientFactorEstimator;
} // namespace mtw::analysis

namespace mtw::engine {

class TrainingMode;

// The record-name prefixes of the look-ahead affinities; the target task's name follows.
inline constexpr const char* tagAffinityPrefix = "tag_affinity>";
inline constexpr const char* tagOptimizerPrefix = "tag_optimizer>";

// What the look-ahead affinities need of the training at the measured step.
struct LookaheadContext {
    double learningRate = 0; // the run's at this step (0: the experiment's base learning rate)
    const TrainingMode* mode = nullptr; // its optimizer's look-ahead; null: no optimizer variant
};

struct FactorDescription {
    std::string name;
    std::string meaning;
    std::string cost;
    bool perExample = false; // needs per-example gradients (hard-sharing networks)
};

class FactorProbe {
public:
    // `problem` is the training's problem; `ownProblem` builds a separate instance for problems
    // whose gradients cannot be read without stepping them (called at most once).
    FactorProbe(const Experiment& experiment, problem::MultiTaskProblem& problem,
        const std::function<std::unique_ptr<problem::MultiTaskProblem>()>& ownProblem);
    ~FactorProbe();
    FactorProbe(const FactorProbe&) = delete;
    FactorProbe& operator=(const FactorProbe&) = delete;

    // Appends the factors at theta (after `step` steps) to `out`.
    void measure(const core::Vector& theta, long long step, std::vector<FactorRecord>& out,
        const LookaheadContext& lookahead = {});

    // Whether per-example factors can be measured on this problem.
    bool perExample() const { return m_estimator != nullptr; }

    static const std::vector<FactorDescription>& catalogue();
    static std::string samName(double rho);

private:
    // Which look-ahead affinities tag_affinity asks for (the optimizer's needs the run's mode).
    bool plainAffinity() const;
    bool optimizerAffinity(const LookaheadContext& lookahead) const;
    // losses and gradients: evaluate()'s at point, shared with SAM.
    void measureAffinity(const Eigen::VectorXd& point, long long step, const LookaheadContext& lookahead,
        const Eigen::VectorXd& losses, const Eigen::MatrixXd& gradients, std::vector<FactorRecord>& out) const;

    FactorConfig m_config;
    double m_learningRate = 0; // the experiment's base learning rate
    std::vector<std::string> m_taskNames;
    std::uint64_t m_seed;
    std::unique_ptr<problem::MultiTaskProblem> m_ownProblem;
    std::unique_ptr<analysis::TaskGradientOracle> m_oracle;
    std::unique_ptr<analysis::TaskGradientOracle> m_sharpnessOracle; // on sharpness_samples (networks)
    std::unique_ptr<analysis::GradientFactorEstimator> m_estimator;
    std::vector<Eigen::VectorXd> m_eigenvectors; // per loss (total first): the last measurement's, summed
};

} // namespace mtw::engine
