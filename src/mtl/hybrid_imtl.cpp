#include "mtl/hybrid_imtl.h"

#include "mtl/imtl_g.h"
#include "mtl/method_state_io.h"

#include <string>

namespace mtw::mtl {

HybridImtl::HybridImtl(int tasks, double learningRate, double initialScale)
    : m_scales(VectorXd::Constant(tasks, initialScale))
    , m_adam(ParameterAdamOptions { learningRate })
{
}

void HybridImtl::compute(const MethodInput& input, MethodOutput& output)
{
    const VectorXd factors = m_scales.array().exp().matrix();
    const MatrixXd scaledGramian = factors.asDiagonal() * input.gramian * factors.asDiagonal();
    const VectorXd alpha = imtlGradientWeights(scaledGramian);
    output.weights = factors.cwiseProduct(alpha);
    for (Eigen::Index t = 0; t < m_scales.size(); ++t) {
        output.extras["scale_" + std::to_string(t)] = m_scales(t);
        output.extras["alpha_" + std::to_string(t)] = alpha(t);
    }
    const VectorXd gradient = (factors.array() * input.losses.array() - 1.0).matrix();
    m_adam.step(m_scales, gradient);
}

MethodState HybridImtl::state() const
{
    MethodState state;
    putVector(state, "scales", m_scales);
    m_adam.saveState(state, "");
    return state;
}

void HybridImtl::setState(const MethodState& state)
{
    VectorXd values = takeVector(state, "scales", m_scales.size());
    m_adam.loadState(state, "", m_scales.size());
    m_scales = std::move(values);
}

} // namespace mtw::mtl
