#include "mtl/equitable_mtl.h"

namespace mtw::mtl {

void EquitableMtl::compute(const MethodInput& input, MethodOutput& output)
{
    const Eigen::Index tasks = input.losses.size();
    const VectorXd norms = input.gramian.diagonal().cwiseMax(0.0).cwiseSqrt();
    VectorXd contributions = VectorXd::Zero(tasks);
    double sum = 0.0;
    Eigen::Index counted = 0;
    for (Eigen::Index t = 0; t < tasks; ++t)
        if (norms(t) > 0.0) {
            contributions(t) = input.losses(t) / norms(t);
            sum += contributions(t);
            ++counted;
        }
    output.weights = VectorXd::Ones(tasks);
    double variance = 0.0;
    if (counted >= 2) {
        const double mean = sum / static_cast<double>(counted);
        const double scale = 2.0 * m_lambda / static_cast<double>(counted - 1);
        for (Eigen::Index t = 0; t < tasks; ++t)
            if (norms(t) > 0.0) {
                const double deviation = contributions(t) - mean;
                variance += deviation * deviation;
                output.weights(t) += scale * deviation / norms(t);
            }
        variance /= static_cast<double>(counted - 1);
    }
    for (Eigen::Index t = 0; t < tasks; ++t)
        output.extras["contribution_" + std::to_string(t)] = contributions(t);
    output.extras["contribution_variance"] = variance;
}

} // namespace mtw::mtl
