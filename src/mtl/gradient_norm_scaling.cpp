#include "mtl/gradient_norm_scaling.h"

namespace mtw::mtl {

void GradientNormScaling::compute(const MethodInput& input, MethodOutput& output) {
    const VectorXd norms = input.gramian.diagonal().cwiseMax(0.0).cwiseSqrt();
    const double meanNorm = norms.mean();
    output.weights.resize(norms.size());
    for (Eigen::Index t = 0; t < norms.size(); ++t)
        output.weights(t) = norms(t) > 0.0 ? meanNorm / norms(t) : 1.0;
    output.extras["mean_gradient_norm"] = meanNorm;
}

} // namespace mtw::mtl
