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
    c.every = r.integer("every", c.every, 0, 1LL << 40);
    c.samples = static_cast<int>(r.integer("samples", c.samples, 2, 1 << 20));
    c.batchSize = static_cast<int>(r.integer("batch_size", c.batchSize, 0, 1 << 20));
    c.sharpness = r.boolean("sharpness", c.sharpness);
    c.sharpnessTopK = static_cast<int>(r.integer("sharpness_top_k", c.sharpnessTopK, 1, 10));
    c.sharpnessSamples = static_cast<int>(r.integer("sharpness_samples", c.sharpnessSamples, 2, 1 << 20));
    c.sharpnessIterations = static_cast<int>(r.integer("sharpness_iterations", c.sharpnessIterations, 1, 10000));
    if (c.sharpnessIterations < c.sharpnessTopK)
        throw ExperimentError(r.keyPath("sharpness_iterations"),
            "must be at least sharpness_top_k (" + std::to_string(c.sharpnessTopK) + "), got " + std::to_string(c.sharpnessIterations));
    c.sharpnessTolerance = r.number("sharpness_tolerance", c.sharpnessTolerance, 1e-12, 1.0);
    c.hvpEpsilon = r.number("hvp_epsilon", c.hvpEpsilon, 1e-8, 10.0);
    c.hvpDifference = r.text("hvp_difference", c.hvpDifference, { "forward", "central" });
    if (const nlohmann::json* rho = r.find("sam_rho")) {
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
    c.fisher = r.text("fisher", c.fisher, { "sampled", "empirical", "off" });
    c.coherence = r.boolean("coherence", c.coherence);
    c.withinTaskCosine = r.boolean("within_task_cosine", c.withinTaskCosine);
    c.totalLoss = r.boolean("total_loss", c.totalLoss);
    c.tagAffinity = r.text("tag_affinity", c.tagAffinity, { "both", "lookahead", "optimizer", "off" });
    c.tagEta = r.number("tag_eta", c.tagEta, 0.0, 100.0);
    r.finish();
    return c;
}

nlohmann::json factorConfigToJson(const FactorConfig& c)
{
    return { { "every", c.every }, { "samples", c.samples }, { "batch_size", c.batchSize }, { "sharpness", c.sharpness },
        { "sharpness_top_k", c.sharpnessTopK }, { "sharpness_samples", c.sharpnessSamples }, { "sharpness_iterations", c.sharpnessIterations }, { "sharpness_tolerance", c.sharpnessTolerance },
        { "hvp_epsilon", c.hvpEpsilon }, { "hvp_difference", c.hvpDifference }, { "sam_rho", c.samRho }, { "fisher", c.fisher }, { "coherence", c.coherence },
        { "within_task_cosine", c.withinTaskCosine }, { "total_loss", c.totalLoss }, { "tag_affinity", c.tagAffinity },
        { "tag_eta", c.tagEta } };
}

} // namespace mtw::engine
