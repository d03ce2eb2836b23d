#include "mtl/smooth_tchebycheff.h"

#include "mtl/method_state_io.h"

#include <string>

namespace mtw::mtl {

namespace {
constexpr double kLogEpsilon = 1e-20; // the official code's log(x + 1e-20)
} // namespace

SmoothTchebycheff::SmoothTchebycheff(int tasks, double mu, int warmupEpochs)
    : m_mu(mu)
    , m_warmupEpochs(warmupEpochs)
    , m_nadirSum(VectorXd::Zero(tasks))
    , m_nadir(VectorXd::Ones(tasks))
{
}

void SmoothTchebycheff::compute(const MethodInput& input, MethodOutput& output)
{
    const VectorXd& losses = input.losses;
    if (input.epoch <= m_warmupEpochs) {
        if (input.epoch == m_warmupEpochs) {
            m_nadirSum += losses;
            ++m_nadirCount;
        }
        output.weights = (losses.array() + kLogEpsilon).inverse().matrix();
        return;
    }
    if (!m_nadirFixed) {
        m_nadir = m_nadirCount > 0 ? VectorXd(m_nadirSum / static_cast<double>(m_nadirCount)) : losses;
        m_nadirFixed = true;
    }
    const Eigen::Index tasks = losses.size();
    VectorXd scaled = ((losses.cwiseQuotient(m_nadir).array() + kLogEpsilon).log() / m_mu).matrix();
    scaled.array() -= scaled.maxCoeff(); // the official code's max shift, for overflow safety
    VectorXd softmax = scaled.array().exp().matrix();
    softmax /= softmax.sum();
    output.weights
        = (static_cast<double>(tasks) * softmax.array() / (losses.array() + kLogEpsilon * m_nadir.array())).matrix();
    for (Eigen::Index t = 0; t < tasks; ++t)
        output.extras["nadir_" + std::to_string(t)] = m_nadir(t);
}

MethodState SmoothTchebycheff::state() const
{
    MethodState state;
    putVector(state, "nadir_sum", m_nadirSum);
    putScalar(state, "nadir_count", static_cast<double>(m_nadirCount));
    putVector(state, "nadir", m_nadir);
    putScalar(state, "nadir_fixed", m_nadirFixed ? 1.0 : 0.0);
    return state;
}

void SmoothTchebycheff::setState(const MethodState& state)
{
    const Eigen::Index tasks = m_nadir.size();
    VectorXd nadirSum = takeVector(state, "nadir_sum", tasks);
    const double nadirCount = takeScalar(state, "nadir_count");
    VectorXd nadir = takeVector(state, "nadir", tasks);
    const double nadirFixed = takeScalar(state, "nadir_fixed");
    m_nadirSum = std::move(nadirSum);
    m_nadirCount = static_cast<long long>(nadirCount);
    m_nadir = std::move(nadir);
    m_nadirFixed = nadirFixed != 0.0;
}

} // namespace mtw::mtl
