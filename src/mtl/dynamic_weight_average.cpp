#include "mtl/dynamic_weight_average.h"

#include "mtl/method_state_io.h"

#include <string>

namespace mtw::mtl {

DynamicWeightAverage::DynamicWeightAverage(int tasks, double temperature)
    : m_temperature(temperature)
    , m_sum(VectorXd::Zero(tasks))
    , m_lastMean(VectorXd::Zero(tasks))
    , m_previousMean(VectorXd::Zero(tasks))
{
}

void DynamicWeightAverage::closeEpoch()
{
    if (m_count > 0) {
        m_previousMean = m_lastMean;
        m_previousEpoch = m_lastEpoch;
        m_lastMean = m_sum / static_cast<double>(m_count);
        m_lastEpoch = m_epoch;
    }
    m_sum.setZero();
    m_count = 0;
}

void DynamicWeightAverage::compute(const MethodInput& input, MethodOutput& output)
{
    const Eigen::Index tasks = input.losses.size();
    if (input.epoch != m_epoch) {
        closeEpoch();
        m_epoch = input.epoch;
    }
    if (input.epoch >= 2 && m_lastEpoch == input.epoch - 1 && m_previousEpoch == input.epoch - 2) {
        const VectorXd ratio = m_lastMean.cwiseQuotient(m_previousMean);
        VectorXd scaled = ratio / m_temperature;
        scaled.array() -= scaled.maxCoeff(); // softmax is shift-invariant; this avoids overflow
        const VectorXd e = scaled.array().exp().matrix();
        output.weights = (static_cast<double>(tasks) / e.sum()) * e;
        for (Eigen::Index t = 0; t < tasks; ++t)
            output.extras["descent_rate_" + std::to_string(t)] = ratio(t);
    } else {
        output.weights = VectorXd::Ones(tasks);
    }
    m_sum += input.losses;
    ++m_count;
}

MethodState DynamicWeightAverage::state() const
{
    MethodState state;
    putScalar(state, "epoch", m_epoch);
    putVector(state, "epoch_loss_sum", m_sum);
    putScalar(state, "epoch_step_count", static_cast<double>(m_count));
    putVector(state, "last_epoch_mean", m_lastMean);
    putScalar(state, "last_epoch", m_lastEpoch);
    putVector(state, "previous_epoch_mean", m_previousMean);
    putScalar(state, "previous_epoch", m_previousEpoch);
    return state;
}

void DynamicWeightAverage::setState(const MethodState& state)
{
    const Eigen::Index tasks = m_sum.size();
    const double epoch = takeScalar(state, "epoch");
    VectorXd sum = takeVector(state, "epoch_loss_sum", tasks);
    const double count = takeScalar(state, "epoch_step_count");
    VectorXd lastMean = takeVector(state, "last_epoch_mean", tasks);
    const double lastEpoch = takeScalar(state, "last_epoch");
    VectorXd previousMean = takeVector(state, "previous_epoch_mean", tasks);
    const double previousEpoch = takeScalar(state, "previous_epoch");
    m_epoch = static_cast<int>(epoch);
    m_sum = std::move(sum);
    m_count = static_cast<long long>(count);
    m_lastMean = std::move(lastMean);
    m_lastEpoch = static_cast<int>(lastEpoch);
    m_previousMean = std::move(previousMean);
    m_previousEpoch = static_cast<int>(previousEpoch);
}

} // namespace mtw::mtl
