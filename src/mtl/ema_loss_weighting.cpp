#include "mtl/ema_loss_weighting.h"

#include "mtl/method_state_io.h"

#include <string>

namespace mtw::mtl {

namespace {
// Floor on the average so that a task whose loss reached exactly zero gets a large, finite weight.
constexpr double kMinimumAverage = 1e-12;
} // namespace

EmaLossWeighting::EmaLossWeighting(int tasks, double beta, bool normalizeToTaskCount)
    : m_beta(beta)
    , m_normalize(normalizeToTaskCount)
    , m_average(VectorXd::Zero(tasks))
{
}

void EmaLossWeighting::compute(const MethodInput& input, MethodOutput& output)
{
    if (!m_started) {
        m_average = input.losses;
        m_started = true;
    } else {
        m_average = m_beta * m_average + (1.0 - m_beta) * input.losses;
    }
    output.weights = m_average.cwiseMax(kMinimumAverage).cwiseInverse();
    if (m_normalize)
        output.weights *= static_cast<double>(output.weights.size()) / output.weights.sum();
    for (Eigen::Index t = 0; t < m_average.size(); ++t)
        output.extras["loss_average_" + std::to_string(t)] = m_average(t);
}

MethodState EmaLossWeighting::state() const
{
    MethodState state;
    putVector(state, "loss_average", m_average);
    putScalar(state, "started", m_started ? 1.0 : 0.0);
    return state;
}

void EmaLossWeighting::setState(const MethodState& state)
{
    VectorXd average = takeVector(state, "loss_average", m_average.size());
    m_started = takeScalar(state, "started") != 0.0;
    m_average = std::move(average);
}

} // namespace mtw::mtl
