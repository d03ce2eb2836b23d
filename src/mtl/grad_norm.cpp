#include "mtl/grad_norm.h"

#include "mtl/method_state_io.h"

#include <cmath>
#include <string>

namespace mtw::mtl {

namespace {

double sign(double x)
{
    return x > 0.0 ? 1.0 : (x < 0.0 ? -1.0 : 0.0);
}

} // namespace

GradNorm::GradNorm(int tasks, double alpha, double learningRate)
    : m_alpha(alpha)
    , m_weights(VectorXd::Ones(tasks))
    , m_initialLosses(VectorXd::Ones(tasks))
    , m_adam(ParameterAdamOptions { learningRate })
{
}

void GradNorm::compute(const MethodInput& input, MethodOutput& output)
{
    const Eigen::Index tasks = m_weights.size();
    if (!m_started) {
        m_initialLosses = input.losses;
        m_started = true;
    }
    output.weights = m_weights;

    const VectorXd norms = input.gramian.diagonal().cwiseMax(0.0).cwiseSqrt();
    const VectorXd weightedNorms = m_weights.cwiseAbs().cwiseProduct(norms);
    const double meanNorm = weightedNorms.mean();
    VectorXd inverseRate(tasks);
    for (Eigen::Index t = 0; t < tasks; ++t)
        // A zero first loss would make the ratio undefined; treat that task as fully trained.
        inverseRate(t) = m_initialLosses(t) > 0.0 ? input.losses(t) / m_initialLosses(t) : 0.0;
    const double meanRate = inverseRate.mean();
    VectorXd gradient(tasks);
    for (Eigen::Index t = 0; t < tasks; ++t) {
        const double relative = meanRate > 0.0 ? inverseRate(t) / meanRate : 1.0;
        const double target = meanNorm * std::pow(relative, m_alpha);
        gradient(t) = sign(weightedNorms(t) - target) * sign(m_weights(t)) * norms(t);
        output.extras["relative_inverse_rate_" + std::to_string(t)] = relative;
    }
    m_adam.step(m_weights, gradient);
    const double total = m_weights.sum();
    // Renormalise to sum T (Alg. 1). A non-positive sum (weights driven through zero by a huge lr)
    // cannot be rescaled to T; the weights are then left as Adam made them.
    if (total > 0.0 && std::isfinite(total))
        m_weights *= static_cast<double>(tasks) / total;
}

MethodState GradNorm::state() const
{
    MethodState state;
    putVector(state, "weights", m_weights);
    putVector(state, "initial_losses", m_initialLosses);
    putScalar(state, "started", m_started ? 1.0 : 0.0);
    m_adam.saveState(state, "");
    return state;
}

void GradNorm::setState(const MethodState& state)
{
    const Eigen::Index tasks = m_weights.size();
    VectorXd weights = takeVector(state, "weights", tasks);
    VectorXd initialLosses = takeVector(state, "initial_losses", tasks);
    const double started = takeScalar(state, "started");
    m_adam.loadState(state, "", tasks);
    m_weights = std::move(weights);
    m_initialLosses = std::move(initialLosses);
    m_started = started != 0.0;
}

} // namespace mtw::mtl
