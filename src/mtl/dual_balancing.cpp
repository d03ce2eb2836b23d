#include "mtl/dual_balancing.h"

#include "mtl/method_state_io.h"

#include "core/fixed_groups.h"
#include "mtl/jacobian_runs.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace mtw::mtl {

namespace {
constexpr double kLogEpsilon = 1e-8; // LibMTL: log(L + 1e-8) and |b| + 1e-8
} // namespace

DualBalancing::DualBalancing(int tasks, double beta, double betaSigma)
    : m_tasks(tasks)
    , m_beta(beta)
    , m_betaSigma(betaSigma)
{
}

void DualBalancing::compute(const MethodInput& input, MethodOutput& output)
{
    if (!input.jacobian)
        throw std::invalid_argument("db_mtl needs the Jacobian");
    const Matrix& J = *input.jacobian;
    if (m_average.rows() != J.rows() || m_average.cols() != J.cols())
        m_average = Matrix::Zero(J.rows(), J.cols());
    ++m_steps;
    const double factor = m_beta / std::pow(static_cast<double>(m_steps), m_betaSigma);
    const VectorXd lossScale = (input.losses.array() + kLogEpsilon).inverse().matrix();
    const Eigen::Index tasks = J.rows();
    // b = h + factor (b - h) = factor b + (1 - factor) h, with h = g_t / (L_t + eps), in flat runs
    // along J and the averages (jacobian_runs.h), with the squares of the new averages summed per task.
    const Eigen::ArrayXf scale = tiledOverRun<core::Scalar>((1.0 - factor) * lossScale);
    const auto keep = static_cast<core::Scalar>(factor);
    const VectorXd squares = sumPerTask(tasks, J.cols(), [&](Eigen::Index offset, Eigen::Index length, double* out) {
        auto average = runOf(m_average, offset, length);
        average = keep * average + scale.head(length) * runOf(J, offset, length);
        Eigen::Map<Eigen::ArrayXd>(out, length) = average.cast<double>().square();
    });
    const VectorXd norms = squares.cwiseSqrt();
    const double largest = norms.maxCoeff();
    Vector alpha(tasks);
    for (Eigen::Index t = 0; t < tasks; ++t) {
        const double weight = largest / (norms(t) + kLogEpsilon);
        alpha(t) = static_cast<core::Scalar>(weight);
        output.extras["alpha_" + std::to_string(t)] = weight;
    }
    output.direction.resize(J.cols());
    core::forFixedGroups(J.cols(), jacobianColumnGroup, [&](Eigen::Index, Eigen::Index begin, Eigen::Index end) {
        output.direction.segment(begin, end - begin).noalias()
            = m_average.middleCols(begin, end - begin).transpose() * alpha;
    });
    output.hasDirection = true;
    output.weights = lossScale;
}

MethodState DualBalancing::state() const
{
    MethodState state;
    putScalar(state, "steps", static_cast<double>(m_steps));
    putScalar(state, "parameters", static_cast<double>(m_average.cols()));
    for (Eigen::Index t = 0; t < m_average.rows(); ++t)
        putVector(state, "average_" + std::to_string(t), m_average.row(t).transpose().cast<double>());
    return state;
}

void DualBalancing::setState(const MethodState& state)
{
    const auto steps = static_cast<long long>(takeScalar(state, "steps"));
    // The averages are sized by the first step's Jacobian: none before it.
    const Eigen::Index parameters = takeSize(state, "parameters");
    core::Matrix average(parameters == 0 ? 0 : m_tasks, parameters);
    for (Eigen::Index t = 0; t < average.rows(); ++t)
        average.row(t) = takeVector(state, "average_" + std::to_string(t), parameters).cast<core::Scalar>().transpose();
    m_steps = steps;
    m_average = std::move(average);
}

} // namespace mtw::mtl
