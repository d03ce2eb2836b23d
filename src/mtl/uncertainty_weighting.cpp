#include "mtl/uncertainty_weighting.h"

#include "mtl/method_state_io.h"

#include <string>

namespace mtw::mtl {

UncertaintyWeighting::UncertaintyWeighting(int tasks, double learningRate, double initialLogVariance)
    : m_logVariance(VectorXd::Constant(tasks, initialLogVariance))
    , m_adam(ParameterAdamOptions { learningRate })
{
}

void UncertaintyWeighting::compute(const MethodInput& input, MethodOutput& output)
{
    const VectorXd precision = (-m_logVariance.array()).exp().matrix();
    output.weights = 0.5 * precision;
    for (Eigen::Index t = 0; t < m_logVariance.size(); ++t)
        output.extras["log_variance_" + std::to_string(t)] = m_logVariance(t);
    const VectorXd gradient = (0.5 * (1.0 - input.losses.array() * precision.array())).matrix();
    m_adam.step(m_logVariance, gradient);
}

MethodState UncertaintyWeighting::state() const
{
    MethodState state;
    putVector(state, "log_variance", m_logVariance);
    m_adam.saveState(state, "");
    return state;
}

void UncertaintyWeighting::setState(const MethodState& state)
{
    VectorXd values = takeVector(state, "log_variance", m_logVariance.size());
    m_adam.loadState(state, "", m_logVariance.size());
    m_logVariance = std::move(values);
}

} // namespace mtw::mtl
