#include "engine/factor_config.h"

#include "engine/dense_early_schedule.h"
#include "engine/object_reader.h"

namespace mtw::engine {

bool FactorConfig::due(long long step, long long totalSteps) const
{
    // The evaluations' schedule (Trainer::evaluationDue), plus the run's last step.
    return every > 0 && step <= totalSteps && (denselyEarlyDue(step, every) || step == totalSteps);
}

FactorConfig factorConfigFromJson(const nlohmann::json& node, const std::string& path)
{
    FactorConfig c;
    ObjectReader r(node, path);
    c.every = r.integer("every", c.every, 0, 1LL << 40,
        "steps between measurements, plus steps 1, 2, 4, ... below it and the last step; 0: off");
    c.samples = static_cast<int>(
        r.integer("samples", c.samples, 2, 1 << 20, "the fixed sample: the first this many training samples"));
    c.batchSize = static_cast<int>(r.integer("batch_size", c.batchSize, 0, 1 << 20,
        "within-task cosine: two disjoint batches of this size from the sample; 0: the training batch size"));
    c.sharpness = r.boolean("sharpness", c.sharpness, "top Hessian eigenvalues (Lanczos on Hessian-vector products)");
    c.sharpnessTopK
        = static_cast<int>(r.integer("sharpness_top_k", c.sharpnessTopK, 1, 10, "how many top eigenvalues"));
    c.sharpnessSamples = static_cast<int>(r.integer("sharpness_samples", c.sharpnessSamples, 2, 1 << 20,
        "the sharpness' own sample: the first this many of the fixed sample"));
    c.sharpnessIterations = static_cast<int>(r.integer("sharpness_iterations", c.sharpnessIterations, 1, 10000,
        "at most this many Hessian-vector products per measurement (at least sharpness_top_k)"));
    if (c.sharpnessIterations < c.sharpnessTopK)
        throw ExperimentError(r.keyPath("sharpness_iterations"),
            "must be at least sharpness_top_k (" + std::to_string(c.sharpnessTopK) + "), got "
                + std::to_string(c.sharpnessIterations));
    c.sharpnessTolerance = r.number("sharpness_tolerance", c.sharpnessTolerance, 1e-12, 1.0,
        "converged when each Ritz residual is at most this times |eigenvalue|");
    c.hvpEpsilon
        = r.number("hvp_epsilon", c.hvpEpsilon, 1e-8, 10.0, "the finite-difference step of a Hessian-vector product");
    c.hvpDifference = r.text("hvp_difference", c.hvpDifference, { "forward", "central" },
        "forward: one gradient per product, error O(eps); central: two, O(eps^2)");
    std::string rhoDefault;
    for (double rho : c.samRho)
        rhoDefault += (rhoDefault.empty() ? "" : ", ") + referenceNumber(rho);
    if (const nlohmann::json* rho = r.find("sam_rho",
            { "list of numbers in (0, 100]", "`[" + rhoDefault + "]`",
                "SAM sharpness L(theta + rho g/|g|) - L(theta), one per rho; []: off" })) {
        if (!rho->is_array())
            throw ExperimentError(r.keyPath("sam_rho"), "must be a list of numbers (e.g. [0.01, 0.05])");
        c.samRho.clear();
        for (std::size_t i = 0; i < rho->size(); ++i) {
            const nlohmann::json& value = (*rho)[i];
            const std::string at = r.keyPath("sam_rho") + "[" + std::to_string(i) + "]";
            if (!value.is_number())
                throw ExperimentError(at, "must be a number");
            const double x = value.get<double>();
            if (!(x > 0 && x <= 100))
                throw ExperimentError(at, "must be in (0, 100], got " + value.dump());
            c.samRho.push_back(x);
        }
    }
    c.fisher = r.text("fisher", c.fisher, { "sampled", "empirical", "off" },
        "Fisher trace with labels drawn from the model (sampled) or the data's labels (empirical)");
    c.coherence = r.boolean("coherence", c.coherence, "per-example gradient coherence and the gradient noise scale");
    c.withinTaskCosine
        = r.boolean("within_task_cosine", c.withinTaskCosine, "cosine between two batches' gradients of the same task");
    c.totalLoss = r.boolean("total_loss", c.totalLoss, "sharpness and SAM sharpness of the total loss too");
    c.tagAffinity = r.text("tag_affinity", c.tagAffinity, { "both", "lookahead", "optimizer", "off" },
        "look-ahead task affinity: TAG's plain step (lookahead), the run's optimizer step (optimizer), both, or off");
    c.tagEta = r.number("tag_eta", c.tagEta, 0.0, 100.0, "TAG's look-ahead learning rate; 0: the run's at that step");
    r.finish();
    return c;
}

nlohmann::json factorConfigToJson(const FactorConfig& c)
{
    return { { "every", c.every }, { "samples", c.samples }, { "batch_size", c.batchSize },
        { "sharpness", c.sharpness }, { "sharpness_top_k", c.sharpnessTopK },
        { "sharpness_samples", c.sharpnessSamples }, { "sharpness_iterations", c.sharpnessIterations },
        { "sharpness_tolerance", c.sharpnessTolerance }, { "hvp_epsilon", c.hvpEpsilon },
        { "hvp_difference", c.hvpDifference }, { "sam_rho", c.samRho }, { "fisher", c.fisher },
        { "coherence", c.coherence }, { "within_task_cosine", c.withinTaskCosine }, { "total_loss", c.totalLoss },
        { "tag_affinity", c.tagAffinity }, { "tag_eta", c.tagEta } };
}

} // namespace mtw::engine
