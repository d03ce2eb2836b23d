#include "core/optimizer.h"

#include <cmath>
#include <stdexcept>

namespace mtw::core {

Sgd::Sgd(SgdOptions options)
    : m_options(options)
{
}

void Sgd::step(Vector& theta, const Vector& direction, double learningRate)
{
    const Scalar lr = static_cast<Scalar>(learningRate);
    Vector gradient = direction;
    if (m_options.weightDecay != 0)
        gradient += static_cast<Scalar>(m_options.weightDecay) * theta;
    if (m_options.momentum != 0) {
        const Scalar mu = static_cast<Scalar>(m_options.momentum);
        if (m_steps == 0 || m_buffer.size() != theta.size())
            m_buffer = gradient;
        else
            m_buffer = mu * m_buffer + static_cast<Scalar>(1 - m_options.dampening) * gradient;
        if (m_options.nesterov)
            gradient += mu * m_buffer;
        else
            gradient = m_buffer;
    }
    theta -= lr * gradient;
    ++m_steps;
}

void Sgd::setState(const std::vector<Vector>& state)
{
    if (state.size() != 1)
        throw std::invalid_argument("SGD state has one vector");
    m_buffer = state[0];
}

Adam::Adam(AdamOptions options)
    : m_options(options)
{
}

void Adam::step(Vector& theta, const Vector& direction, double learningRate)
{
    if (m_first.size() != theta.size()) {
        m_first = Vector::Zero(theta.size());
        m_second = Vector::Zero(theta.size());
    }
    ++m_steps;
    if (m_options.decoupled && m_options.weightDecay != 0)
        theta *= static_cast<Scalar>(1 - learningRate * m_options.weightDecay);
    const Scalar beta1 = static_cast<Scalar>(m_options.beta1);
    const Scalar beta2 = static_cast<Scalar>(m_options.beta2);
    const double correction1 = 1 - std::pow(m_options.beta1, static_cast<double>(m_steps));
    const double correction2 = 1 - std::pow(m_options.beta2, static_cast<double>(m_steps));
    // PyTorch's formulation: step = lr / c1; denom = sqrt(v) / sqrt(c2) + eps.
    const Scalar stepSize = static_cast<Scalar>(learningRate / correction1);
    const Scalar sqrtCorrection2 = static_cast<Scalar>(std::sqrt(correction2));
    const Scalar epsilon = static_cast<Scalar>(m_options.epsilon);
    const Scalar decay = static_cast<Scalar>(m_options.decoupled ? 0.0 : m_options.weightDecay);
    for (Index i = 0; i < theta.size(); ++i) {
        const Scalar g = direction(i) + decay * theta(i);
        m_first(i) = beta1 * m_first(i) + (1 - beta1) * g;
        m_second(i) = beta2 * m_second(i) + (1 - beta2) * g * g;
        theta(i) -= stepSize * m_first(i) / (std::sqrt(m_second(i)) / sqrtCorrection2 + epsilon);
    }
}

void Adam::setState(const std::vector<Vector>& state)
{
    if (state.size() != 2)
        throw std::invalid_argument("Adam state has two vectors");
    m_first = state[0];
    m_second = state[1];
}

} // namespace mtw::core
