#include "mtl/geometric_loss_strategy.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace mtw::mtl {

void GeometricLossStrategy::compute(const MethodInput& input, MethodOutput& output)
{
    const VectorXd& losses = input.losses;
    const Eigen::Index tasks = losses.size();
    for (Eigen::Index t = 0; t < tasks; ++t)
        if (!(losses(t) > 0.0) || !std::isfinite(losses(t)))
            throw std::invalid_argument("gls: task " + std::to_string(t) + " has loss " + std::to_string(losses(t))
                + "; the geometric loss strategy needs positive finite losses");
    const double geometricMean = std::exp(losses.array().log().mean());
    output.weights = (geometricMean / static_cast<double>(tasks)) * losses.array().inverse();
    output.extras["geometric_mean_loss"] = geometricMean;
}

} // namespace mtw::mtl
