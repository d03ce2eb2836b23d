#include "mtl/famo.h"

#include "mtl/method_state_io.h"

#include <string>

namespace mtw::mtl {

namespace {

VectorXd softmax(const VectorXd& x)
{
    VectorXd e = (x.array() - x.maxCoeff()).exp().matrix();
    return e / e.sum();
}

} // namespace

Famo::Famo(int tasks, double learningRate, double weightDecay, double epsilon)
    : m_epsilon(epsilon)
    , m_logits(VectorXd::Zero(tasks))
    , m_previousLosses(VectorXd::Zero(tasks))
    , m_adam(ParameterAdamOptions { learningRate, 0.9, 0.999, 1e-8, weightDecay })
{
}

void Famo::compute(const MethodInput& input, MethodOutput& output)
{
    const VectorXd shifted = (input.losses.array() + m_epsilon).matrix();
    if (m_hasPrevious) {
        const VectorXd delta = ((m_previousLosses.array() + m_epsilon).log() - shifted.array().log()).matrix();
        const VectorXd z = softmax(m_logits);
        const VectorXd gradient = z.cwiseProduct((delta.array() - z.dot(delta)).matrix());
        m_adam.step(m_logits, gradient);
    }
    const VectorXd z = softmax(m_logits);
    const VectorXd scaled = z.cwiseQuotient(shifted);
    output.weights = scaled / scaled.sum();
    for (Eigen::Index t = 0; t < z.size(); ++t)
        output.extras["z_" + std::to_string(t)] = z(t);
    m_previousLosses = input.losses;
    m_hasPrevious = true;
}

MethodState Famo::state() const
{
    MethodState state;
    putVector(state, "logits", m_logits);
    putVector(state, "previous_losses", m_previousLosses);
    putScalar(state, "has_previous", m_hasPrevious ? 1.0 : 0.0);
    m_adam.saveState(state, "");
    return state;
}

void Famo::setState(const MethodState& state)
{
    const Eigen::Index tasks = m_logits.size();
    VectorXd logits = takeVector(state, "logits", tasks);
    VectorXd previousLosses = takeVector(state, "previous_losses", tasks);
    const double hasPrevious = takeScalar(state, "has_previous");
    m_adam.loadState(state, "", tasks);
    m_logits = std::move(logits);
    m_previousLosses = std::move(previousLosses);
    m_hasPrevious = hasPrevious != 0.0;
}

} // namespace mtw::mtl
