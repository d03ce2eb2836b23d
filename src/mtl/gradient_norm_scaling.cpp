#include "mtl/gradient_norm_scaling.h"

namespace mtw::mtl {

void GradientNormScaling::compute(const MethodInput& input, MethodOutput& output)
{
    const VectorXd norms = input.gramian.diagonal().cwiseMax(0.0).cwiseSqrt();
    const double meanNorm = norms.mean();
    double common = meanNorm;
    switch (m_target) {
    case Target::Mean:
        break;
    case Target::Max:
        common = norms.maxCoeff();
        break;
    case Target::Min:
        common = norms.minCoeff();
        break;
    case Target::Unit:
        common = 1.0;
        break;
    }
    output.weights.resize(norms.size());
    for (Eigen::Index t = 0; t < norms.size(); ++t)
        output.weights(t) = norms(t) > 0.0 ? common / norms(t) : 1.0;
    output.extras["mean_gradient_norm"] = meanNorm;
    output.extras["common_gradient_norm"] = common;
}

} // namespace mtw::mtl
