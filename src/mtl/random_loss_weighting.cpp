#include "mtl/random_loss_weighting.h"

namespace mtw::mtl {

void RandomLossWeighting::compute(const MethodInput& input, MethodOutput& output)
{
    const Eigen::Index tasks = input.losses.size();
    VectorXd z(tasks);
    for (Eigen::Index t = 0; t < tasks; ++t)
        z(t) = input.rng.normal();
    z.array() -= z.maxCoeff();
    output.weights = z.array().exp();
    output.weights /= output.weights.sum();
}

} // namespace mtw::mtl
