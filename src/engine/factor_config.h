#pragma once
// The schedule and settings of the trajectory factors (Mueller, Dredze & Andrews 2024, "Can
// Optimization Trajectories Explain Multi-Task Transfer?", TMLR), the experiment's
// "diagnostics.factors" block. Off unless `every` > 0:
//
//   "diagnostics": { "factors": {
//       "every": 500,               steps between measurements; also densely early (steps 0, 1, 2,
//                                   4, ... below `every`) and at the run's last step; 0: off
//       "samples": 512,             the fixed sample: the first `samples` training samples
//       "batch_size": 0,            within-task cosine: two disjoint batches of this size from the
//                                   sample (0: the training batch size; halves if it does not fit)
//       "sharpness": true,          top Hessian eigenvalues by Lanczos on finite-difference
//       "sharpness_top_k": 1,         Hessian-vector products (analysis/curvature.h): how many, at
//       "sharpness_iterations": 20,   most this many products, converged when each Ritz residual is
//       "sharpness_tolerance": 1e-2,  <= tolerance |lambda| (the eigenvalue error is about the
//       "hvp_epsilon": 1e-2,          residual squared over the gap), and the difference step; each
//                                   measurement starts from the previous one's eigenvectors
//       "hvp_difference": "forward", forward differences reuse g(theta): one gradient per product,
//                                   error O(eps) (about 1e-3 relative on the tests' network);
//                                   "central": two, O(eps^2) (analysis/curvature.h)
//       "sharpness_samples": 256,   the sharpness' own sample: the first this many of the fixed
//                                   sample (PyHessian also uses one batch); at most `samples`
//       "sam_rho": [0.05],          SAM sharpness L(theta + rho g/|g|) - L(theta), one per rho ([]: off)
//       "fisher": "sampled",        Fisher trace with labels drawn from the model, "empirical"
//                                   (the data's labels), or "off"
//       "coherence": true,          per-example gradient coherence and the gradient noise scale
//       "within_task_cosine": true,
//       "total_loss": true,         sharpness and SAM of the total loss sum_t L_t too
//       "tag_affinity": "both",     the T x T look-ahead affinity (analysis/task_affinity.h): TAG's
//                                   plain step on the shared parameters ("lookahead", Fifty et al.
//                                   2021), the run's own optimizer step ("optimizer", Wang, Pan &
//                                   Yu 2024), "both", or "off"
//       "tag_eta": 0                TAG's look-ahead learning rate; 0: the run's at that step
//   } }
//
// Measuring never touches the training's parameters or random streams: a run with factors on
// trains bit-identically to one with them off (engine/factor_probe.h).
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace mtw::engine {

struct FactorConfig {
    long long every = 0;
    int samples = 512;
    int batchSize = 0;
    bool sharpness = true;
    int sharpnessTopK = 1;
    int sharpnessSamples = 256;
    std::string hvpDifference = "forward"; // forward | central
    int sharpnessIterations = 20;
    double sharpnessTolerance = 1e-2;
    double hvpEpsilon = 1e-2;
    std::vector<double> samRho { 0.05 };
    std::string fisher = "sampled"; // sampled | empirical | off
    bool coherence = true;
    bool withinTaskCosine = true;
    bool totalLoss = true;
    std::string tagAffinity = "both"; // both | lookahead | optimizer | off
    double tagEta = 0; // 0: the run's learning rate at the measured step

    bool enabled() const { return every > 0; }
    // Whether the factors are measured after `step` optimizer steps of a run of `totalSteps`.
    bool due(long long step, long long totalSteps) const;
};

// Reads the "diagnostics.factors" object at `path`; throws ExperimentError at the key path.
FactorConfig factorConfigFromJson(const nlohmann::json& node, const std::string& path);
nlohmann::json factorConfigToJson(const FactorConfig& config);

} // namespace mtw::engine
