#include "mtl/parameter_adam.h"

#include "mtl/method_state_io.h"

#include <cmath>

namespace mtw::mtl {

ParameterAdam::ParameterAdam(ParameterAdamOptions options)
    : m_options(options)
{
}

void ParameterAdam::step(VectorXd& theta, const VectorXd& gradient)
{
    if (m_first.size() != theta.size()) {
        m_first = VectorXd::Zero(theta.size());
        m_second = VectorXd::Zero(theta.size());
    }
    ++m_steps;
    VectorXd g = gradient;
    if (m_options.weightDecay != 0.0)
        g += m_options.weightDecay * theta;
    m_first = m_options.beta1 * m_first + (1.0 - m_options.beta1) * g;
    m_second = m_options.beta2 * m_second + (1.0 - m_options.beta2) * g.cwiseAbs2();
    const double t = static_cast<double>(m_steps);
    const double correction1 = 1.0 - std::pow(m_options.beta1, t);
    const double correction2 = 1.0 - std::pow(m_options.beta2, t);
    const VectorXd denominator = (m_second.array().sqrt() / std::sqrt(correction2) + m_options.epsilon).matrix();
    theta.array() -= (m_options.learningRate / correction1) * m_first.array() / denominator.array();
}

void ParameterAdam::saveState(MethodState& state, const std::string& prefix) const
{
    const Eigen::Index size = m_first.size();
    putVector(state, prefix + "adam_m", size ? m_first : VectorXd());
    putVector(state, prefix + "adam_v", size ? m_second : VectorXd());
    putScalar(state, prefix + "adam_steps", static_cast<double>(m_steps));
}

void ParameterAdam::loadState(const MethodState& state, const std::string& prefix, Eigen::Index size)
{
    const auto steps = static_cast<long long>(takeScalar(state, prefix + "adam_steps"));
    // Before the first step the moments are empty; afterwards they have one entry per parameter.
    const Eigen::Index stored = steps > 0 ? size : 0;
    VectorXd first = takeVector(state, prefix + "adam_m", stored);
    VectorXd second = takeVector(state, prefix + "adam_v", stored);
    m_steps = steps;
    m_first = std::move(first);
    m_second = std::move(second);
}

} // namespace mtw::mtl
