#include "mtl/imtl_loss.h"

#include "mtl/method_state_io.h"

#include <string>

namespace mtw::mtl {

ImtlLoss::ImtlLoss(int tasks, double learningRate, double initialScale)
    : m_scales(VectorXd::Constant(tasks, initialScale))
    , m_adam(ParameterAdamOptions { learningRate })
{
}

void ImtlLoss::compute(const MethodInput& input, MethodOutput& output)
{
    const VectorXd factors = m_scales.array().exp().matrix();
    output.weights = factors;
    for (Eigen::Index t = 0; t < m_scales.size(); ++t)
        output.extras["scale_" + std::to_string(t)] = m_scales(t);
    const VectorXd gradient = (factors.array() * input.losses.array() - 1.0).matrix();
    m_adam.step(m_scales, gradient);
}

MethodState ImtlLoss::state() const
{
    MethodState state;
    putVector(state, "scales", m_scales);
    m_adam.saveState(state, "");
    return state;
}

void ImtlLoss::setState(const MethodState& state)
{
    VectorXd values = takeVector(state, "scales", m_scales.size());
    m_adam.loadState(state, "", m_scales.size());
    m_scales = std::move(values);
}

} // namespace mtw::mtl
