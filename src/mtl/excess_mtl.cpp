#include "mtl/excess_mtl.h"

#include "mtl/method_state_io.h"

#include "mtl/jacobian_runs.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace mtw::mtl {

namespace {
constexpr double kAdagradEpsilon = 1e-7; // the reference code's sqrt(A + 1e-7)
} // namespace

ExcessMtl::ExcessMtl(int tasks, double robustStepSize, bool diagonal)
    : m_stepSize(robustStepSize)
    , m_diagonal(diagonal)
    , m_weights(VectorXd::Ones(tasks))
    , m_initialRisk(VectorXd::Zero(tasks))
{
}

VectorXd ExcessMtl::excessRisks(const MethodInput& input)
{
    const Eigen::Index tasks = m_weights.size();
    VectorXd risks(tasks);
    if (!m_diagonal) {
        if (m_squaredSums.size() == 0)
            m_squaredSums = MatrixXd::Zero(tasks, 1);
        for (Eigen::Index t = 0; t < tasks; ++t) {
            const double squaredNorm = std::max(input.gramian(t, t), 0.0);
            m_squaredSums(t, 0) += squaredNorm;
            risks(t) = squaredNorm / std::sqrt(m_squaredSums(t, 0) + kAdagradEpsilon);
        }
        return risks;
    }
    if (!input.jacobian)
        throw std::invalid_argument("excess_mtl with the diagonal preconditioner needs the Jacobian");
    const Matrix& J = *input.jacobian;
    if (m_squaredSums.rows() != J.rows() || m_squaredSums.cols() != J.cols())
        m_squaredSums = MatrixXd::Zero(J.rows(), J.cols());
    // risk_t = sum_p g_tp^2 / sqrt(A_tp + eps) after A_tp += g_tp^2, in flat runs along J and A
    // (jacobian_runs.h).
    return sumPerTask(tasks, J.cols(), [&](Eigen::Index offset, Eigen::Index length, double* out) {
        Eigen::Map<Eigen::ArrayXd> risk(out, length);
        auto sums = runOf(m_squaredSums, offset, length);
        risk = runOf(J, offset, length).cast<double>().square();
        sums += risk;
        risk /= (sums + kAdagradEpsilon).sqrt();
    });
}

void ExcessMtl::compute(const MethodInput& input, MethodOutput& output)
{
    const VectorXd risks = excessRisks(input);
    const Eigen::Index tasks = m_weights.size();
    if (!m_started) {
        m_initialRisk = risks;
        m_started = true;
    } else {
        for (Eigen::Index t = 0; t < tasks; ++t) {
            const double ratio = m_initialRisk(t) > 0.0 ? risks(t) / m_initialRisk(t) : 0.0;
            m_weights(t) *= std::exp(m_stepSize * ratio);
        }
        m_weights *= static_cast<double>(tasks) / m_weights.sum();
    }
    output.weights = m_weights;
    for (Eigen::Index t = 0; t < tasks; ++t)
        output.extras["excess_risk_" + std::to_string(t)] = risks(t);
}

MethodState ExcessMtl::state() const
{
    MethodState state;
    putVector(state, "weights", m_weights);
    putVector(state, "initial_risk", m_initialRisk);
    putScalar(state, "started", m_started ? 1.0 : 0.0);
    putScalar(state, "accumulator_columns", static_cast<double>(m_squaredSums.cols()));
    for (Eigen::Index t = 0; t < m_squaredSums.rows(); ++t)
        putVector(state, "squared_sum_" + std::to_string(t), m_squaredSums.row(t).transpose());
    return state;
}

void ExcessMtl::setState(const MethodState& state)
{
    const Eigen::Index tasks = m_weights.size();
    VectorXd weights = takeVector(state, "weights", tasks);
    VectorXd initialRisk = takeVector(state, "initial_risk", tasks);
    const double started = takeScalar(state, "started");
    // The accumulators are sized by the first step's Jacobian: none before it.
    const Eigen::Index columns = takeSize(state, "accumulator_columns");
    MatrixXd squaredSums(columns == 0 ? 0 : tasks, columns);
    for (Eigen::Index t = 0; t < squaredSums.rows(); ++t)
        squaredSums.row(t) = takeVector(state, "squared_sum_" + std::to_string(t), columns).transpose();
    m_weights = std::move(weights);
    m_initialRisk = std::move(initialRisk);
    m_started = started != 0.0;
    m_squaredSums = std::move(squaredSums);
}

} // namespace mtw::mtl
