#include "mtl/moco.h"

#include "mtl/method_state_io.h"
#include "mtl/solvers/simplex_projection.h"

#include <cmath>
#include <stdexcept>
#include <utility>

namespace mtw::mtl {

Moco::Moco(const Options& options, int taskCount)
    : m_options(options)
    , m_lambda(VectorXd::Constant(taskCount, 1.0 / taskCount))
{
}

void Moco::compute(const MethodInput& input, MethodOutput& output)
{
    if (!input.jacobian)
        throw std::invalid_argument("MoCo needs the Jacobian");
    const Matrix& J = *input.jacobian;
    const Eigen::Index tasks = J.rows();
    if (m_y.rows() != tasks || m_y.cols() != J.cols()) {
        m_y = MatrixXd::Zero(tasks, J.cols());
        m_lambda = VectorXd::Constant(tasks, 1.0 / static_cast<double>(tasks));
        m_step = 0;
    }
    ++m_step;
    const double k = static_cast<double>(m_step);
    const double betaStep = m_options.beta / std::pow(k, m_options.betaSigma);
    const double gammaStep = m_options.gamma / std::pow(k, m_options.gammaSigma);

    for (Eigen::Index t = 0; t < tasks; ++t) {
        const Eigen::VectorXd g = J.row(t).transpose().cast<double>();
        const double scale = m_options.normalizeGradients ? input.losses(t) / (g.norm() + 1e-8) : 1.0;
        m_y.row(t) -= betaStep * (m_y.row(t) - scale * g.transpose());
    }
    MatrixXd YYt = m_y * m_y.transpose();
    YYt.diagonal().array() += m_options.rho;
    const VectorXd moved = m_lambda - gammaStep * (YYt * m_lambda);
    if (m_options.projectLambda) {
        m_lambda = solvers::projectOntoSimplex(moved);
    } else {
        const VectorXd e = (moved.array() - moved.maxCoeff()).exp();
        m_lambda = e / e.sum();
    }

    output.weights = m_lambda;
    output.direction = (m_y.transpose() * m_lambda).cast<core::Scalar>();
    output.hasDirection = true;
}

MethodState Moco::state() const
{
    MethodState state;
    putScalar(state, "step", static_cast<double>(m_step));
    state["shape"] = { static_cast<double>(m_y.rows()), static_cast<double>(m_y.cols()) };
    putMatrix(state, "y", m_y);
    putVector(state, "lambda", m_lambda);
    return state;
}

void Moco::setState(const MethodState& state)
{
    const Eigen::Index tasks = m_lambda.size();
    const std::vector<double>& shape = stateEntry(state, "shape", 2);
    // Y is empty before the first step and T x P after it.
    if (!((shape[0] == 0.0 && shape[1] == 0.0) || (shape[0] == static_cast<double>(tasks) && shape[1] >= 0.0)))
        throw std::invalid_argument("method state 'shape' is not [0, 0] or [" + std::to_string(tasks) + ", P]");
    const auto step = static_cast<long long>(takeScalar(state, "step"));
    MatrixXd y = takeMatrix(state, "y", static_cast<Eigen::Index>(shape[0]), static_cast<Eigen::Index>(shape[1]));
    VectorXd lambda = takeVector(state, "lambda", tasks);
    m_step = step;
    m_y = std::move(y);
    m_lambda = std::move(lambda);
}

} // namespace mtw::mtl
